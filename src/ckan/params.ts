// An action's input as CKAN decodes it (ckan-compat.md §1.1): query parameters or a body dict, repeated
// parameters as lists, booleans in asbool's loose forms, numbers as numbers or digit strings.
import { validationError } from './errors.js'

export type ActionInput = Readonly<Record<string, unknown>>

const TRUE = new Set(['true', 'yes', 'on', 'y', 't', '1'])
const FALSE = new Set(['false', 'no', 'off', 'n', 'f', '0', ''])

/** A single value: the first of a repeated parameter. */
function one (input: ActionInput, name: string): unknown {
  const value = input[name]
  return Array.isArray(value) ? value[0] : value
}

export function text (input: ActionInput, name: string): string | undefined {
  const value = one(input, name)
  if (value === undefined || value === null) return undefined
  return typeof value === 'string' ? value : JSON.stringify(value)
}

export function bool (input: ActionInput, name: string, fallback: boolean): boolean {
  const value = one(input, name)
  if (value === undefined || value === null) return fallback
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  const word = String(value).trim().toLowerCase()
  if (TRUE.has(word)) return true
  if (FALSE.has(word)) return false
  throw validationError(name, `Invalid boolean: ${String(value)}`)
}

/** A natural number (CKAN's `natural_number_validator`); `max` caps silently, as CKAN caps `rows`. */
export function natural (input: ActionInput, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = one(input, name)
  if (value === undefined || value === null || value === '') return fallback
  const number = typeof value === 'number' ? value : /^\s*-?\d{1,15}\s*$/.test(String(value)) ? Number(value) : Number.NaN
  if (!Number.isInteger(number)) throw validationError(name, 'Invalid integer')
  if (number < 0) throw validationError(name, 'Must be a natural number')
  return Math.min(number, max)
}

/** Any integer (facet.limit takes -1 for "no limit"). */
export function integer (input: ActionInput, name: string, fallback: number): number {
  const value = one(input, name)
  if (value === undefined || value === null || value === '') return fallback
  const number = typeof value === 'number' ? value : /^\s*-?\d{1,15}\s*$/.test(String(value)) ? Number(value) : Number.NaN
  if (!Number.isInteger(number)) throw validationError(name, 'Invalid integer')
  return number
}

/** A list: a JSON array, a JSON-encoded list in a string (`facet.field=["tags"]`), a comma list or repeated values. */
export function list (input: ActionInput, name: string): string[] {
  const value = input[name]
  if (value === undefined || value === null) return []
  const items = Array.isArray(value) ? value : [value]
  return items.flatMap(item => {
    if (typeof item !== 'string') return [String(item)]
    const trimmed = item.trim()
    if (!trimmed.startsWith('[')) return trimmed === '' ? [] : trimmed.split(',').map(s => s.trim()).filter(Boolean)
    let parsed: unknown
    try {
      parsed = JSON.parse(trimmed)
    } catch {
      throw validationError(name, 'Could not parse as valid JSON')
    }
    if (!Array.isArray(parsed)) throw validationError(name, 'Not a list')
    return parsed.map(String)
  })
}
