// The harvest worker of one node: on each tick (a timer, or a wake-up when a run is queued here) it takes
// back lapsed runs, queues due sources and runs what it can claim. All state lives in PostgreSQL, so any
// number of nodes share the work; stopping hands the runs in progress back to the queue.
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { HarvestRunRow } from '../db/types.js'
import { claimRun, enqueueDue, finishRun, reapExpired, releaseRun, renewLease } from './queue.js'
import { executeRun, type HarvestDeps } from './execute.js'

export interface WorkerOptions {
  pollMs: number
  /** How long a claimed run stays this node's without a renewal. */
  leaseSeconds: number
  /** Runs taken back after a lapsed lease before one is failed. */
  maxAttempts: number
  /** Runs this node does at once. */
  concurrency: number
}

export const DEFAULT_WORKER_OPTIONS: Omit<WorkerOptions, 'pollMs'> = { leaseSeconds: 60, maxAttempts: 3, concurrency: 1 }

export class HarvestWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  readonly #deps: HarvestDeps
  readonly #options: WorkerOptions
  readonly #running = new Map<string, { controller: AbortController, done: Promise<void> }>()
  #timer: NodeJS.Timeout | undefined
  #ticking: Promise<void> | undefined
  #again = false
  #stopped = false

  constructor (deps: HarvestDeps, options: WorkerOptions) {
    this.#deps = deps
    this.#options = options
  }

  start (): void {
    this.#schedule(0)
  }

  /** Looks for work now (a run was just queued on this node). */
  wake (): void {
    if (!this.#stopped) this.#schedule(0)
  }

  /** One pass: reap, enqueue, claim. Resolves when the pass (not the runs it started) is over. */
  async tick (): Promise<void> {
    if (this.#ticking !== undefined) {
      this.#again = true
      return this.#ticking
    }
    this.#ticking = this.#pass().finally(() => { this.#ticking = undefined })
    await this.#ticking
    if (this.#again && !this.#stopped) {
      this.#again = false
      await this.tick()
    }
  }

  /** Resolves when every run this node started has ended. */
  async idle (): Promise<void> {
    while (this.#running.size > 0) await Promise.all([...this.#running.values()].map(r => r.done))
  }

  /** Stops claiming, aborts the runs in progress and hands them back to the queue. */
  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#ticking?.catch(() => {})
    for (const { controller } of this.#running.values()) controller.abort(new Error('node stopping'))
    await this.idle()
  }

  #schedule (delay: number): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.tick()
        .catch(err => this.#deps.log.error({ err }, 'harvest worker pass failed'))
        .finally(() => { if (!this.#stopped) this.#schedule(this.#options.pollMs) })
    }, delay)
    this.#timer.unref()
  }

  async #pass (): Promise<void> {
    const { db } = this.#deps
    await reapExpired(db, this.#options.maxAttempts)
    await enqueueDue(db)
    while (!this.#stopped && this.#running.size < this.#options.concurrency) {
      const run = await claimRun(db, this.id, this.#options.leaseSeconds)
      if (run === undefined) return
      this.#begin(run)
    }
  }

  #begin (run: HarvestRunRow): void {
    const controller = new AbortController()
    const done = this.#run(run, controller)
      .catch(err => this.#deps.log.error({ err, run: run.id }, 'harvest run bookkeeping failed'))
      .finally(() => { this.#running.delete(run.id) })
    this.#running.set(run.id, { controller, done })
  }

  async #run (run: HarvestRunRow, controller: AbortController): Promise<void> {
    const { db } = this.#deps
    const { leaseSeconds } = this.#options
    // Renewed at a third of the lease, so one slow renewal does not lose the run; a lost lease stops the run.
    const heartbeat = setInterval(() => {
      renewLease(db, run.id, this.id, leaseSeconds)
        .then(held => { if (!held) controller.abort(new Error('lease lost')) })
        .catch(err => this.#deps.log.warn({ err, run: run.id }, 'harvest lease renewal failed'))
    }, leaseSeconds * 1000 / 3)
    try {
      const source = await db.selectFrom('harvest_sources').selectAll().where('id', '=', run.source_id).executeTakeFirst()
      if (source === undefined) return
      const outcome = await executeRun(this.#deps, source, controller.signal, run.force)
      await finishRun(db, run.id, this.id, outcome)
    } catch (err) {
      if (!controller.signal.aborted) throw err
      if (this.#stopped) await releaseRun(db, run.id, this.id)
    } finally {
      clearInterval(heartbeat)
    }
  }
}
