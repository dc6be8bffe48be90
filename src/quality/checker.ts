// The URL checker: HEAD on each due URL (as piveau's url-checker does), through the outbound policy
// (public addresses only unless OUTBOUND_ALLOW_PRIVATE=true, redirects bounded), a few at a time per host.
// piveau's status mapping: the HTTP status, 1100 when no answer came, 1300 when the URL cannot be fetched.
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { guardedFetch } from '../outbound/fetch.js'
import { OutboundRefusedError } from '../outbound/policy.js'
import { withQuality } from './tables.js'

export const NO_ANSWER = 1100
export const NOT_FETCHABLE = 1300

export interface CheckerOptions {
  allowPrivate: boolean
  timeoutMs: number
  /** Requests in flight to one host at once. */
  perHost: number
  /** URLs claimed per pass. */
  batch: number
  /** How long a claim keeps a URL from other nodes; a node that dies lets it be due again after this. */
  leaseSeconds: number
  /** When a checked URL is due again ("re-examined within a few weeks"). */
  recheckSeconds: number
}

export const DEFAULT_CHECKER_OPTIONS: Omit<CheckerOptions, 'allowPrivate'> = {
  timeoutMs: 10_000, perHost: 2, batch: 50, leaseSeconds: 300, recheckSeconds: 14 * 86_400
}

export interface UrlOutcome { status: number, detail: string | null }

/** One HEAD request, its outcome in piveau's terms. */
export async function headUrl (fetch: ReturnType<typeof guardedFetch>, url: string, timeoutMs: number): Promise<UrlOutcome> {
  try {
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'Bastille link checker (metadata quality)' } })
    await response.body?.cancel()
    return { status: response.status, detail: null }
  } catch (err) {
    if (err instanceof OutboundRefusedError) {
      return /redirects more than/.test(err.message) ? { status: NO_ANSWER, detail: `redirect loop: ${err.message}` } : { status: NOT_FETCHABLE, detail: err.message }
    }
    const name = (err as Error).name
    if (name === 'TimeoutError' || name === 'AbortError') return { status: NO_ANSWER, detail: `no answer within ${timeoutMs / 1000} s` }
    const cause = (err as { cause?: { code?: string, message?: string } }).cause
    return { status: NO_ANSWER, detail: `could not connect: ${cause?.code ?? cause?.message ?? (err as Error).message}` }
  }
}

/** Claims up to `batch` due URLs still named by some dataset, pushing them a lease ahead (SKIP LOCKED: one node each). */
export async function claimDueUrls (db: Kysely<DB>, options: Pick<CheckerOptions, 'batch' | 'leaseSeconds'>): Promise<Array<{ url: string, host: string, status: number | null }>> {
  const { rows } = await sql<{ url: string, host: string, status: number | null }>`
    UPDATE quality_url_checks SET next_check_at = now() + make_interval(secs => ${options.leaseSeconds})
    WHERE url IN (
      SELECT c.url FROM quality_url_checks c
      WHERE c.next_check_at <= now() AND EXISTS (SELECT 1 FROM quality_dataset_urls d WHERE d.url = c.url)
      ORDER BY c.next_check_at LIMIT ${options.batch} FOR UPDATE SKIP LOCKED
    )
    RETURNING url, host, status`.execute(db)
  return rows
}

/** Stores an outcome; when the status changed, the datasets naming the URL are rescored. */
export async function recordOutcome (db: Kysely<DB>, url: string, previous: number | null, outcome: UrlOutcome, recheckSeconds: number): Promise<void> {
  await db.transaction().execute(async trx => {
    await withQuality(trx).updateTable('quality_url_checks')
      .set({ status: outcome.status, detail: outcome.detail, checked_at: sql<Date>`now()`, next_check_at: sql<Date>`now() + make_interval(secs => ${recheckSeconds})` })
      .where('url', '=', url).execute()
    if (previous === outcome.status) return
    await sql`UPDATE dataset_quality SET stale = true, changed_at = now()
      WHERE dataset_id IN (SELECT dataset_id FROM quality_dataset_urls WHERE url = ${url})`.execute(trx)
  })
}

/** URLs no dataset names any more. */
export async function forgetUnusedUrls (db: Kysely<DB>): Promise<void> {
  await sql`DELETE FROM quality_url_checks c WHERE NOT EXISTS (SELECT 1 FROM quality_dataset_urls d WHERE d.url = c.url)`.execute(db)
}

/** One pass: claims due URLs and checks them, at most `perHost` at once per host. Returns how many were checked. */
export async function checkDueUrls (db: Kysely<DB>, options: CheckerOptions): Promise<number> {
  const claimed = await claimDueUrls(db, options)
  if (claimed.length === 0) return 0
  const fetch = guardedFetch({ allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs })
  const byHost = new Map<string, typeof claimed>()
  for (const row of claimed) byHost.set(row.host, [...byHost.get(row.host) ?? [], row])
  try {
    // Each host gets `perHost` lanes working through its URLs in turn; hosts proceed in parallel.
    await Promise.all([...byHost.values()].flatMap(rows => Array.from({ length: Math.min(options.perHost, rows.length) }, async () => {
      for (let row = rows.shift(); row !== undefined; row = rows.shift()) {
        await recordOutcome(db, row.url, row.status, await headUrl(fetch, row.url, options.timeoutMs), options.recheckSeconds)
      }
    })))
  } finally {
    await fetch.close()
  }
  return claimed.length
}
