// Figure 1: GET /datasets/{id} throughput against a bare Fastify + pg route reading one row by key.
// Same ids, same connections, same duration, runs alternated.
import autocannon from 'autocannon'
import type { BenchContext, Scenario } from '../lib/context.js'
import { atLeastRatio, figure, type ScenarioResult } from '../lib/figures.js'
import { probe } from '../lib/http.js'
import { startBare, startBastille } from '../lib/servers.js'

const CONNECTIONS = 10

/** Successful requests per second over `ids`, taken in turn. */
async function throughput (baseUrl: string, ids: readonly string[], seconds: number): Promise<number> {
  let i = 0
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: request => ({ ...request, path: `/datasets/${ids[i++ % ids.length]}` }) }]
  })
  const failed = result.non2xx + result.errors
  if (failed > result.requests.total / 100) throw new Error(`${failed} failed requests of ${result.requests.total} on ${baseUrl}`)
  return (result.requests.total - failed) / result.duration
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'read-dataset', title: scenario.title, status: 'ok', figures: [] }
  const ids = context.catalogue.datasetIds.filter((_, i) => i % 7 === 0).slice(0, 2000)
  const [bastille, bare] = await Promise.all([startBastille(context), startBare(context)])
  try {
    const status = await probe(`${bastille.url}/datasets/${ids[0]}`)
    if (status !== 200) return { ...result, status: 'not available', note: `GET /datasets/{id} answered ${status}` }
    // Warm-up, not counted: JIT, connection pools, the database's cache.
    await throughput(bare.url, ids, 2)
    await throughput(bastille.url, ids, 2)
    const subject: number[] = []
    const baseline: number[] = []
    for (let r = 0; r < context.rounds; r++) {
      baseline.push(await throughput(bare.url, ids, context.duration))
      subject.push(await throughput(bastille.url, ids, context.duration))
      context.log(`  round ${r + 1}: bare ${Math.round(baseline.at(-1)!)} req/s, Bastille ${Math.round(subject.at(-1)!)} req/s`)
    }
    result.figures.push(figure(`GET /datasets/{id}, ${CONNECTIONS} connections`, 'req/s', subject, { better: 'higher', baselineRuns: baseline, target: atLeastRatio(0.5) }))
    return result
  } finally {
    await Promise.all([bastille.stop(), bare.stop()])
  }
}

export const scenario: Scenario = { name: 'read-dataset', title: 'GET /datasets/{id} throughput', run }
