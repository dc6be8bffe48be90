// Safe constructors for the terms the mappers mint: every literal and IRI that reaches a writer
// is valid in all four syntaxes, so the four serialisations stay the same graph.
import { DataFactory } from 'n3'
import type { Literal, NamedNode } from '@rdfjs/types'
import { xsd } from './vocab.js'

const { literal, namedNode } = DataFactory

/** The language of the catalogue's metadata; data.gouv.fr prefers `@fr` or untagged literals. */
export const METADATA_LANGUAGE = 'fr'

// Characters XML 1.0 cannot carry at all (not even as references), and lone surrogates.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// Characters an IRI may not contain (RFC 3987 and the Turtle IRIREF production).
// eslint-disable-next-line no-control-regex
const NOT_IRI = /[\u0000-\u0020<>"{}|\\^`]/g

export function cleanText (value: string): string {
  return value.replace(NOT_XML, '')
}

/** A literal in the metadata language. */
export function fr (value: string): Literal {
  return literal(cleanText(value), METADATA_LANGUAGE)
}

export function plain (value: string): Literal {
  return literal(cleanText(value))
}

/** An IRI with the characters no syntax accepts percent-encoded, so one bad URL cannot break a page. */
export function iri (value: string): NamedNode {
  return namedNode(value.replace(NOT_IRI, (c) => encodeURIComponent(c)))
}

export function mailto (email: string): NamedNode {
  return iri(email.startsWith('mailto:') ? email : `mailto:${email}`)
}

/** UTC `xsd:dateTime` without milliseconds, clamped to `now`: udata drops dates in the future. */
export function dateTime (value: Date | null, now: Date): Literal | null {
  if (value === null || Number.isNaN(value.getTime())) return null
  const clamped = value.getTime() > now.getTime() ? now : value
  return literal(clamped.toISOString().replace(/\.\d{3}Z$/, 'Z'), xsd('dateTime'))
}

/** `xsd:date` from `YYYY-MM-DD`; impossible dates (`2024-02-30`) are dropped, as validators let them through. */
export function date (value: string | null): Literal | null {
  if (value === null || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const parsed = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value) ? literal(value, xsd('date')) : null
}

export function nonNegativeInteger (value: number | null): Literal | null {
  return value !== null && Number.isSafeInteger(value) && value >= 0 ? literal(String(value), xsd('nonNegativeInteger')) : null
}
