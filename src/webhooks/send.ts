// One delivery attempt: the signed POST through the outbound guard (its SSRF policy checked again at
// connection time, DNS may have changed), no redirect followed, bounded in time, and what came back.
import type { Attempt, Outcome } from './deliveries.js'
import { nextAttemptDelay, retryAfterMs } from './schedule.js'
import { signatureHeader } from './signature.js'

/** How much of a response body the attempt log keeps. */
export const RESPONSE_BODY_LIMIT = 1024

export interface Message { id: string, body: string, url: string, secrets: string[] }

export interface Sent extends Attempt { retryAfterMs: number }

/** The webhook-id of a delivery: the same for every attempt and redelivery of it. */
export const messageId = (deliveryId: string): string => `msg_${deliveryId.replaceAll('-', '')}`

/** The first bytes of a body as text; the rest is not read. */
async function bodyPrefix (response: Response): Promise<string> {
  const reader = response.body?.getReader()
  if (reader === undefined) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  while (size < RESPONSE_BODY_LIMIT) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
  }
  await reader.cancel().catch(() => {})
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8')
}

export async function send (fetch: typeof globalThis.fetch, message: Message, timeoutMs: number): Promise<Sent> {
  const timestamp = Math.floor(Date.now() / 1000)
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  try {
    const response = await fetch(message.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Bastille-Webhooks/1.0',
        'webhook-id': message.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(message.secrets, message.id, timestamp, message.body)
      },
      body: message.body
    })
    const responseBody = await bodyPrefix(response).catch(() => null)
    return { status: response.status, durationMs: elapsed(), responseBody, error: null, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) }
  } catch (err) {
    // fetch says "fetch failed"; its cause says why (refused by the outbound policy, connection refused…).
    const cause = (err as { cause?: unknown }).cause
    const error = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : cause instanceof Error ? cause.message : (err as Error).message
    return { status: null, durationMs: elapsed(), responseBody: null, error, retryAfterMs: 0 }
  }
}

/**
 * 2xx succeeds; 410 fails for good (the endpoint is then disabled); anything else, 3xx included (redirects
 * are not followed), is retried on the schedule until it is spent.
 */
export function outcomeOf (sent: Sent, attempts: number, schedule: readonly number[]): Outcome {
  if (sent.status !== null && sent.status >= 200 && sent.status < 300) return { status: 'succeeded' }
  if (sent.status === 410) return { status: 'failed' }
  const retryInMs = nextAttemptDelay(schedule, attempts, sent.retryAfterMs)
  return retryInMs === null ? { status: 'failed' } : { status: 'pending', retryInMs }
}
