// A small streaming RDF/XML writer (neither N3.js nor jsonld.js writes RDF/XML): one typed node
// element per subject, blank nodes as rdf:nodeID, literals as text with xml:lang or rdf:datatype.
import type * as RDF from '@rdfjs/types'
import { cleanText } from '../terms.js'
import { PREFIXES } from '../vocab.js'
import { groupBySubject, type QuadBatches } from './group.js'

const RDF_TYPE = `${PREFIXES.rdf}type`
const XSD_STRING = `${PREFIXES.xsd}string`
const NCNAME = /^[A-Za-z_][A-Za-z0-9._-]*$/
const NCNAME_SUFFIX = /[A-Za-z_][A-Za-z0-9._-]*$/
const NAMESPACES = Object.entries(PREFIXES)

const HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF' +
  NAMESPACES.map(([prefix, namespace]) => `\n    xmlns:${prefix}="${namespace}"`).join('') + '>\n'

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' }
// Carriage returns are escaped in text too: XML parsers turn a literal CR LF into LF.
const escapeText = (value: string): string => cleanText(value).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!)
const escapeAttribute = (value: string): string => cleanText(value).replace(/[&<>"\r\n\t]/g, (c) => TEXT_ESCAPES[c]!)

/**
 * An element name for an IRI, with its own namespace declaration when no prefix of the table fits;
 * null when no split of the IRI ends in an XML name (RDF/XML cannot write it as an element).
 */
function qname (iri: string): string | null {
  let name = qnames.get(iri)
  if (name === undefined) {
    name = splitIri(iri)
    // Predicates and classes are few; the bound only guards against unusual input.
    if (qnames.size < 10_000) qnames.set(iri, name)
  }
  return name
}

const qnames = new Map<string, string | null>()

function splitIri (iri: string): string | null {
  for (const [prefix, namespace] of NAMESPACES) {
    if (iri.startsWith(namespace) && NCNAME.test(iri.slice(namespace.length))) return `${prefix}:${iri.slice(namespace.length)}`
  }
  const local = NCNAME_SUFFIX.exec(iri)?.[0]
  if (local === undefined || local === iri) return null
  return `ns:${local} xmlns:ns="${escapeAttribute(iri.slice(0, -local.length))}"`
}

/** rdf:nodeID must be an NCName: other labels are hex-encoded behind `x-`, which keeps them distinct. */
function nodeId (label: string): string {
  return NCNAME.test(label) && !label.startsWith('x-') ? label : `x-${Buffer.from(label).toString('hex')}`
}

function reference (term: RDF.Term): string {
  return term.termType === 'BlankNode' ? `rdf:nodeID="${nodeId(term.value)}"` : `rdf:resource="${escapeAttribute(term.value)}"`
}

function property (quad: RDF.Quad): string {
  const name = qname(quad.predicate.value)
  if (name === null) throw new Error(`RDF/XML cannot write the predicate ${quad.predicate.value}`)
  const closing = name.split(' ')[0]
  const object = quad.object
  if (object.termType !== 'Literal') return `    <${name} ${reference(object)}/>\n`
  const attribute = object.language !== ''
    ? ` xml:lang="${escapeAttribute(object.language)}"`
    : object.datatype.value === XSD_STRING ? '' : ` rdf:datatype="${escapeAttribute(object.datatype.value)}"`
  return `    <${name}${attribute}>${escapeText(object.value)}</${closing}>\n`
}

function node (quads: RDF.Quad[]): string {
  const subject = quads[0]!.subject
  // The first type that has an XML name becomes the element; the others stay rdf:type properties.
  const type = quads.find((quad) => quad.predicate.value === RDF_TYPE && quad.object.termType === 'NamedNode' &&
    qname(quad.object.value) !== null)
  const element = type === undefined ? 'rdf:Description' : qname(type.object.value)!
  const about = subject.termType === 'BlankNode' ? `rdf:nodeID="${nodeId(subject.value)}"` : `rdf:about="${escapeAttribute(subject.value)}"`
  const properties = quads.filter((quad) => quad !== type).map(property).join('')
  return properties === ''
    ? `  <${element} ${about}/>\n`
    : `  <${element} ${about}>\n${properties}  </${element.split(' ')[0]}>\n`
}

export async function * rdfXmlChunks (batches: QuadBatches): AsyncGenerator<string> {
  yield HEAD
  for await (const batch of batches) {
    const xml = groupBySubject(batch).map(node).join('')
    if (xml !== '') yield xml
  }
  yield '</rdf:RDF>\n'
}
