// from/until: UTCdatetime at day or second granularity (both the same in one request), turned into a
// half-open range of instants so that `until` includes the whole day or second it names (spec §3.3).
import { OaiError } from './errors.js'

const DAY = /^\d{4}-\d{2}-\d{2}$/
const SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

export interface DateRange {
  /** Inclusive. */
  from: Date | null
  /** Exclusive: the instant after the last one `until` names. */
  before: Date | null
}

function granularity (value: string, name: string): 'day' | 'second' {
  const kind = DAY.test(value) ? 'day' : SECOND.test(value) ? 'second' : null
  // Round-tripping catches days like 2026-02-30, which Date would roll over.
  const date = kind === null ? null : new Date(kind === 'day' ? `${value}T00:00:00Z` : value)
  if (kind === null || date === null || Number.isNaN(date.getTime()) || date.toISOString().slice(0, value.length - (kind === 'day' ? 0 : 1)) !== value.replace(/Z$/, '')) {
    throw new OaiError('badArgument', `${name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, a real date in UTC`)
  }
  return kind
}

/** Checks the pair: valid dates, one granularity, from not after until. */
export function checkDates (from: string | null, until: string | null): void {
  const kinds = [from === null ? null : granularity(from, 'from'), until === null ? null : granularity(until, 'until')]
  if (kinds[0] !== null && kinds[1] !== null && kinds[0] !== kinds[1]) throw new OaiError('badArgument', 'from and until must have the same granularity')
  const range = dateRange(from, until)
  if (range.from !== null && range.before !== null && range.from >= range.before) throw new OaiError('badArgument', 'from is later than until')
}

export function dateRange (from: string | null, until: string | null): DateRange {
  const start = (value: string): Date => new Date(DAY.test(value) ? `${value}T00:00:00Z` : value)
  const step = until !== null && DAY.test(until) ? 86_400_000 : 1000
  return { from: from === null ? null : start(from), before: until === null ? null : new Date(start(until).getTime() + step) }
}
