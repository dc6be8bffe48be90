// Imported records pass the same schemas as the API's request bodies, so an import can store nothing
// a client could not have written (lengths, URLs, e-mails, codes).
import { Compile } from 'typebox/compile'
import { CreateDataset } from '../schemas/dataset.js'
import { CreateDistribution } from '../schemas/distribution.js'

const datasetCheck = Compile(CreateDataset)
const distributionCheck = Compile(CreateDistribution)

/** One line per problem (`/title: must NOT have more than 500 characters`), empty when valid. */
export function datasetProblems (body: CreateDataset): string[] {
  if (datasetCheck.Check(body)) return []
  return [...datasetCheck.Errors(body)].slice(0, 5).map(e => `${e.instancePath || '/'}: ${e.message}`)
}

export function distributionProblems (body: CreateDistribution): string[] {
  if (distributionCheck.Check(body)) return []
  return [...distributionCheck.Errors(body)].slice(0, 5).map(e => `${e.instancePath || '/'}: ${e.message}`)
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** An http(s) URL a client could have written, else null. */
export function httpUrl (value: unknown): string | null {
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  if (trimmed.length > 2000 || !/^https?:\/\/[^\s]+$/i.test(trimmed)) return null
  try {
    return new URL(trimmed).href === '' ? null : trimmed
  } catch {
    return null
  }
}

export function email (value: unknown): string | null {
  if (typeof value !== 'string') return null
  const trimmed = value.trim().replace(/^mailto:/i, '')
  return trimmed.length <= 200 && EMAIL.test(trimmed) ? trimmed : null
}

/** A non-empty trimmed string of at most `max` characters, else null. */
export function text (value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null
  const trimmed = value.trim()
  return trimmed === '' || trimmed.length > max ? null : trimmed
}

/** An ISO timestamp from a source date (CKAN's naive UTC, xsd:date, xsd:dateTime), else null. */
export function timestamp (value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null
  let trimmed = value.trim()
  // CKAN writes naive UTC without a zone (ckan-compat §1.4).
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed)) trimmed += 'Z'
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return null
  const date = new Date(trimmed)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** An ISO date (YYYY-MM-DD) from a source date or timestamp, else null. */
export function isoDate (value: unknown): string | null {
  if (typeof value !== 'string') return null
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim())
  if (match === null) return null
  // A round trip refuses days JavaScript would roll over (2024-02-30 → March 1st), which PostgreSQL refuses.
  const date = new Date(`${match[1]!}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(match[1]!) ? match[1]! : null
}
