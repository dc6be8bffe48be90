// The cost of the change log on a write: POST /datasets through inject, in alternating blocks with the
// event log on and off, on the database of DATABASE_URL (embedded when unset). Reports, asserts no time.
// Run: npx tap --disable-coverage --allow-incomplete-coverage test/events/overhead.bench.ts
import t from 'tap'
import { performance } from 'node:perf_hooks'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { seedPublisher } from '../routes/datasets-helpers.js'
import { eventLog } from '../../src/events/record.js'

const BLOCK = Number(process.env.BENCH_BLOCK ?? 200)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)

const app = await buildTestApp(t)
await seedPublisher(app, 'metropole')
let n = 0

async function block (enabled: boolean): Promise<number> {
  eventLog.enabled = enabled
  const start = performance.now()
  for (let i = 0; i < BLOCK; i++) {
    const res = await app.inject({ method: 'POST', url: '/datasets', headers: ADMIN, payload: { publisher: 'metropole', title: `Jeu ${++n}`, keywords: ['bench'] } })
    if (res.statusCode !== 201) throw new Error(res.body)
  }
  return (performance.now() - start) / BLOCK
}

await block(true)
await block(false)
const on: number[] = []
const off: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  on.push(await block(true))
  off.push(await block(false))
}
eventLog.enabled = true
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const withLog = median(on)
const without = median(off)
t.comment(`${process.env.DATABASE_URL ? 'postgresql' : 'embedded'}: ${BLOCK}×${ROUNDS} creates each way; ` +
  `per write ${withLog.toFixed(2)} ms with the log, ${without.toFixed(2)} ms without; ratio ${(withLog / without).toFixed(3)}`)
t.pass('measured')
