// Whether a request for a resource URI asks for the page (browsers) or its schema.org JSON-LD, ahead of
// what the route already serves (JSON, DCAT-AP). Parameters matter here (`profile`), so Accept is parsed
// with them; the JSON and RDF choices stay with the routes' own negotiation.

import { RDF_EXTENSIONS, RDF_FORMATS } from '../dcat/serialize/index.js'

export type PageKind = 'html' | 'schema.org'

/** What GET /datasets/{idOrSlug} serves besides pages: JSON and the DCAT-AP syntaxes. */
export const DATASET_TYPES: readonly string[] = ['application/json', ...RDF_EXTENSIONS.map((format) => RDF_FORMATS[format].mediaType)]

/** What the extensionless feed URLs serve besides pages: the DCAT-AP syntaxes by any of their names. */
export const FEED_TYPES: readonly string[] = RDF_EXTENSIONS.flatMap((format) => [RDF_FORMATS[format].mediaType, ...RDF_FORMATS[format].aliases])

interface MediaRange { type: string, params: Map<string, string>, q: number, index: number }

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml'])
const SCHEMA_ORG = /^https?:\/\/schema\.org\/?$/

/** The acceptable ranges, best first: by q, ties to the earlier one; q=0 dropped. */
export function mediaRanges (accept: string): MediaRange[] {
  return accept.split(',').map((part, index) => {
    const [type = '', ...pieces] = part.split(';').map((piece) => piece.trim())
    const params = new Map(pieces.map((piece) => {
      const at = piece.indexOf('=')
      return [piece.slice(0, at).trim().toLowerCase(), piece.slice(at + 1).trim().replace(/^"(.*)"$/, '$1')] as [string, string]
    }))
    const q = params.has('q') ? Number(params.get('q')) : 1
    return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, index }
  }).filter(({ q }) => q > 0).sort((a, b) => b.q - a.q || a.index - b.index)
}

const isSchemaOrg = (range: MediaRange): boolean =>
  range.type === 'application/ld+json' && (range.params.get('profile') ?? '').split(/\s+/).some((uri) => SCHEMA_ORG.test(uri))

/**
 * The page or the schema.org JSON-LD when the client ranks it before every other type the route
 * serves (`others`, exact or `type/*`) and before `*∕*`; null leaves the choice to the route.
 */
export function pageRequested (accept: string | undefined, others: readonly string[]): PageKind | null {
  if (accept === undefined) return null
  for (const range of mediaRanges(accept)) {
    if (isSchemaOrg(range)) return 'schema.org'
    if (HTML_TYPES.has(range.type)) return 'html'
    if (range.type === '*/*' || others.includes(range.type)) return null
    if (range.type.endsWith('/*') && others.some((other) => other.startsWith(range.type.slice(0, -1)))) return null
  }
  return null
}

/** For URLs that are only pages (`/`): whether HTML is acceptable at all; no Accept accepts anything. */
export function acceptsHtml (accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true
  return mediaRanges(accept).some((range) => HTML_TYPES.has(range.type) || range.type === 'text/*' || range.type === '*/*')
}

/** A browser, or anything else that ranks HTML before JSON: it gets errors as pages. */
export function prefersHtml (accept: string | undefined): boolean {
  return pageRequested(accept, ['application/json', 'application/problem+json']) === 'html'
}
