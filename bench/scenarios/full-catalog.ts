// Figure 2: the whole catalogue (GET /catalog/full.{ttl,nt,rdf,jsonld}): triples per second in each syntax
// against N3.js writing the same triples as Turtle from memory, and the server's peak RSS (VmHWM of a
// freshly started process) for Turtle.
import path from 'node:path'
import type { BenchContext, Scenario } from '../lib/context.js'
import { atLeastRatio, below, figure, type ScenarioResult } from '../lib/figures.js'
import { downloadToFile } from '../lib/http.js'
import { ask, memoryOf, startNode } from '../lib/processes.js'
import { startBastille } from '../lib/servers.js'

const MB = 1024 * 1024

interface Download { ms: number, bytes: number, peakRss: number, rssBefore: number }

const OTHER_FORMATS = ['nt', 'rdf', 'jsonld'] as const

/** One run on a fresh server, so that its peak RSS is this request's alone (plus start-up). */
async function download (context: BenchContext, file: string, format = 'ttl'): Promise<Download | number> {
  const bastille = await startBastille(context)
  try {
    const rssBefore = await memoryOf(bastille.pid, 'VmRSS')
    const timed = await downloadToFile(`${bastille.url}/catalog/full.${format}`, file)
    if (timed.status !== 200) return timed.status
    return { ms: timed.ms, bytes: timed.bytes, peakRss: await memoryOf(bastille.pid, 'VmHWM'), rssBefore }
  } finally {
    await bastille.stop()
  }
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'full-catalog', title: scenario.title, status: 'ok', figures: [] }
  const file = path.join(context.tmpDir, 'full.ttl')
  const first = await download(context, file)
  if (typeof first === 'number') return { ...result, status: 'not available', note: `GET /catalog/full.ttl answered ${first}` }
  const writer = startNode(['--max-old-space-size=8192', path.join(context.root, 'dist/bench/baselines/n3-writer.js')],
    { PATH: process.env.PATH }, path.join(context.tmpDir, 'n3-writer.log'), true)
  try {
    const { triples } = await ask<{ triples: number }>(writer, { load: file })
    context.log(`  ${triples} triples, ${Math.round(first.bytes / MB)} MB of Turtle`)
    const subject: number[] = []
    const baseline: number[] = []
    const peaks: number[] = []
    const growth: number[] = []
    const sizes = new Set<number>([first.bytes])
    const others = new Map<string, number[]>(OTHER_FORMATS.map(format => [format, []]))
    for (let r = 0; r < context.rounds; r++) {
      const written = await ask<{ ms: number }>(writer, { write: true })
      baseline.push(triples / (written.ms / 1000))
      const run = r === 0 ? first : await download(context, file)
      if (typeof run === 'number') throw new Error(`GET /catalog/full.ttl answered ${run}`)
      sizes.add(run.bytes)
      subject.push(triples / (run.ms / 1000))
      peaks.push(run.peakRss / MB)
      growth.push((run.peakRss - run.rssBefore) / MB)
      context.log(`  round ${r + 1}: N3.js ${Math.round(baseline.at(-1)!)} triples/s, Bastille ${Math.round(subject.at(-1)!)} triples/s, peak RSS ${Math.round(peaks.at(-1)!)} MB (+${Math.round(growth.at(-1)!)} MB during the request)`)
      for (const format of OTHER_FORMATS) {
        const other = await download(context, path.join(context.tmpDir, `full.${format}`), format)
        if (typeof other === 'number') throw new Error(`GET /catalog/full.${format} answered ${other}`)
        others.get(format)!.push(triples / (other.ms / 1000))
        context.log(`    ${format}: ${Math.round(others.get(format)!.at(-1)!)} triples/s, +${Math.round((other.peakRss - other.rssBefore) / MB)} MB during the request`)
      }
    }
    result.figures.push(
      figure(`full catalogue Turtle (${triples} triples)`, 'triples/s', subject, { better: 'higher', baselineRuns: baseline, target: atLeastRatio(0.8) }),
      ...OTHER_FORMATS.map(format => figure(`full catalogue ${format}`, 'triples/s', others.get(format)!, { better: 'higher', baselineRuns: baseline, target: atLeastRatio(0.8) })),
      figure('full catalogue: server peak RSS (VmHWM)', 'MB', peaks, { better: 'lower', target: below(300, 'MB') }),
      // No SPEC target: what the request adds to the started server, which a flat stream keeps small at any N.
      figure('full catalogue: server RSS growth during the request', 'MB', growth, { better: 'lower' })
    )
    // The first download ran before the baseline: say so if later ones differ (the catalogue must not change).
    if (sizes.size > 1) result.note = `the document size varied between runs: ${[...sizes].join(', ')} bytes`
    return result
  } finally {
    await writer.stop()
  }
}

export const scenario: Scenario = { name: 'full-catalog', title: 'Full catalogue, four syntaxes', run }
