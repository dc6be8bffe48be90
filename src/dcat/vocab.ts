// One-line term helpers for the vocabularies the feed uses, and the prefixes every syntax shares.
import { DataFactory } from 'n3'
import type { NamedNode } from '@rdfjs/types'

export const PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  locn: 'http://www.w3.org/ns/locn#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
  adms: 'http://www.w3.org/ns/adms#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  dqv: 'http://www.w3.org/ns/dqv#',
  pv: 'https://piveau.eu/ns/voc#'
} as const

/** A term factory for one namespace; terms are cached because the feed mints millions of them. */
function namespace (base: string): (local: string) => NamedNode {
  const cache = new Map<string, NamedNode>()
  return (local) => {
    let term = cache.get(local)
    if (term === undefined) {
      term = DataFactory.namedNode(base + local)
      cache.set(local, term)
    }
    return term
  }
}

export const rdf = namespace(PREFIXES.rdf)
export const rdfs = namespace(PREFIXES.rdfs)
export const xsd = namespace(PREFIXES.xsd)
export const dcat = namespace(PREFIXES.dcat)
export const dct = namespace(PREFIXES.dct)
export const foaf = namespace(PREFIXES.foaf)
export const vcard = namespace(PREFIXES.vcard)
export const skos = namespace(PREFIXES.skos)
export const spdx = namespace(PREFIXES.spdx)
export const locn = namespace(PREFIXES.locn)
export const gsp = namespace(PREFIXES.gsp)
export const adms = namespace(PREFIXES.adms)
export const hydra = namespace(PREFIXES.hydra)
export const dqv = namespace(PREFIXES.dqv)
export const pv = namespace(PREFIXES.pv)

const EU_AUTHORITY = 'http://publications.europa.eu/resource/authority/'

/** The concept schemes the mdr-vocabularies shapes check membership of (`skos:inScheme`). */
export const SCHEMES = {
  dataTheme: DataFactory.namedNode(`${EU_AUTHORITY}data-theme`),
  frequency: DataFactory.namedNode(`${EU_AUTHORITY}frequency`),
  language: DataFactory.namedNode(`${EU_AUTHORITY}language`),
  fileType: DataFactory.namedNode(`${EU_AUTHORITY}file-type`),
  accessRight: DataFactory.namedNode(`${EU_AUTHORITY}access-right`),
  publisherType: DataFactory.namedNode('http://purl.org/adms/publishertype/1.0'),
  licenceType: DataFactory.namedNode('http://purl.org/adms/licencetype/1.0')
} as const

export const ADMS_LICENCE_TYPE = 'http://purl.org/adms/licencetype/'

/** The ADMS licence-type table (ADMS_SKOS_v1.00.rdf), with its English labels: a `skos:Concept` needs one in the feed. */
export const ADMS_LICENCE_TYPES: Readonly<Record<string, string>> = {
  Attribution: 'Attribution',
  GrantBack: 'Grant back',
  JurisdictionWithinTheEU: 'Jurisdiction within the EU',
  KnownPatentEncumbrance: 'Known patent encumbrance',
  NoDerivativeWork: 'No derivative work',
  NominalCost: 'Nominal cost',
  NonCommercialUseOnly: 'Non-commercial use only',
  OtherRestrictiveClauses: 'Other restrictive clauses',
  PublicDomain: 'Public domain',
  'ReservedNames-Endorsement-OfficialStatus': 'Reserved names / endorsement / official status',
  RoyaltiesRequired: 'Royalties required',
  UnknownIPR: 'Unknown IPR',
  'ViralEffect-ShareAlike': 'Viral effect (a.k.a. Share-alike)'
}

export const IANA_MEDIA_TYPES = 'https://www.iana.org/assignments/media-types/'
