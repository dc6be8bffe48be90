// Nodes many datasets point to (licences, publishers, themes, media types…), typed as the
// DCAT-AP range shapes require and described once per document.
import { DataFactory } from 'n3'
import type { NamedNode, Quad } from '@rdfjs/types'
import type { AgentView, ConceptView, LabelledConceptView, LicenceView } from './types.js'
import { fr, iri, mailto, plain } from './terms.js'
import { ADMS_LICENCE_TYPE, ADMS_LICENCE_TYPES, dct, foaf, rdf, rdfs, skos, SCHEMES } from './vocab.js'

const { literal, quad } = DataFactory

export interface MapContext {
  /** Dates later than this are written as this: harvesters drop dates in the future. */
  now: Date
  /**
   * `hexBinary` is what the DCAT-AP 3.0.1 shapes require; `plain` is what udata can store
   * (it turns a hexBinary literal into bytes and fails the dataset).
   * @see ../../../shared/notes/datagouv-harvester.md §3
   */
  checksumValue: 'hexBinary' | 'plain'
  /** Whether the datasets' quality measurements (DQV) are written. */
  quality: boolean
  /** Shared nodes this document already describes (see `once`). */
  described: Set<string>
}

export function mapContext (options: Partial<Omit<MapContext, 'described'>> = {}): MapContext {
  return { now: options.now ?? new Date(), checksumValue: options.checksumValue ?? 'hexBinary', quality: options.quality ?? true, described: new Set() }
}

/**
 * The description of a shared node, or nothing when the document already has it.
 * Keyed by role and IRI: one IRI may be, say, both a landing page and a standard.
 */
export function once (ctx: MapContext, role: NamedNode, node: NamedNode, describe: () => Quad[]): Quad[] {
  const key = `${role.value} ${node.value}`
  if (ctx.described.has(key)) return []
  ctx.described.add(key)
  return describe()
}

export interface Statements {
  quads: Quad[]
  /** Adds a statement unless the value is missing. */
  add: (predicate: NamedNode, object: Quad['object'] | null) => void
  /** Links to a shared node and appends its description (empty when the document has it). */
  link: (predicate: NamedNode, target: [NamedNode, Quad[]]) => void
}

/** Collects the statements about one subject. */
export function statements (subject: Quad['subject']): Statements {
  const quads: Quad[] = []
  return {
    quads,
    add: (predicate, object) => { if (object !== null) quads.push(quad(subject, predicate, object)) },
    link: (predicate, [object, described]) => { quads.push(quad(subject, predicate, object), ...described) }
  }
}

export function typed (node: Quad['subject'], ...types: NamedNode[]): Quad[] {
  return types.map((type) => quad(node, rdf('type'), type))
}

export function licence (ctx: MapContext, view: LicenceView): [NamedNode, Quad[]] {
  const node = iri(view.uri)
  return [node, once(ctx, dct('LicenseDocument'), node, () => {
    const quads = [...typed(node, dct('LicenseDocument')), quad(node, rdfs('label'), plain(view.title))]
    for (const code of view.types ?? []) {
      const label = ADMS_LICENCE_TYPES[code]
      if (label === undefined) continue
      const type = iri(ADMS_LICENCE_TYPE + code)
      quads.push(quad(node, dct('type'), type), ...once(ctx, skos('Concept'), type, () => [
        ...typed(type, skos('Concept')), quad(type, skos('prefLabel'), literal(label, 'en')), quad(type, skos('inScheme'), SCHEMES.licenceType)
      ]))
    }
    return quads
  })]
}

/** An entry of an EU table, typed with the class the range shapes expect and placed in its scheme. */
export function concept (ctx: MapContext, view: ConceptView, type: NamedNode, scheme: NamedNode): [NamedNode, Quad[]] {
  const node = iri(view.uri)
  return [node, once(ctx, type, node, () => [...typed(node, type), quad(node, skos('inScheme'), scheme)])]
}

/** A `skos:Concept`, which the shapes require to carry a `skos:prefLabel`. */
export function labelledConcept (ctx: MapContext, view: LabelledConceptView, scheme: NamedNode): [NamedNode, Quad[]] {
  const node = iri(view.uri)
  return [node, once(ctx, skos('Concept'), node, () => [
    ...typed(node, skos('Concept')), quad(node, skos('prefLabel'), fr(view.labelFr)), quad(node, skos('inScheme'), scheme)
  ])]
}

/** Typed both ways: the shapes target `foaf:Agent`, so an Organization alone is never checked. */
export function agent (ctx: MapContext, view: AgentView): [NamedNode, Quad[]] {
  const node = iri(view.uri)
  return [node, once(ctx, foaf('Agent'), node, () => {
    const quads = [...typed(node, foaf('Agent'), foaf('Organization')), quad(node, foaf('name'), plain(view.name))]
    if (view.type !== null) {
      const [type, typeQuads] = labelledConcept(ctx, view.type, SCHEMES.publisherType)
      quads.push(quad(node, dct('type'), type), ...typeQuads)
    }
    if (view.homepage !== null) quads.push(quad(node, foaf('homepage'), iri(view.homepage)))
    if (view.email !== null) quads.push(quad(node, foaf('mbox'), mailto(view.email)))
    return quads
  })]
}

/** Any other shared IRI that only needs its class (media types, standards, places, documents). */
export function instance (ctx: MapContext, uri: string, type: NamedNode): [NamedNode, Quad[]] {
  const node = iri(uri)
  return [node, once(ctx, type, node, () => typed(node, type))]
}
