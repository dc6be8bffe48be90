// The CKAN layer (issue 13) against Bastille's own REST equivalents, in the same server and run:
// package_search with five facets against GET /datasets with five facets (latency, one request at a
// time, the same mix of queries in each dialect), and package_show against GET /datasets/{id}
// (throughput, autocannon). Target: the CKAN side no more than 1.5× slower.
import autocannon from 'autocannon'
import type { BenchContext, Scenario } from '../lib/context.js'
import { figure, type ScenarioResult, type Target } from '../lib/figures.js'
import { latencyRun, timedGet } from '../lib/http.js'
import { cycle } from '../lib/sampling.js'
import { startBastille } from '../lib/servers.js'
import { percentile } from '../lib/stats.js'

const SLOWER_AT_MOST = 1.5
const atMostRatio = (max: number): Target => ({ text: `≤ ${max}×`, check: f => (f.ratio ?? Infinity) <= max })
const atLeastRatio = (min: number): Target => ({ text: `≥ ${min}×`, check: f => (f.ratio ?? 0) >= min })

const REST_FACETS = 'facets=publisher,theme,keyword,licence,format'
const CKAN_FACETS = `facet.field=${encodeURIComponent('["organization","groups","tags","license_id","res_format"]')}`

/** [GET /datasets query, the same search as package_search parameters]; 20 results each. */
const MIX: ReadonlyArray<readonly [string, string]> = [
  ['q=mobilit%C3%A9', 'q=mobilit%C3%A9'],
  ['q=velos%20en%20libre-service', 'q=velos%20en%20libre-service'],
  ['q=budget%20primitif', 'q=budget%20primitif'],
  ['q=arbres%20alignement&theme=ENVI', 'q=arbres%20alignement&fq=groups:envi'],
  ['q=horaires%20transports&publisher=sytral-mobilites', 'q=horaires%20transports&fq=organization:sytral-mobilites'],
  ['theme=TRAN', 'fq=groups:tran'],
  ['publisher=metropole-de-lyon&licence=etalab-2.0', `fq=${encodeURIComponent('organization:metropole-de-lyon license_id:lov2')}`],
  ['keyword=v%C3%A9lo', `fq=${encodeURIComponent('tags:vélo')}`],
  ['format=CSV&theme=GOVE', `fq=${encodeURIComponent('res_format:CSV groups:gove')}`],
  ['q=%C3%A9coles&format=GEOJSON', 'q=%C3%A9coles&fq=res_format:GEOJSON'],
  ['', '']
]
const CONNECTIONS = 10

async function throughput (baseUrl: string, paths: readonly string[], seconds: number): Promise<number> {
  let i = 0
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: request => ({ ...request, path: paths[i++ % paths.length]! }) }]
  })
  const failed = result.non2xx + result.errors
  if (failed > result.requests.total / 100) throw new Error(`${failed} failed requests of ${result.requests.total} on ${baseUrl}`)
  return (result.requests.total - failed) / result.duration
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'ckan', title: scenario.title, status: 'ok', figures: [] }
  const server = await startBastille(context)
  try {
    const rest = MIX.map(([query]) => `${server.url}/datasets?${query}${query === '' ? '' : '&'}${REST_FACETS}`)
    const ckan = MIX.map(([, query]) => `${server.url}/api/3/action/package_search?rows=20&${query}${query === '' ? '' : '&'}${CKAN_FACETS}`)
    for (const url of [...rest, ...ckan]) {
      const status = (await timedGet(url)).status
      if (status !== 200) return { ...result, status: 'not available', note: `${url.slice(server.url.length)} answered ${status}` }
    }
    const nextRest = cycle(rest)
    const nextCkan = cycle(ckan)
    const search: number[][] = []
    const searchBaseline: number[][] = []
    for (let r = 0; r < context.rounds; r++) {
      searchBaseline.push((await latencyRun(nextRest, context.duration * 1000)).latencies)
      const ckanRun = await latencyRun(nextCkan, context.duration * 1000)
      if (ckanRun.errors > 0) throw new Error(`${ckanRun.errors} package_search calls failed`)
      search.push(ckanRun.latencies)
      context.log(`  round ${r + 1}: p95 GET /datasets ${percentile(searchBaseline.at(-1)!, 95).toFixed(1)} ms, package_search ${percentile(search.at(-1)!, 95).toFixed(1)} ms`)
    }
    for (const p of [50, 95]) {
      result.figures.push(figure(`package_search, 5 facets, p${p} (baseline GET /datasets)`, 'ms', search.map(l => percentile(l, p)), {
        better: 'lower', baselineRuns: searchBaseline.map(l => percentile(l, p)), target: atMostRatio(SLOWER_AT_MOST)
      }))
    }

    const ids = context.catalogue.datasetIds.filter((_, i) => i % 7 === 0).slice(0, 2000)
    const restPaths = ids.map(id => `/datasets/${id}`)
    const ckanPaths = ids.map(id => `/api/3/action/package_show?id=${id}`)
    await throughput(server.url, restPaths, 2)
    await throughput(server.url, ckanPaths, 2)
    const show: number[] = []
    const showBaseline: number[] = []
    for (let r = 0; r < context.rounds; r++) {
      showBaseline.push(await throughput(server.url, restPaths, context.duration))
      show.push(await throughput(server.url, ckanPaths, context.duration))
      context.log(`  round ${r + 1}: GET /datasets/{id} ${Math.round(showBaseline.at(-1)!)} req/s, package_show ${Math.round(show.at(-1)!)} req/s`)
    }
    result.figures.push(figure(`package_show, ${CONNECTIONS} connections (baseline GET /datasets/{id})`, 'req/s', show, {
      better: 'higher', baselineRuns: showBaseline, target: atLeastRatio(Math.round(100 / SLOWER_AT_MOST) / 100)
    }))
    return result
  } finally {
    await server.stop()
  }
}

export const scenario: Scenario = { name: 'ckan', title: 'CKAN Action API against the REST API', run }
