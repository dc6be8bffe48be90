// Webhook deliveries per second (issue 17), on a database of their own. Each round, this process creates a
// backlog of datasets through the API with no worker running (one `dataset.created` event each, one endpoint
// listening), then a Bastille server starts with its webhook worker: it fans the events out and sends them,
// signed, to a receiver on loopback that answers 204 at once. Rate: messages between the first and the last
// arrival. Baseline: this process POSTing as many signed messages of the same size to the same receiver, as
// many at a time as the worker sends (16).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { signatureHeader } from '../../src/webhooks/signature.js'
import type { BenchContext, Scenario } from '../lib/context.js'
import { createBenchDatabase } from '../lib/database.js'
import { figure, type ScenarioResult } from '../lib/figures.js'
import { createDataset, createPublisher, startInProcess } from '../lib/in-process.js'
import { startBastille } from '../lib/servers.js'

const MESSAGES = Number(process.env.BENCH_WEBHOOK_MESSAGES ?? 2000)
const CONCURRENCY = 16
const PUBLISHER = 'bench-hooks'

interface Receiver {
  url: string
  /** Resolves with the messages per second once `count` more requests have arrived. */
  expect: (count: number) => Promise<number>
  close: () => Promise<void>
}

async function startReceiver (): Promise<Receiver> {
  let waiting: { count: number, arrivals: number[], done: (rate: number) => void } | undefined
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(204).end()
      if (waiting === undefined) return
      waiting.arrivals.push(performance.now())
      if (waiting.arrivals.length === waiting.count) {
        const { arrivals, done } = waiting
        waiting = undefined
        done((arrivals.length - 1) / ((arrivals.at(-1)! - arrivals[0]!) / 1000))
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    expect: async count => await new Promise(resolve => { waiting = { count, arrivals: [], done: resolve } }),
    close: async () => { server.closeAllConnections(); await new Promise(resolve => server.close(resolve)) }
  }
}

/** The baseline: `count` signed POSTs of `body` from here, CONCURRENCY at a time. */
async function postDirectly (url: string, secret: string, body: string, count: number): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) {
      const id = `msg_${++next}`
      const timestamp = Math.floor(Date.now() / 1000)
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader([secret], id, timestamp, body) }
      })
      await res.arrayBuffer()
    }
  }))
}

async function run (context: BenchContext): Promise<ScenarioResult> {
  const result: ScenarioResult = { scenario: 'webhooks', title: scenario.title, status: 'ok', figures: [] }
  const database = await createBenchDatabase(context.databaseUrl, `bastille_bench_hooks_${process.pid}`)
  const receiver = await startReceiver()
  const writer = await startInProcess(context, database.url, { OUTBOUND_ALLOW_PRIVATE: 'true' })
  try {
    await createPublisher(writer, PUBLISHER)
    const hook = await writer.server.inject({ method: 'POST', url: '/webhooks', headers: writer.headers, payload: { url: receiver.url, eventTypes: ['dataset.created'] } })
    if (hook.statusCode !== 201) return { ...result, status: 'not available', note: `POST /webhooks answered ${hook.statusCode}: ${hook.body.slice(0, 300)}` }
    const { secret } = hook.json<{ secret: string }>()
    const sample = JSON.stringify({ type: 'dataset.created', timestamp: new Date().toISOString(), data: { id: crypto.randomUUID(), uri: 'https://data.example.org/datasets/00000000-0000-0000-0000-000000000000', etag: '"0123456789abcdef"', cursor: 'x'.repeat(40) } })
    const subject: number[] = []
    const baseline: number[] = []
    let written = 0
    for (let r = 0; r < context.rounds; r++) {
      const arrived = receiver.expect(MESSAGES)
      await postDirectly(receiver.url, secret, sample, MESSAGES)
      baseline.push(await arrived)
      for (let i = 0; i < MESSAGES; i++) await createDataset(writer, PUBLISHER, ++written)
      const delivered = receiver.expect(MESSAGES)
      const bastille = await startBastille(context, { databaseUrl: database.url, env: { WEBHOOK_WORKER: 'true', WEBHOOK_POLL_MS: '50', OUTBOUND_ALLOW_PRIVATE: 'true', QUALITY_WORKER: 'false', HARVEST_WORKER: 'false' } })
      try {
        subject.push(await delivered)
      } finally {
        await bastille.stop()
      }
      context.log(`  round ${r + 1}: ${MESSAGES} messages, Bastille ${subject.at(-1)!.toFixed(0)}/s, direct POSTs ${baseline.at(-1)!.toFixed(0)}/s`)
    }
    result.figures.push(figure(`webhook deliveries to a loopback receiver (baseline: ${CONCURRENCY} signed POSTs at a time from one process)`, 'messages/s', subject, { better: 'higher', baselineRuns: baseline }))
    result.note = `${MESSAGES} messages per round (BENCH_WEBHOOK_MESSAGES), from a backlog of dataset.created events`
    return result
  } finally {
    await writer.server.close()
    await receiver.close()
    await database.drop()
  }
}

export const scenario: Scenario = { name: 'webhooks', title: 'Webhook deliveries per second', run }
