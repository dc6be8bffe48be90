// The retry schedule and its configuration (WEBHOOK_RETRY_SCHEDULE validated at start-up), jitter,
// Retry-After, and what each answer makes of a delivery.
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { DEFAULT_RETRY_SCHEDULE, nextAttemptDelay, parseRetrySchedule, retryAfterMs } from '../../src/webhooks/schedule.js'
import { outcomeOf, type Sent } from '../../src/webhooks/send.js'
import { signingSecrets } from '../../src/webhooks/endpoints.js'

t.test('WEBHOOK_RETRY_SCHEDULE', async t => {
  t.same(parseRetrySchedule('5s, 5m,30m,2h,1d,250ms'), [5000, 300_000, 1_800_000, 7_200_000, 86_400_000, 250])
  const total = parseRetrySchedule(DEFAULT_RETRY_SCHEDULE).reduce((a, b) => a + b, 0) / 3_600_000
  t.ok(total > 70 && total < 80, `about three days by default (${total.toFixed(1)} h)`)
  const config = loadConfig({})
  t.same(config.webhookRetrySchedule, parseRetrySchedule(DEFAULT_RETRY_SCHEDULE))
  t.equal(config.webhookWorker, true)
  t.equal(config.webhookPollMs, 1000)
  t.same(loadConfig({ WEBHOOK_RETRY_SCHEDULE: '1s,2s' }).webhookRetrySchedule, [1000, 2000])
  t.equal(loadConfig({ WEBHOOK_WORKER: 'false' }).webhookWorker, false)
  for (const bad of ['5x', '5s,,5m', 'soon', '-5s', '5 s']) {
    t.throws(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: bad }), ConfigError, bad)
  }
  t.throws(() => loadConfig({ WEBHOOK_RETRY_SCHEDULE: '5s,banana' }), /WEBHOOK_RETRY_SCHEDULE: "banana" is not a duration/)
  t.throws(() => loadConfig({ WEBHOOK_POLL_MS: '1' }), ConfigError)
  t.equal(config.webhookTimeoutMs, 15_000)
  t.equal(loadConfig({ WEBHOOK_TIMEOUT_MS: '2000' }).webhookTimeoutMs, 2000)
  for (const bad of ['999', '60001', 'soon']) t.throws(() => loadConfig({ WEBHOOK_TIMEOUT_MS: bad }), ConfigError, bad)
})

t.test('the next attempt: jittered, Retry-After honoured, none once the schedule is spent', async t => {
  t.equal(nextAttemptDelay([1000], 1, 0, () => 0), 800)
  t.equal(nextAttemptDelay([1000], 1, 0, () => 1), 1200)
  t.equal(nextAttemptDelay([1000], 1, 60_000, () => 0.5), 60_000)
  t.equal(nextAttemptDelay([1000], 2), null)
  t.equal(retryAfterMs(null), 0)
  t.equal(retryAfterMs('120'), 120_000)
  t.equal(retryAfterMs('999999'), 86_400_000, 'capped at a day')
  t.equal(retryAfterMs(new Date(10_000).toUTCString(), 0), 10_000)
  t.equal(retryAfterMs('soon'), 0)
})

t.test('what an answer makes of a delivery', async t => {
  const sent = (status: number | null, retryAfter = 0): Sent => ({ status, durationMs: 1, responseBody: null, error: null, retryAfterMs: retryAfter })
  t.same(outcomeOf(sent(200), 1, [10]), { status: 'succeeded' })
  t.same(outcomeOf(sent(299), 1, [10]), { status: 'succeeded' })
  t.same(outcomeOf(sent(410), 1, [10]), { status: 'failed' })
  t.match(outcomeOf(sent(301), 1, [10]), { status: 'pending' })
  t.match(outcomeOf(sent(null), 1, [10]), { status: 'pending' })
  t.same(outcomeOf(sent(429, 5000), 1, [10]), { status: 'pending', retryInMs: 5000 })
  t.same(outcomeOf(sent(500), 2, [10]), { status: 'failed' })
})

t.test('the replaced secret signs only until its overlap ends', async t => {
  const now = new Date('2026-12-06T12:00:00Z')
  t.same(signingSecrets({ secret: 'a', previous_secret: null, previous_secret_until: null }, now), ['a'])
  t.same(signingSecrets({ secret: 'a', previous_secret: 'b', previous_secret_until: new Date('2026-12-06T13:00:00Z') }, now), ['a', 'b'])
  t.same(signingSecrets({ secret: 'a', previous_secret: 'b', previous_secret_until: new Date('2026-12-06T11:00:00Z') }, now), ['a'])
})
