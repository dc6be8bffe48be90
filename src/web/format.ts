// How values read on a page (French, as the catalogue): dates, sizes, quality bands.
import { html, type Html } from './html.js'
import type { Band } from '../quality/metrics.js'

const DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' })
const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })

/** A date or `YYYY-MM-DD`, in a `<time>` element that machines read too. */
export function dateHtml (value: Date | string): Html {
  const date = typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : value
  const iso = typeof value === 'string' ? value : value.toISOString()
  return html`<time datetime="${iso}">${DATE.format(date)}</time>`
}

const UNITS = ['octets', 'Ko', 'Mo', 'Go', 'To']

export function formatBytes (bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000
    unit++
  }
  return `${NUMBER.format(value)} ${UNITS[unit]!}`
}

export const BAND_LABELS: Record<Band, string> = {
  excellent: 'excellente',
  good: 'bonne',
  sufficient: 'suffisante',
  bad: 'insuffisante'
}

/** A plain-text excerpt of at most `max` characters, cut at a word. */
export function excerpt (text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`
}
