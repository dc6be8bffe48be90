// Runs hostile requests generated from the contract against the whole app (issue 12): a sweep of every
// operation × caller, then a fast-check property over random operations. Asserts no 5xx, every error a
// well-formed problem, refused writes changing nothing, and storage holding exactly the files rows name.
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { MULTIPART, multipart, seed, storageDir, storedFiles } from '../files/helpers.js'
import { operationsOf, requestFor, type Callers, type HostileRequest, type Pools } from './arbitraries.js'
import { answerOf, ckanFault, isCkanApi, problemFault, snapshot } from './support.js'

export interface FuzzOptions {
  /** Requests per operation and caller in the sweep. */
  sweep: number
  /** Runs of the random property. */
  runs: number
  seed: number
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function describe (req: HostileRequest): string {
  const payload = req.payload === undefined ? '' : ` ${String(req.payload).slice(0, 300)}${String(req.payload).length > 300 ? '…' : ''}`
  return `${req.method} ${req.url.slice(0, 300)} ${JSON.stringify(req.headers)}${payload}`
}

async function setUp (t: Test): Promise<{ app: FastifyInstance, dir: string, pools: Pools, callers: Callers }> {
  const dir = await storageDir(t)
  // Garbage tokens would otherwise trip the failure limiter and turn every later request into a 429.
  const app = await buildTestApp(t, { storageDir: dir, authFailuresPerMinute: 10_000_000 })
  const s = await seed(app)
  const upload = await app.inject({
    method: 'POST',
    url: '/datasets/city-data/distributions',
    headers: { ...ADMIN, 'content-type': MULTIPART },
    payload: multipart(['title', 'Fichier'], { filename: 'a.csv', content: 'a,b\n1,2\n' })
  })
  if (upload.statusCode !== 201) throw new Error(upload.body)
  // The publishers the contract's examples name, so that example bodies are accepted.
  await app.db.insertInto('publishers').values(['metropole', 'lugdunum', 'tisseo', 'sytral']
    .map(id => ({ id, name: `Publisher ${id}`, type: 'LocalAuthority' }))).execute()
  const pools: Pools = {
    datasets: [s.city.datasetId, s.cityDraft.datasetId, s.cityDeleted.datasetId, 'city-data', 'city-draft', 'city-deleted', 'arrets-de-bus', 'new-dataset'],
    distributions: [s.city.distributionId, s.cityDraft.distributionId, s.cityDeleted.distributionId, upload.json().id, '00000000-0000-4000-8000-000000000000'],
    publishers: ['city', 'transport', 'metropole', 'lugdunum', 'new-publisher'],
    licences: ['etalab-2.0', 'odbl-1.0', 'cc-by-4.0', 'new-licence'],
    tokens: ['00000000-0000-4000-8000-000000000000'],
    words: ['data-theme', 'file-type', 'frequency', 'CSV', 'TRAN', 'LocalAuthority']
  }
  const callers: Callers = {
    all: [{}, s.cityEditor, s.transportEditor, ADMIN, { authorization: 'Bearer bst_not_a_token' }, { authorization: 'Basic eDp5' }],
    writers: [s.cityEditor, ADMIN]
  }
  return { app, dir, pools, callers }
}

/** Fails the test with each fault found; returns the figures for the report. */
export async function fuzzContract (t: Test, options: FuzzOptions): Promise<{ requests: number, accepted: number, faults: string[] }> {
  const { app, dir, pools, callers } = await setUp(t)
  const spec = app.swagger() as { paths: Record<string, Record<string, any>>, components: { schemas: Record<string, any> } }
  const operations = operationsOf(spec)
  const components = spec.components.schemas
  let current = await snapshot(app)
  const figures = { requests: 0, accepted: 0, faults: [] as string[] }

  /** Throws (for fast-check to shrink) when the answer or the data shows a fault. */
  async function check (req: HostileRequest): Promise<void> {
    const res = await app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.payload === undefined ? {} : { payload: req.payload }) })
    figures.requests++
    const answer = answerOf(res)
    const fault = req.method === 'HEAD'
      ? (res.statusCode >= 500 ? `status ${res.statusCode}` : undefined)
      // Framework errors (bad URL, over-long path, bad token) come before the CKAN layer and stay problems.
      : isCkanApi(req.url) ? ckanFault(answer) && problemFault(answer) : problemFault(answer)
    if (fault !== undefined) throw new Error(`${fault} for ${describe(req)}\n→ ${res.body.slice(0, 300)}`)
    if (!WRITES.has(req.method)) return
    const after = await snapshot(app)
    if (res.statusCode < 300) {
      figures.accepted++
      current = after
    } else if (after !== current) {
      throw new Error(`refused write (${res.statusCode}) changed the data: ${describe(req)}`)
    }
  }

  const record = (err: unknown): void => { figures.faults.push((err as Error).message) }
  const requests = operations.map(op => requestFor(op, components, pools, callers))
  for (const arbitrary of requests) {
    for (const req of fc.sample(arbitrary, { numRuns: options.sweep, seed: options.seed })) await check(req).catch(record)
  }
  const anyRequest = fc.oneof(...requests)
  await fc.assert(fc.asyncProperty(anyRequest, check), { numRuns: options.runs, seed: options.seed, endOnFailure: true })
    .catch(record)

  const rows = await app.db.selectFrom('distributions').select('file_key').where('file_key', 'is not', null).execute()
  const expected = rows.map(row => `objects/${row.file_key!.slice(0, 2)}/${row.file_key}`).sort()
  t.same(await storedFiles(dir), expected, 'storage holds exactly the files the rows name, and no temporary')
  t.same(figures.faults, [], `${figures.requests} requests to ${operations.length} operations, ${figures.accepted} writes accepted`)
  return figures
}
