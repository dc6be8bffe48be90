// Figure 1: GET /datasets/{id} throughput against a bare Fastify + pg route reading one row by key, and a
// feed page (/catalog.ttl, 100 datasets) against the bare keyset route, at 10, 32 and 128 connections,
// with the p99 latency of each run. Same ids, same connections, same duration, runs alternated.
import autocannon from 'autocannon'
import type { BenchContext, Scenario } from '../lib/context.js'
import { atLeastRatio, figure, type ScenarioResult } from '../lib/figures.js'
import { probe } from '../lib/http.js'
import { startBare, startBastille } from '../lib/servers.js'

const CONNECTIONS = [10, 32, 128] as const

interface Run { perSecond: number, p99: number }

/** Successful requests per second over the paths `next` gives, and the p99 latency. */
async function throughput (baseUrl: string, next: () => string, seconds: number, connections: number): Promise<Run> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: request => ({ ...request, path: next() }) }]
  })
  const failed = result.non2xx + result.errors + result.timeouts
  if (failed > result.requests.total / 100) throw new Error(`${failed} failed requests of ${result.requests.total} on ${baseUrl}`)
  return { perSecond: (result.requests.total - failed) / result.duration, p99: result.latency.p99 }
}

function cycling (paths: readonly string[]): () => string {
  let i = 0
  return () => paths[i++ % paths.length]!
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'read-dataset', title: scenario.title, status: 'ok', figures: [] }
  const ids = context.catalogue.datasetIds.filter((_, i) => i % 7 === 0).slice(0, 2000)
  const [bastille, bare] = await Promise.all([startBastille(context), startBare(context)])
  try {
    const status = await probe(`${bastille.url}/datasets/${ids[0]}`)
    if (status !== 200) return { ...result, status: 'not available', note: `GET /datasets/{id} answered ${status}` }
    // Warm-up, not counted: JIT, connection pools, the database's cache.
    const datasetPaths = ids.map(id => `/datasets/${id}`)
    await throughput(bare.url, cycling(datasetPaths), 2, 10)
    await throughput(bastille.url, cycling(datasetPaths), 2, 10)
    // Feed pages at cursors along the catalogue: the bare route's keyset by seq, Bastille's by its cursor.
    const feedPaths = await feedPages(bastille.url, 20)
    const barePaths = Array.from({ length: 20 }, (_, i) => `/page?after=${i * 100}`)
    const cases = [
      { name: 'GET /datasets/{id}', bastille: datasetPaths, bare: datasetPaths, target: atLeastRatio(0.5), targetAbove10: atLeastRatio(0.8) },
      { name: 'feed page /catalog.ttl (100 datasets)', bastille: feedPaths, bare: barePaths, target: undefined, targetAbove10: atLeastRatio(0.8) }
    ]
    for (const connections of CONNECTIONS) {
      for (const c of cases) {
        if (connections === 10 && c.target === undefined) continue
        const subject: Run[] = []
        const baseline: Run[] = []
        for (let r = 0; r < context.rounds; r++) {
          baseline.push(await throughput(bare.url, cycling(c.bare), context.duration, connections))
          subject.push(await throughput(bastille.url, cycling(c.bastille), context.duration, connections))
          context.log(`  ${c.name}, ${connections} connections, round ${r + 1}: bare ${Math.round(baseline.at(-1)!.perSecond)} req/s (p99 ${baseline.at(-1)!.p99} ms), Bastille ${Math.round(subject.at(-1)!.perSecond)} req/s (p99 ${subject.at(-1)!.p99} ms)`)
        }
        const target = connections === 10 ? c.target : c.targetAbove10
        result.figures.push(
          figure(`${c.name}, ${connections} connections`, 'req/s', subject.map(run => run.perSecond), { better: 'higher', baselineRuns: baseline.map(run => run.perSecond), ...(target === undefined ? {} : { target }) }),
          figure(`${c.name}, ${connections} connections, p99`, 'ms', subject.map(run => run.p99), { better: 'lower', baselineRuns: baseline.map(run => run.p99) })
        )
      }
    }
    return result
  } finally {
    await Promise.all([bastille.stop(), bare.stop()])
  }
}

/** Paths of `count` feed pages, found by following hydra:next from the first. */
async function feedPages (baseUrl: string, count: number): Promise<string[]> {
  const paths = ['/catalog.ttl?page_size=100']
  while (paths.length < count) {
    const body = await (await fetch(`${baseUrl}${paths.at(-1)!}`)).text()
    const next = /(?:hydra:next|<http:\/\/www\.w3\.org\/ns\/hydra\/core#next>)\s+<([^>]+)>/.exec(body)?.[1]
    if (next === undefined) break
    const url = new URL(next)
    paths.push(`${url.pathname}${url.search}`)
  }
  return paths
}

export const scenario: Scenario = { name: 'read-dataset', title: 'Throughput under concurrency: GET /datasets/{id} and a feed page', run }
