// JSON-LD written directly as a stream against the inline context: one flat node object per
// subject in `@graph`, IRIs as `{"@id"}`, typed and language-tagged literals as explicit value
// objects. jsonld.js is far too slow to build it (about 4,000 triples/s), so tests use it only to read.
import type * as RDF from '@rdfjs/types'
import { JSONLD_CONTEXT } from '../context.js'
import { PREFIXES } from '../vocab.js'
import { groupBySubject, type QuadBatches } from './group.js'

const RDF_TYPE = `${PREFIXES.rdf}type`
const XSD_STRING = `${PREFIXES.xsd}string`
const NAMESPACES = Object.entries(PREFIXES)

/** Predicate IRI → the context term that aliases it. */
const TERMS = new Map(Object.entries(JSONLD_CONTEXT).flatMap(([term, value]) => {
  const [prefix = '', local] = value.split(':')
  const namespace = PREFIXES[prefix as keyof typeof PREFIXES]
  return namespace === undefined || local === undefined ? [] : [[namespace + local, term] as const]
}))

const HEAD = `{\n"@context": ${JSON.stringify(JSONLD_CONTEXT, null, 2)},\n"@graph": [\n`

function compact (iri: string): string {
  for (const [prefix, namespace] of NAMESPACES) {
    // A suffix starting with `//` would read as an absolute IRI.
    if (iri.startsWith(namespace) && iri.length > namespace.length && !iri.startsWith('//', namespace.length)) {
      return `${prefix}:${iri.slice(namespace.length)}`
    }
  }
  return iri
}

function id (term: RDF.Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : term.value
}

function value (object: RDF.Quad['object']): unknown {
  if (object.termType !== 'Literal') return { '@id': id(object) }
  if (object.language !== '') return { '@value': object.value, '@language': object.language }
  if (object.datatype.value === XSD_STRING) return object.value
  return { '@value': object.value, '@type': compact(object.datatype.value) }
}

function append (node: Record<string, unknown>, key: string, item: unknown): void {
  const current = node[key]
  if (current === undefined) node[key] = item
  else if (Array.isArray(current)) current.push(item)
  else node[key] = [current, item]
}

function nodeObject (quads: RDF.Quad[]): Record<string, unknown> {
  const node: Record<string, unknown> = { '@id': id(quads[0]!.subject) }
  for (const { predicate, object } of quads) {
    if (predicate.value === RDF_TYPE && object.termType === 'NamedNode') append(node, '@type', compact(object.value))
    else append(node, TERMS.get(predicate.value) ?? compact(predicate.value), value(object))
  }
  return node
}

export async function * jsonLdChunks (batches: QuadBatches): AsyncGenerator<string> {
  yield HEAD
  let separator = ''
  for await (const batch of batches) {
    let json = ''
    for (const group of groupBySubject(batch)) {
      json += separator + JSON.stringify(nodeObject(group))
      separator = ',\n'
    }
    if (json !== '') yield json
  }
  yield '\n]\n}\n'
}
