// Client-side timing over loopback HTTP: latency measured from the request to the last byte received.
import http from 'node:http'
import { createWriteStream } from 'node:fs'
import { pipeline } from 'node:stream/promises'

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

export interface Timed {
  status: number
  ms: number
  bytes: number
  body?: string
}

/** One GET; keeps the body only when asked, otherwise just counts it. */
export async function timedGet (url: string, keepBody = false): Promise<Timed> {
  const started = performance.now()
  return await new Promise((resolve, reject) => {
    http.get(url, { agent }, response => {
      let bytes = 0
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (keepBody) chunks.push(chunk)
      })
      response.on('end', () => {
        const timed: Timed = { status: response.statusCode ?? 0, ms: performance.now() - started, bytes }
        if (keepBody) timed.body = Buffer.concat(chunks).toString('utf8')
        resolve(timed)
      })
      response.on('error', reject)
    }).on('error', reject)
  })
}

/** The status of a GET, or 0 when nothing answers. */
export async function probe (url: string): Promise<number> {
  try {
    return (await timedGet(url)).status
  } catch {
    return 0
  }
}

export interface LatencyRun {
  latencies: number[]
  errors: number
}

/** Sequential GETs of `next()` for `durationMs` (and at most `maxRequests`): one request in flight at a time. */
export async function latencyRun (next: () => string, durationMs: number, maxRequests = Infinity): Promise<LatencyRun> {
  const latencies: number[] = []
  let errors = 0
  const deadline = performance.now() + durationMs
  while (performance.now() < deadline && latencies.length + errors < maxRequests) {
    const timed = await timedGet(next())
    if (timed.status === 200) latencies.push(timed.ms)
    else errors++
  }
  return { latencies, errors }
}

/** GET streamed to a file; `ms` runs to the last byte written. */
export async function downloadToFile (url: string, file: string): Promise<Timed> {
  const started = performance.now()
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(url, resolve).on('error', reject)
  })
  let bytes = 0
  response.on('data', (chunk: Buffer) => { bytes += chunk.length })
  await pipeline(response, createWriteStream(file))
  return { status: response.statusCode ?? 0, ms: performance.now() - started, bytes }
}
