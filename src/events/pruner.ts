// This node's share of pruning the change log: on each tick it asks PostgreSQL whether pruning is due and
// unclaimed (event_pruning, FOR UPDATE SKIP LOCKED), so with any number of nodes it runs once per period.
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { pruneEvents } from './queries.js'

/** How often pruning runs, whatever the number of nodes. */
export const PRUNE_EVERY_SECONDS = 3600

export class EventPruner {
  #timer: NodeJS.Timeout | undefined
  #ticking: Promise<unknown> | undefined
  #stopped = false

  constructor (
    private readonly db: Kysely<DB>,
    private readonly retentionDays: number,
    private readonly pollMs: number,
    private readonly log: FastifyBaseLogger
  ) {}

  start (): void {
    this.#schedule(0)
  }

  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#ticking?.catch(() => {})
  }

  /** One pass: prunes when due and unclaimed; the number of events removed, or null. */
  async tick (): Promise<number | null> {
    const pass = pruneEvents(this.db, this.retentionDays, PRUNE_EVERY_SECONDS)
    this.#ticking = pass
    const removed = await pass
    if (removed !== null && removed > 0) this.log.info({ removed }, 'change log pruned')
    return removed
  }

  #schedule (delay: number): void {
    this.#timer = setTimeout(() => {
      this.tick()
        .catch(err => this.log.error({ err }, 'change log pruning failed'))
        .finally(() => { if (!this.#stopped) this.#schedule(this.pollMs) })
    }, delay)
    this.#timer.unref()
  }
}
