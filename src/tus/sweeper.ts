// Expired partial uploads, removed by whichever node gets to them first: each pass deletes a batch of
// expired sessions in a transaction that skips rows another node holds (FOR UPDATE SKIP LOCKED), then
// their chunk objects and multipart uploads.
import type { FastifyInstance } from 'fastify'
import { removeLeftovers } from './leftovers.js'
import { deleteExpiredUploads } from './queries.js'

const BATCH = 100

/** One pass; the number of uploads removed. */
export async function sweepExpiredUploads (app: FastifyInstance): Promise<number> {
  let removed = 0
  for (;;) {
    const { uploads, leftovers } = await deleteExpiredUploads(app.db, BATCH)
    await removeLeftovers(app, leftovers)
    removed += uploads
    if (uploads < BATCH) return removed
  }
}

/** Sweeps every `pollMs` from ready to close. */
export function scheduleSweeps (app: FastifyInstance, pollMs: number): void {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const next = (): void => {
    if (stopped) return
    timer = setTimeout(() => {
      running = sweepExpiredUploads(app)
        .then(removed => { if (removed > 0) app.log.info({ removed }, 'expired uploads removed') })
        .catch((err: unknown) => { app.log.warn({ err }, 'could not remove expired uploads') })
        .finally(next)
    }, pollMs)
    timer.unref()
  }
  app.addHook('onReady', async () => { next() })
  app.addHook('preClose', async () => {
    stopped = true
    clearTimeout(timer)
    await running
  })
}
