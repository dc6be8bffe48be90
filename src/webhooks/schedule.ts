// The retry schedule (WEBHOOK_RETRY_SCHEDULE): the delays before each retry of a failed delivery, and
// the jittered time of the next attempt.

/** Standard Webhooks' example schedule: about three days of retries after the first attempt. */
export const DEFAULT_RETRY_SCHEDULE = '5s,5m,30m,2h,5h,10h,14h,20h,24h'

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const DURATION = /^(\d{1,9})(ms|s|m|h|d)$/

/** The delays in milliseconds; throws with a message naming the bad part. */
export function parseRetrySchedule (text: string): number[] {
  const parts = text.split(',').map(part => part.trim())
  return parts.map(part => {
    const match = DURATION.exec(part)
    if (match === null) throw new Error(`"${part}" is not a duration such as 5s, 5m, 2h or 1d (comma-separated)`)
    return Number(match[1]) * UNITS[match[2]!]!
  })
}

/**
 * When to try again after `attempts` failed attempts, or null when the schedule is spent. The delay is
 * jittered by ±20% so endpoints coming back are not hit by every retry at once; a `Retry-After` longer
 * than the delay is honoured.
 */
export function nextAttemptDelay (schedule: readonly number[], attempts: number, retryAfterMs = 0, random = Math.random): number | null {
  const delay = schedule[attempts - 1]
  if (delay === undefined) return null
  return Math.max(Math.round(delay * (0.8 + 0.4 * random())), retryAfterMs)
}

/** A `Retry-After` header in milliseconds (seconds or an HTTP date), capped at a day; 0 when absent or bad. */
export function retryAfterMs (header: string | null, now = Date.now()): number {
  if (header === null) return 0
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * 1000 : Date.parse(header) - now
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, 86_400_000) : 0
}
