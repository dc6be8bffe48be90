// What a dataset write costs beyond storing it (issues 17 and 18). In this process, on a database of its own
// (the loaded catalogue stays as it is): blocks of `POST /datasets` through inject, one at a time, alternate
// with the change log off (baseline) and on (as shipped); then blocks of a create followed by its quality
// score (what the quality job does after each write: the MQA measure with the dataset's SHACL check against
// the shapes of QUALITY_SHAPES_DIR, by default ../shared/dcat-ap/3.0.1 beside the repository)
// against the create alone. Figures: ms per write, and the ratios.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { eventLog } from '../../src/events/record.js'
import { refreshQuality } from '../../src/quality/store.js'
import type { BenchContext, Scenario } from '../lib/context.js'
import { createBenchDatabase } from '../lib/database.js'
import { figure, type ScenarioResult } from '../lib/figures.js'
import { createDataset, createPublisher, startInProcess } from '../lib/in-process.js'

const BLOCK = Number(process.env.BENCH_WRITE_BLOCK ?? 200)
/** The official DCAT-AP shapes the score's SHACL check reads; without them that indicator is not checked. */
const SHAPES_DIR = process.env.QUALITY_SHAPES_DIR ?? '../shared/dcat-ap/3.0.1'
const PUBLISHER = 'bench-writes'

type Mode = 'no change log' | 'as shipped' | 'scored'

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'write', title: scenario.title, status: 'ok', figures: [] }
  const shapesDir = path.resolve(context.root, SHAPES_DIR)
  if (!existsSync(path.join(shapesDir, 'shapes.ttl'))) return { ...result, status: 'not available', note: `no DCAT-AP shapes at ${shapesDir} (QUALITY_SHAPES_DIR)` }
  const database = await createBenchDatabase(context.databaseUrl, `bastille_bench_write_${process.pid}`)
  const bastille = await startInProcess(context, database.url, { QUALITY_SHAPES_DIR: shapesDir })
  let written = 0
  const block = async (mode: Mode): Promise<number> => {
    eventLog.enabled = mode !== 'no change log'
    const started = performance.now()
    for (let i = 0; i < BLOCK; i++) {
      const id = await createDataset(bastille, PUBLISHER, ++written)
      if (mode === 'scored' && await refreshQuality(bastille.server.db, bastille.config, id) === undefined) throw new Error(`no score for ${id}`)
    }
    return (performance.now() - started) / BLOCK
  }
  try {
    await createPublisher(bastille, PUBLISHER)
    const runs: Record<Mode, number[]> = { 'no change log': [], 'as shipped': [], scored: [] }
    const modes = Object.keys(runs) as Mode[]
    for (const mode of modes) await block(mode)
    for (let r = 0; r < context.rounds; r++) {
      for (const mode of modes) runs[mode].push(await block(mode))
      context.log(`  round ${r + 1}: ms per write: ${modes.map(mode => `${mode} ${runs[mode].at(-1)!.toFixed(2)}`).join(', ')}`)
    }
    result.figures.push(
      figure('dataset create, change log on (baseline: off), ms per write', 'ms', runs['as shipped'], { better: 'lower', baselineRuns: runs['no change log'] }),
      figure('dataset create then its quality score (baseline: the create alone), ms per write', 'ms', runs.scored, { better: 'lower', baselineRuns: runs['as shipped'] })
    )
    result.note = `${BLOCK} creates per block (BENCH_WRITE_BLOCK), one at a time through inject, ${written} in all`
    return result
  } finally {
    eventLog.enabled = true
    await bastille.server.close()
    await database.drop()
  }
}

export const scenario: Scenario = { name: 'write', title: 'Dataset writes: the change log and the quality score', run }
