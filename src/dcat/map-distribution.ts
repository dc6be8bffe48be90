// DistributionView → the dcat:Distribution node and its checksum node.
// @see ../../../shared/notes/datagouv-harvester.md §3 (distributions) and §11.7
import { DataFactory } from 'n3'
import type { NamedNode, Quad } from '@rdfjs/types'
import type { DistributionView, LicenceView } from './types.js'
import { dateTime, fr, iri, nonNegativeInteger } from './terms.js'
import { dcat, dct, IANA_MEDIA_TYPES, rdf, SCHEMES, spdx, xsd } from './vocab.js'
import { concept, instance, licence, type MapContext, statements, typed } from './map-shared.js'

const { blankNode, literal, quad } = DataFactory

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/
const SHA256 = /^[0-9a-f]{64}$/

/** `text/csv; charset=utf-8` → the https IANA IRI, the only form udata turns back into a MIME type. */
export function mediaTypeIri (mediaType: string | null): string | null {
  const essence = mediaType?.split(';')[0]?.trim().toLowerCase() ?? ''
  return MEDIA_TYPE.test(essence) ? IANA_MEDIA_TYPES + essence : null
}

export function mapDistribution (ctx: MapContext, view: DistributionView, datasetLicence: LicenceView | null): Quad[] {
  const node = iri(view.uri)
  const { quads, add, link } = statements(node)

  add(rdf('type'), dcat('Distribution'))
  add(dct('title'), fr(view.title))
  if (view.description !== null && view.description.trim() !== '') add(dct('description'), fr(view.description))
  // Both URLs on every distribution: DCAT-AP requires accessURL, udata reads downloadURL first.
  const accessUrl = view.accessUrl ?? view.downloadUrl ?? view.uri
  add(dcat('accessURL'), iri(accessUrl))
  add(dcat('downloadURL'), iri(view.downloadUrl ?? accessUrl))
  const mediaType = mediaTypeIri(view.mediaType)
  if (mediaType !== null) link(dcat('mediaType'), instance(ctx, mediaType, dct('MediaType')))
  if (view.format !== null) link(dct('format'), concept(ctx, view.format, dct('MediaTypeOrExtent'), SCHEMES.fileType))
  add(dcat('byteSize'), nonNegativeInteger(view.byteSize))
  const licenceView = view.licence ?? datasetLicence
  if (licenceView !== null) link(dct('license'), licence(ctx, licenceView))
  add(dct('issued'), dateTime(view.issued, ctx.now))
  add(dct('modified'), dateTime(view.modified, ctx.now))
  quads.push(...mapChecksum(ctx, node, view))
  return quads
}

function mapChecksum (ctx: MapContext, distribution: NamedNode, view: DistributionView): Quad[] {
  const value = view.checksumSha256?.toLowerCase() ?? ''
  if (!SHA256.test(value)) return []
  const checksum = blankNode(`checksum-${view.id}`)
  const [algorithm, algorithmQuads] = instance(ctx, spdx('checksumAlgorithm_sha256').value, spdx('ChecksumAlgorithm'))
  return [
    quad(distribution, spdx('checksum'), checksum),
    ...typed(checksum, spdx('Checksum')),
    quad(checksum, spdx('algorithm'), algorithm),
    ...algorithmQuads,
    quad(checksum, spdx('checksumValue'), ctx.checksumValue === 'hexBinary' ? literal(value, xsd('hexBinary')) : literal(value))
  ]
}
