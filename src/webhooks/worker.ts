// The webhook worker of one node: each pass turns new events into deliveries (fan-out), then claims due
// deliveries and sends them, `concurrency` at a time, claiming more as sends finish. All state is in
// PostgreSQL, so any number of nodes share the work; stopping waits for the attempts in flight to be
// recorded, so a restart neither loses nor repeats one.
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { DatasetDtoOptions } from '../dto/dataset.js'
import { guardedFetch } from '../outbound/fetch.js'
import { claimDeliveries, pruneDeliveries, recordAttempt } from './deliveries.js'
import { disableEndpoint, endpointsById, signingSecrets } from './endpoints.js'
import { fanOut } from './fanout.js'
import { messageId, outcomeOf, send } from './send.js'
import type { DeliveryRow, EndpointRow } from './tables.js'

export interface WebhookWorkerOptions {
  pollMs: number
  /** Delays before each retry, in ms. */
  schedule: readonly number[]
  allowPrivate: boolean
  /** Longest an attempt may take. */
  timeoutMs: number
  /** Deliveries sent at once by this node. */
  concurrency: number
  /** Attempts and finished deliveries are kept this long. */
  retentionDays: number
}

export const DEFAULT_WEBHOOK_OPTIONS = { timeoutMs: 15_000, concurrency: 16, retentionDays: 30 }
const PRUNE_EVERY_MS = 3_600_000

/** What a pass did: whether it found work (so the next one comes at once), and the sends it started. */
interface Pass { busy: boolean, started: Array<Promise<void>> }

export interface WebhookDeps { db: Kysely<DB>, dto: DatasetDtoOptions, log: FastifyBaseLogger }

export class WebhookWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  readonly #deps: WebhookDeps
  readonly #options: WebhookWorkerOptions
  readonly #fetch: ReturnType<typeof guardedFetch>
  /** A claim outlives the longest attempt and its recording twice over, so a live node never loses one it is sending. */
  readonly #leaseSeconds: number
  #timer: NodeJS.Timeout | undefined
  #passing: Promise<Pass> | undefined
  /** Deliveries being sent: a slow endpoint holds one slot, never the others. */
  readonly #inFlight = new Set<Promise<void>>()
  #prunedAt = 0
  #stopped = false

  constructor (deps: WebhookDeps, options: WebhookWorkerOptions) {
    this.#deps = deps
    this.#options = options
    this.#fetch = guardedFetch({ allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs })
    this.#leaseSeconds = Math.ceil(2 * options.timeoutMs / 1000) + 10
  }

  start (): void { this.#schedule(0) }

  /** Looks for work now (a ping or a redelivery was just queued on this node, or slots came free). */
  wake (): void { if (!this.#stopped) this.#schedule(0) }

  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#passing?.catch(() => {})
    await Promise.all(this.#inFlight)
    await this.#fetch.close()
  }

  /** One pass, and the deliveries it started: true when it found work. */
  async tick (): Promise<boolean> {
    const { busy, started } = await this.#passOnce()
    await Promise.all(started)
    return busy
  }

  #passOnce (): Promise<Pass> {
    this.#passing ??= this.#pass().finally(() => { this.#passing = undefined })
    return this.#passing
  }

  #schedule (delay: number): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#passOnce()
        .then(pass => pass.busy, err => { this.#deps.log.error({ err }, 'webhook worker pass failed'); return false })
        .then(busy => { if (!this.#stopped) this.#schedule(busy ? 0 : this.#options.pollMs) })
    }, delay)
    this.#timer.unref()
  }

  /** Fans out new events, then claims as many due deliveries as there are free slots and starts sending them. */
  async #pass (): Promise<Pass> {
    const { db, dto, log } = this.#deps
    const events = await fanOut(db, dto)
    if (Date.now() - this.#prunedAt > PRUNE_EVERY_MS) {
      this.#prunedAt = Date.now()
      const removed = await pruneDeliveries(db, this.#options.retentionDays)
      if (removed > 0) log.info({ removed }, 'webhook delivery log pruned')
    }
    const free = this.#options.concurrency - this.#inFlight.size
    if (this.#stopped || free === 0) return { busy: (events ?? 0) > 0, started: [] }
    const claimed = await claimDeliveries(db, this.id, this.#leaseSeconds, free)
    const endpoints = await endpointsById(db, claimed.map(delivery => delivery.endpoint_id))
    const started = claimed.map(delivery => this.#track(this.#deliver(delivery, endpoints.get(delivery.endpoint_id)).catch(err =>
      log.error({ err, delivery: delivery.id }, 'webhook delivery bookkeeping failed'))))
    return { busy: (events ?? 0) > 0 || claimed.length === free, started }
  }

  /** Holds a slot until the delivery is recorded; once half the slots are free, looks for more work. */
  #track (delivery: Promise<void>): Promise<void> {
    const tracked = delivery.finally(() => {
      this.#inFlight.delete(tracked)
      if (this.#inFlight.size <= this.#options.concurrency / 2) this.wake()
    })
    this.#inFlight.add(tracked)
    return tracked
  }

  /** Sends one delivery to its endpoint (gone since the claim: nothing to do) and records the attempt. */
  async #deliver (delivery: DeliveryRow, endpoint: EndpointRow | undefined): Promise<void> {
    const { db, log } = this.#deps
    if (endpoint === undefined) return
    const message = { id: messageId(delivery.id), body: delivery.body, url: endpoint.url, secrets: signingSecrets(endpoint) }
    const sent = await send(this.#fetch, message, this.#options.timeoutMs)
    const outcome = outcomeOf(sent, delivery.attempts + 1, this.#options.schedule)
    await recordAttempt(db, delivery, this.id, sent, outcome)
    if (sent.status === 410) {
      await disableEndpoint(db, endpoint.id, `The endpoint answered 410 Gone at ${new Date().toISOString()}`)
      log.info({ endpoint: endpoint.id }, 'webhook endpoint disabled: 410 Gone')
    }
  }
}
