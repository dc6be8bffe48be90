// The schedule of a harvest source: `manual`, `hourly`, `daily`, `weekly`, or an ISO 8601 duration
// in weeks, days, hours and minutes (`PT6H`, `P1DT12H`), between 15 minutes and 31 days.
import { invalid } from '../errors.js'

const ALIASES: Record<string, string> = { hourly: 'PT1H', daily: 'P1D', weekly: 'P1W' }
const DURATION = /^P(?:(\d{1,4})W)?(?:(\d{1,4})D)?(?:T(?:(\d{1,4})H)?(?:(\d{1,5})M)?)?$/
export const MIN_INTERVAL_SECONDS = 15 * 60
export const MAX_INTERVAL_SECONDS = 31 * 24 * 3600

export const SCHEDULE_DESCRIPTION = '`manual` (runs only when asked), `hourly`, `daily`, `weekly`, or an ISO 8601 duration ' +
  'in weeks, days, hours and minutes such as `PT6H` or `P1DT12H`, from `PT15M` to `P31D`. The first run is due at once.'

/** Seconds between runs, or null for `manual`; throws 400 on anything else. */
export function scheduleInterval (schedule: string): number | null {
  if (schedule === 'manual') return null
  const match = DURATION.exec(ALIASES[schedule] ?? schedule)
  if (match === null) {
    throw invalid('body/schedule', `${schedule} is not a schedule: use ${SCHEDULE_DESCRIPTION.replace(/`/g, '')}`, 400)
  }
  const [weeks, days, hours, minutes] = match.slice(1).map(n => Number(n ?? 0)) as [number, number, number, number]
  const seconds = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60
  if (seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS) {
    throw invalid('body/schedule', `${schedule} is outside the allowed range: from PT15M to P31D`, 400)
  }
  return seconds
}
