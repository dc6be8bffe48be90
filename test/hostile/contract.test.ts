// Hostile requests generated from the OpenAPI contract, on every operation, as every kind of caller
// (issue 12). A bounded run for every `npm test`; test/faults/hostile-input.fault.ts runs a larger one.
import t from 'tap'
import { fuzzContract } from './contract-run.js'

t.setTimeout(600_000)
const seed = Number(process.env.HOSTILE_SEED ?? 20261204)
const figures = await fuzzContract(t, { sweep: Number(process.env.HOSTILE_SWEEP ?? 6), runs: Number(process.env.HOSTILE_RUNS ?? 900), seed })
t.comment(`hostile input: ${figures.requests} requests, ${figures.accepted} writes accepted, seed ${seed}`)
