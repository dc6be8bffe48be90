// The quality job of one node: each pass rescores stale datasets (SKIP LOCKED, so nodes share them) and
// checks due URLs. All state is in PostgreSQL; the timer only says when to look.
import type { Kysely } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../config.js'
import type { DB } from '../db/types.js'
import { checkDueUrls, type CheckerOptions, forgetUnusedUrls } from './checker.js'
import { listStale, refreshQuality } from './store.js'

export interface QualityDeps { db: Kysely<DB>, config: Config, log: FastifyBaseLogger }

/** Rescores up to `limit` stale datasets; returns how many it scored. */
export async function rescoreStale (db: Kysely<DB>, config: Config, limit = 100): Promise<number> {
  let scored = 0
  for (const id of await listStale(db, limit)) if (await refreshQuality(db, config, id, true) !== undefined) scored++
  return scored
}

export class QualityWorker {
  #timer: NodeJS.Timeout | undefined
  #pass: Promise<void> | undefined
  #stopped = false
  readonly #deps: QualityDeps
  readonly #pollMs: number
  readonly #checker: CheckerOptions

  constructor (deps: QualityDeps, pollMs: number, checker: CheckerOptions) {
    this.#deps = deps
    this.#pollMs = pollMs
    this.#checker = checker
  }

  start (): void { this.#schedule(0) }

  async tick (): Promise<void> {
    const { db, config } = this.#deps
    await rescoreStale(db, config)
    await forgetUnusedUrls(db)
    await checkDueUrls(db, this.#checker)
    // Checks that changed a status made datasets stale: score them now rather than a poll later.
    await rescoreStale(db, config)
  }

  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#pass?.catch(() => {})
  }

  #schedule (delay: number): void {
    this.#timer = setTimeout(() => {
      this.#pass = this.tick()
        .catch(err => this.#deps.log.error({ err }, 'quality worker pass failed'))
        .finally(() => { if (!this.#stopped) this.#schedule(this.#pollMs) })
    }, delay)
    this.#timer.unref()
  }
}
