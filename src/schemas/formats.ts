// The one rule for dates and instants the API reads, for both validators: Ajv (JSON bodies, queries) and
// TypeBox (upload form fields). RFC 3339 as ajv-formats reads it, and an instant JavaScript and
// PostgreSQL both hold: from 0001-01-01 (PostgreSQL has no year 0: `0000-01-01` failed the query) to the
// end of 9999 (a later instant prints as `+010000-…`). A leap second, which Date cannot hold, is refused.
import type { Ajv } from 'ajv'
import { fullFormats } from 'ajv-formats/dist/formats.js'
import { Format } from 'typebox/format'

const FIRST = Date.parse('0001-01-01T00:00:00Z')
const LAST = Date.parse('9999-12-31T23:59:59.999Z')
const inRange = (time: number): boolean => time >= FIRST && time <= LAST

const rfc3339 = (name: 'date' | 'date-time', value: string): boolean => {
  const format = fullFormats[name] as { validate: (value: string) => boolean }
  return format.validate(value)
}

export const isDateTime = (value: string): boolean => rfc3339('date-time', value) && inRange(Date.parse(value))
export const isDate = (value: string): boolean => rfc3339('date', value) && inRange(Date.parse(`${value}T00:00:00Z`))

/** Replaces ajv-formats' `date` and `date-time` in one Ajv instance. */
export function addDateFormats (ajv: Ajv): void {
  ajv.addFormat('date-time', isDateTime)
  ajv.addFormat('date', isDate)
}

// TypeBox reads its registry when a validator is compiled: set before any module compiles one.
Format.Set('date-time', isDateTime)
Format.Set('date', isDate)
