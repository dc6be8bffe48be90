// Range bounds of date fields: ISO dates and times (UTC unless an offset is given) and Solr date math,
// `NOW`, `NOW-1DAY`, `NOW-7DAYS`, `NOW/DAY`, `NOW-5DAY/DAY`, also after an ISO date.
import { SearchSyntaxError } from './parse.js'

const UNITS: Record<string, string> = {
  YEAR: 'year', MONTH: 'month', DAY: 'day', DATE: 'day', HOUR: 'hour', MINUTE: 'minute', SECOND: 'second', MILLI: 'milli', MILLISECOND: 'milli'
}

function unit (word: string): string {
  const name = UNITS[word.toUpperCase().replace(/S$/, '')]
  if (name === undefined) throw new SearchSyntaxError(`unknown date unit ${word}`)
  return name
}

function add (date: Date, amount: number, name: string): void {
  switch (name) {
    case 'year': date.setUTCFullYear(date.getUTCFullYear() + amount); break
    case 'month': date.setUTCMonth(date.getUTCMonth() + amount); break
    case 'day': date.setUTCDate(date.getUTCDate() + amount); break
    case 'hour': date.setUTCHours(date.getUTCHours() + amount); break
    case 'minute': date.setUTCMinutes(date.getUTCMinutes() + amount); break
    case 'second': date.setUTCSeconds(date.getUTCSeconds() + amount); break
    default: date.setUTCMilliseconds(date.getUTCMilliseconds() + amount)
  }
}

function round (date: Date, name: string): void {
  const order = ['year', 'month', 'day', 'hour', 'minute', 'second', 'milli']
  const keep = order.indexOf(name)
  if (keep < 1) date.setUTCMonth(0)
  if (keep < 2) date.setUTCDate(1)
  if (keep < 3) date.setUTCHours(0)
  if (keep < 4) date.setUTCMinutes(0)
  if (keep < 5) date.setUTCSeconds(0)
  if (keep < 6) date.setUTCMilliseconds(0)
}

const ISO = /^(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?)(Z|[+-]\d{2}:\d{2})?/

/** The instant a bound names, relative to `now` for date math. */
export function parseDateBound (bound: string, now: Date): Date {
  let rest = bound
  let date: Date
  if (rest.startsWith('NOW')) {
    date = new Date(now)
    rest = rest.slice(3)
  } else {
    const match = ISO.exec(rest)
    if (match === null) throw new SearchSyntaxError(`invalid date "${bound}"`)
    const text = match[1]!.replace(/(\.\d{3})\d+/, '$1')
    date = new Date(text.length === 10 ? `${text}T00:00:00Z` : `${text}${match[2] ?? 'Z'}`)
    if (Number.isNaN(date.getTime())) throw new SearchSyntaxError(`invalid date "${bound}"`)
    rest = rest.slice(match[0].length)
  }
  const step = /^([+-])(\d{1,6})([A-Za-z]+)|^\/([A-Za-z]+)/
  while (rest !== '') {
    const match = step.exec(rest)
    if (match === null) throw new SearchSyntaxError(`invalid date math "${bound}"`)
    if (match[4] !== undefined) round(date, unit(match[4]))
    else add(date, (match[1] === '-' ? -1 : 1) * Number(match[2]), unit(match[3]!))
    rest = rest.slice(match[0].length)
  }
  if (Number.isNaN(date.getTime())) throw new SearchSyntaxError(`invalid date "${bound}"`)
  return date
}
