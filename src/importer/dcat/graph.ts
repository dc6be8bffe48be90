// Reading values out of a parsed page: objects of a property, literals in the preferred language, and
// the description of a dataset (its triples and those of its blank and distribution nodes) for provenance.
import type { Quad, Store, Term } from 'n3'

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  locn: 'http://www.w3.org/ns/locn#',
  adms: 'http://www.w3.org/ns/adms#',
  owl: 'http://www.w3.org/2002/07/owl#',
  schema: 'http://schema.org/',
  time: 'http://www.w3.org/2006/time#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  /** The Hydra namespace of early drafts, which some exports still use. */
  hydraLegacy: 'http://purl.org/hydra/core#'
} as const

export class Graph {
  readonly store: Store

  constructor (store: Store) {
    this.store = store
  }

  objects (subject: Term, ...predicates: string[]): Term[] {
    return predicates.flatMap(p => this.store.getObjects(subject, p, null))
  }

  subjectsOfType (type: string): Term[] {
    return this.store.getSubjects(`${NS.rdf}type`, type, null)
  }

  /** The first IRI or literal value of the properties, in the order given. */
  value (subject: Term, ...predicates: string[]): string | null {
    for (const p of predicates) {
      const found = this.preferred(this.store.getObjects(subject, p, null).filter(o => o.termType !== 'BlankNode'))
      if (found.length > 0) return found[0]!.value.trim()
    }
    return null
  }

  /** Literal values in the preferred language: French, then none, then English, then any. */
  preferred (terms: Term[]): Term[] {
    const lang = (t: Term): string => t.termType === 'Literal' ? (t as unknown as { language: string }).language.toLowerCase().split('-')[0]! : ''
    const none = terms.filter(t => lang(t) === '')
    const french = terms.filter(t => lang(t) === 'fr')
    if (french.length > 0) return [...french, ...none]
    if (none.length > 0) return none
    const english = terms.filter(t => lang(t) === 'en')
    return english.length > 0 ? english : terms
  }

  /** Text values of a property in the preferred language, distinct. */
  texts (subject: Term, predicate: string): string[] {
    return [...new Set(this.preferred(this.store.getObjects(subject, predicate, null).filter(o => o.termType === 'Literal')).map(t => t.value.trim()))]
  }

  /**
   * The triples describing `subject`: its own, then those of the blank nodes and of the nodes listed in
   * `follow` it points to, as sorted N-Triples-like lines with blank node labels erased (so they compare
   * equal from one parse to the next).
   */
  describe (subject: Term, follow: ReadonlySet<string>, depth = 4): string[] {
    const lines = new Set<string>()
    const seen = new Set<string>()
    const walk = (node: Term, level: number): void => {
      const key = `${node.termType}:${node.value}`
      if (seen.has(key) || level > depth) return
      seen.add(key)
      for (const quad of this.store.getQuads(node, null, null, null)) {
        lines.add(line(quad))
        if (quad.object.termType === 'BlankNode' || follow.has(quad.predicate.value)) walk(quad.object, level + 1)
      }
    }
    walk(subject, 0)
    return [...lines].sort()
  }
}

function show (term: Term): string {
  if (term.termType === 'BlankNode') return '_:b'
  if (term.termType === 'NamedNode') return `<${term.value}>`
  const literal = term as unknown as { value: string, language: string, datatype: { value: string } }
  const suffix = literal.language !== '' ? `@${literal.language}` : literal.datatype.value.endsWith('#string') ? '' : `^^<${literal.datatype.value}>`
  return `${JSON.stringify(literal.value)}${suffix}`
}

function line (quad: Quad): string {
  return `${show(quad.subject)} ${show(quad.predicate)} ${show(quad.object)} .`
}
