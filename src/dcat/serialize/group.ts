// Quads of one batch gathered by subject, in first-seen order, so each writer emits one node per
// subject (Turtle `;` lists, one RDF/XML element, one JSON-LD node object).
import type * as RDF from '@rdfjs/types'

export type QuadBatches = AsyncIterable<readonly RDF.Quad[]> | Iterable<readonly RDF.Quad[]>

export function groupBySubject (batch: readonly RDF.Quad[]): RDF.Quad[][] {
  const groups = new Map<string, RDF.Quad[]>()
  for (const quad of batch) {
    const key = quad.subject.termType === 'BlankNode' ? `_:${quad.subject.value}` : quad.subject.value
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [quad])
    else group.push(quad)
  }
  return [...groups.values()]
}
