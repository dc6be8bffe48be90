// Figure 4: search with facets over the whole catalogue (GET /datasets), one request at a time through a
// mix of full-text queries, filters and their combinations, every one asking for all five facets.
// Baseline: a bare route running the same full-text match with a count, without facets.
import type { BenchContext, Scenario } from '../lib/context.js'
import { latencyFigures, type ScenarioResult } from '../lib/figures.js'
import { latencyRun, timedGet } from '../lib/http.js'
import { cycle } from '../lib/sampling.js'
import { startBare, startBastille } from '../lib/servers.js'
import { percentile } from '../lib/stats.js'

const FACETS = 'facets=publisher,theme,keyword,licence,format'

/** [query string of GET /datasets, the full text the baseline matches]. */
const MIX: ReadonlyArray<readonly [string, string]> = [
  ['q=mobilit%C3%A9', 'mobilité'],
  ['q=velos%20en%20libre-service', 'velos en libre-service'],
  ['q=qualit%C3%A9%20de%20l%27air', 'qualité de l\'air'],
  ['q=budget%20primitif', 'budget primitif'],
  ['q=arbres%20alignement&theme=ENVI', 'arbres alignement'],
  ['q=stationement', 'stationement'],
  ['q=horaires%20transports&publisher=sytral-mobilites', 'horaires transports'],
  ['theme=TRAN', ''],
  ['publisher=metropole-de-lyon&licence=lov2', ''],
  ['keyword=v%C3%A9lo', ''],
  ['format=CSV&theme=GOVE', ''],
  ['q=%C3%A9coles&format=GEOJSON', 'écoles'],
  ['', '']
]

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'search', title: scenario.title, status: 'ok', figures: [] }
  const [bastille, bare] = await Promise.all([startBastille(context), startBare(context)])
  try {
    const urls = MIX.map(([query]) => `${bastille.url}/datasets?${query}${query === '' ? '' : '&'}${FACETS}`)
    for (const url of urls) {
      const status = (await timedGet(url)).status
      if (status !== 200) return { ...result, status: 'not available', note: `${url.slice(bastille.url.length)} answered ${status}` }
    }
    const nextSubject = cycle(urls)
    const nextBaseline = cycle(MIX.map(([, q]) => `${bare.url}/search?q=${encodeURIComponent(q)}`))
    const subject: number[][] = []
    const baseline: number[][] = []
    for (let r = 0; r < context.rounds; r++) {
      baseline.push((await latencyRun(nextBaseline, context.duration * 1000)).latencies)
      const run = await latencyRun(nextSubject, context.duration * 1000)
      if (run.errors > 0) throw new Error(`${run.errors} searches failed`)
      subject.push(run.latencies)
      context.log(`  round ${r + 1}: p95 bare ${percentile(baseline.at(-1)!, 95).toFixed(1)} ms, Bastille ${percentile(subject.at(-1)!, 95).toFixed(1)} ms (${run.latencies.length} searches)`)
    }
    result.figures.push(...latencyFigures('search with 5 facets', subject, baseline))
    return result
  } finally {
    await Promise.all([bastille.stop(), bare.stop()])
  }
}

export const scenario: Scenario = { name: 'search', title: 'Search with facets', run }
