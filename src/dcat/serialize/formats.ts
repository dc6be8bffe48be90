// The four RDF syntaxes of the feed: extension, media type, Content-Type, and Accept negotiation.
export const RDF_FORMATS = {
  ttl: { mediaType: 'text/turtle', aliases: ['application/x-turtle'] },
  rdf: { mediaType: 'application/rdf+xml', aliases: ['application/xml', 'text/xml'] },
  jsonld: { mediaType: 'application/ld+json', aliases: [] },
  nt: { mediaType: 'application/n-triples', aliases: [] }
} as const satisfies Record<string, { mediaType: string, aliases: readonly string[] }>

/** Also the URL extension: `/catalog.ttl`, `/datasets/{id}.jsonld`. */
export type RdfFormat = keyof typeof RDF_FORMATS

export const RDF_EXTENSIONS = Object.keys(RDF_FORMATS) as RdfFormat[]

export function isRdfFormat (extension: string): extension is RdfFormat {
  return Object.hasOwn(RDF_FORMATS, extension)
}

/** Always with a charset: python-requests decodes `text/turtle` without one as ISO-8859-1. */
export function contentType (format: RdfFormat): string {
  return `${RDF_FORMATS[format].mediaType}; charset=utf-8`
}

function formatOf (mediaRange: string, fallback: RdfFormat): RdfFormat | null {
  if (mediaRange === '*/*') return fallback
  const [type, subtype] = mediaRange.split('/')
  const candidates = [fallback, ...RDF_EXTENSIONS]
  return candidates.find((format) => {
    const { mediaType, aliases } = RDF_FORMATS[format]
    const names: readonly string[] = [mediaType, ...aliases]
    return subtype === '*' ? mediaType.startsWith(`${type}/`) : names.includes(mediaRange)
  }) ?? null
}

interface MediaRange { range: string, q: number }

/** Acceptable ranges, best first: by q, ties to the earlier one; q=0 and unreadable q dropped. */
function acceptedRanges (accept: string): MediaRange[] {
  return accept.split(',').map((part, index) => {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase())
    const q = params.find((param) => param.startsWith('q='))
    return { range, q: q === undefined ? 1 : Number(q.slice(2)), index }
  }).filter(({ q }) => q > 0).sort((a, b) => b.q - a.q || a.index - b.index)
}

/**
 * The format to answer an `Accept` header with: the acceptable range with the highest q, ties going
 * to the earlier one; `fallback` (Turtle) for no header or `*∕*`; null when nothing fits (406).
 */
export function negotiateRdfFormat (accept: string | undefined, fallback: RdfFormat = 'ttl'): RdfFormat | null {
  if (accept === undefined || accept.trim() === '') return fallback
  for (const { range } of acceptedRanges(accept)) {
    const format = formatOf(range, fallback)
    if (format !== null) return format
  }
  return null
}

/**
 * For a resource whose default is another type (a dataset's JSON): the RDF format the client asks
 * for by its own media type, when it ranks before every range that `other` matches; null otherwise,
 * and for wildcards, which the default answers.
 */
export function preferredRdfFormat (accept: string | undefined, other: string): RdfFormat | null {
  if (accept === undefined) return null
  const [type] = other.split('/')
  for (const { range } of acceptedRanges(accept)) {
    if (range === other || range === '*/*' || range === `${type}/*`) return null
    // Own media types only: browsers rank application/xml above */*, and must still get the JSON.
    const format = RDF_EXTENSIONS.find((candidate) => RDF_FORMATS[candidate].mediaType === range)
    if (format !== undefined) return format
  }
  return null
}
