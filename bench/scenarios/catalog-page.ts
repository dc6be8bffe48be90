// Figure 3: one catalogue page of 100 datasets (/catalog.ttl?page_size=100) at cursors all along the
// catalogue, one request at a time: p50/p95/p99 from the client. Baseline: a bare route reading the same
// 100 rows and their distributions by keyset.
import type { BenchContext, Scenario } from '../lib/context.js'
import { latencyFigures, type ScenarioResult } from '../lib/figures.js'
import { latencyRun, timedGet } from '../lib/http.js'
import { cycle } from '../lib/sampling.js'
import { startBare, startBastille } from '../lib/servers.js'
import { percentile } from '../lib/stats.js'

const NEXT = /(?:hydra:next|<http:\/\/www\.w3\.org\/ns\/hydra\/core#next>)\s+<([^>]+)>/

/** Follows hydra:next from the first page, keeping every page URL, for at most `ms`. */
async function crawl (firstPage: string, ms: number): Promise<{ pages: string[], complete: boolean }> {
  const pages: string[] = []
  const deadline = performance.now() + ms
  let url: string | undefined = firstPage
  while (url !== undefined && performance.now() < deadline) {
    const page = await timedGet(url, true)
    if (page.status !== 200) throw new Error(`${url} answered ${page.status}`)
    pages.push(url)
    // A match is a slice that keeps its whole page alive: a new string (via URL) lets each page go.
    const next = NEXT.exec(page.body ?? '')?.[1]
    url = next === undefined ? undefined : new URL(next).href
  }
  return { pages, complete: url === undefined }
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'catalog-page', title: scenario.title, status: 'ok', figures: [] }
  const [bastille, bare] = await Promise.all([startBastille(context), startBare(context)])
  try {
    const first = `${bastille.url}/catalog.ttl?page_size=100`
    const status = (await timedGet(first)).status
    if (status !== 200) return { ...result, status: 'not available', note: `GET /catalog.ttl answered ${status}` }
    // Also the warm-up: every page once (bounded), to learn the cursors.
    const { pages, complete } = await crawl(first, 120_000)
    context.log(`  ${pages.length} pages crawled${complete ? ' (whole catalogue)' : ' (stopped at the time limit)'}`)
    if (pages.length < 2) result.note = 'the catalogue has a single page: no cursor measured'
    const nextPage = cycle(pages)
    const maxSeq = context.catalogue.datasetIds.length
    const nextBare = cycle(Array.from({ length: Math.max(1, Math.floor(maxSeq / 100)) }, (_, i) => `${bare.url}/page?after=${i * 100}`))
    const subject: number[][] = []
    const baseline: number[][] = []
    for (let r = 0; r < context.rounds; r++) {
      baseline.push((await latencyRun(nextBare, context.duration * 1000)).latencies)
      const run = await latencyRun(nextPage, context.duration * 1000)
      if (run.errors > 0) throw new Error(`${run.errors} catalogue pages failed`)
      subject.push(run.latencies)
      context.log(`  round ${r + 1}: p95 bare ${percentile(baseline.at(-1)!, 95).toFixed(1)} ms, Bastille ${percentile(subject.at(-1)!, 95).toFixed(1)} ms (${run.latencies.length} pages)`)
    }
    result.figures.push(...latencyFigures('catalogue page of 100', subject, baseline))
    return result
  } finally {
    await Promise.all([bastille.stop(), bare.stop()])
  }
}

export const scenario: Scenario = { name: 'catalog-page', title: 'Catalogue page of 100 datasets', run }
