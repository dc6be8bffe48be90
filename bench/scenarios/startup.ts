// Figure 6: time from spawning the server to its first 200 on /ready, on the embedded database: cold (a new
// data folder: create and migrate) and warm (the same folder again). Baseline: a bare Fastify process
// answering /health, which is what node and Fastify alone cost.
import { mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import type { BenchContext, Scenario } from '../lib/context.js'
import { figure, type ScenarioResult } from '../lib/figures.js'
import { startBare, startBastille, type Server } from '../lib/servers.js'

async function timeToReady (start: () => Promise<Server>): Promise<number> {
  const started = performance.now()
  const server = await start()
  const ms = performance.now() - started
  await server.stop()
  return ms
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const baseline: number[] = []
  const cold: number[] = []
  const warm: number[] = []
  for (let r = 0; r < context.rounds; r++) {
    baseline.push(await timeToReady(() => startBare(context, null)))
    const dataDir = await mkdtemp(path.join(context.tmpDir, 'embedded-'))
    try {
      cold.push(await timeToReady(() => startBastille(context, { embeddedDataDir: dataDir })))
      warm.push(await timeToReady(() => startBastille(context, { embeddedDataDir: dataDir })))
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
    context.log(`  round ${r + 1}: bare ${baseline.at(-1)!.toFixed(0)} ms, embedded cold ${cold.at(-1)!.toFixed(0)} ms, warm ${warm.at(-1)!.toFixed(0)} ms`)
  }
  return {
    scenario: 'startup',
    title: scenario.title,
    status: 'ok',
    figures: [
      figure('start-up to /ready, embedded, new data folder', 'ms', cold, { better: 'lower', baselineRuns: baseline }),
      figure('start-up to /ready, embedded, existing data folder', 'ms', warm, { better: 'lower', baselineRuns: baseline })
    ]
  }
}

export const scenario: Scenario = { name: 'startup', title: 'Start-up on the embedded database', run }
