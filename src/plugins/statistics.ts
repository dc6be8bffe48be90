// After write requests, checks (at most once per interval per node) whether PostgreSQL's change counters
// call for an ANALYZE, off the request path (src/db/statistics.ts). A check is also made once the writes
// stop, so the last batch of an import is analysed too.
import fp from 'fastify-plugin'
import { analyzeStaleTables } from '../db/statistics.js'

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

declare module 'fastify' {
  interface FastifyInstance {
    statistics: StatisticsKeeper
  }
}

export interface StatisticsKeeper {
  /** A write happened: check now, or once the interval since the last check has passed. */
  written: () => void
  /** Resolves when no check is running or waiting (tests, shutdown). */
  settled: () => Promise<void>
}

export default fp<{ intervalMs?: number }>(async function statistics (app, { intervalMs = 1000 }) {
  let running: Promise<void> | null = null
  let timer: NodeJS.Timeout | null = null
  let lastCheck = 0
  let closed = false

  const check = (): void => {
    timer = null
    lastCheck = Date.now()
    running = analyzeStaleTables(app.db)
      .then(tables => { if (tables.length > 0) app.log.info({ tables }, 'analysed tables after large writes') })
      .catch(err => { app.log.warn({ err }, 'could not refresh planner statistics') })
      .finally(() => { running = null })
  }
  const keeper: StatisticsKeeper = {
    written () {
      if (closed || timer !== null) return
      // A running check may have missed this write: the next one comes a whole interval later.
      const wait = running !== null ? intervalMs : lastCheck + intervalMs - Date.now()
      if (wait <= 0) check()
      else timer = setTimeout(check, wait).unref()
    },
    async settled () {
      await running
      if (timer !== null) {
        clearTimeout(timer)
        check()
      }
      await running
    }
  }
  app.decorate('statistics', keeper)
  app.addHook('onResponse', async (request, reply) => {
    if (WRITES.has(request.method) && reply.statusCode < 400) keeper.written()
  })
  app.addHook('onClose', async () => {
    closed = true
    if (timer !== null) clearTimeout(timer)
    timer = null
    await running
  })
}, { name: 'statistics', dependencies: ['db'] })
