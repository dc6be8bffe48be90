// Figure 6: time from spawning the server to its first 200 on /ready. Embedded: a new data folder with the
// demo catalogue, as a new user's first start (cold), then the same folder again (warm), and `npm start`
// on a new folder (what a user types, after `npm install` built dist/); PostgreSQL: a migrated database.
// Baseline: a bare Fastify process answering /health, which is what node and Fastify alone cost.
import { mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import type { BenchContext, Scenario } from '../lib/context.js'
import { below, figure, type ScenarioResult } from '../lib/figures.js'
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
  const npmStart: number[] = []
  const postgres: number[] = []
  const viaNpm = process.env.npm_execpath !== undefined
  for (let r = 0; r < context.rounds; r++) {
    baseline.push(await timeToReady(() => startBare(context, null)))
    const dataDir = await mkdtemp(path.join(context.tmpDir, 'embedded-'))
    const npmDataDir = await mkdtemp(path.join(context.tmpDir, 'npm-start-'))
    try {
      cold.push(await timeToReady(() => startBastille(context, { embeddedDataDir: dataDir, demo: true })))
      warm.push(await timeToReady(() => startBastille(context, { embeddedDataDir: dataDir, demo: true })))
      if (viaNpm) npmStart.push(await timeToReady(() => startBastille(context, { embeddedDataDir: npmDataDir, demo: true, npmStart: true })))
    } finally {
      await rm(dataDir, { recursive: true, force: true })
      await rm(npmDataDir, { recursive: true, force: true })
    }
    postgres.push(await timeToReady(() => startBastille(context)))
    context.log(`  round ${r + 1}: bare ${baseline.at(-1)!.toFixed(0)} ms, embedded cold ${cold.at(-1)!.toFixed(0)} ms, warm ${warm.at(-1)!.toFixed(0)} ms` +
      `${viaNpm ? `, npm start ${npmStart.at(-1)!.toFixed(0)} ms` : ''}, PostgreSQL ${postgres.at(-1)!.toFixed(0)} ms`)
  }
  const against = { better: 'lower' as const, baselineRuns: baseline }
  return {
    scenario: 'startup',
    title: scenario.title,
    status: 'ok',
    ...(viaNpm ? {} : { note: '`npm start` is measured only under `npm run bench`' }),
    figures: [
      figure('start-up to /ready, embedded, new data folder with the demo', 'ms', cold, { ...against, target: below(5000, 'ms') }),
      figure('start-up to /ready, embedded, existing data folder', 'ms', warm, { ...against, target: below(2000, 'ms') }),
      ...(viaNpm ? [figure('npm start to /ready, new data folder with the demo', 'ms', npmStart, { ...against, target: below(5000, 'ms') })] : []),
      figure('start-up to /ready, PostgreSQL, migrated database', 'ms', postgres, { ...against, target: below(1000, 'ms') })
    ]
  }
}

export const scenario: Scenario = { name: 'startup', title: 'Start-up', run }
