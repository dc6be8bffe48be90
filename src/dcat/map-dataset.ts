// DatasetView → the dcat:Dataset node, its coverage and contact nodes, its distributions, and the
// shared nodes it references (described once per document).
// @see ../../../shared/notes/datagouv-harvester.md §11 and SPEC §4
import type { Quad } from '@rdfjs/types'
import type { DatasetView } from './types.js'
import { dateTime, fr, iri, plain } from './terms.js'
import { dcat, dct, foaf, rdf, SCHEMES } from './vocab.js'
import { agent, concept, instance, labelledConcept, licence, type MapContext, statements, typed } from './map-shared.js'
import { mapContactPoint, mapSpatial, mapTemporal } from './map-coverage.js'
import { mapDistribution } from './map-distribution.js'
import { mapQuality } from './map-quality.js'

export function mapDataset (ctx: MapContext, view: DatasetView): Quad[] {
  const node = iri(view.uri)
  const { quads, add, link } = statements(node)

  add(rdf('type'), dcat('Dataset'))
  // Exactly one: udata keys datasets on it and picks an arbitrary one among several.
  add(dct('identifier'), plain(view.identifier === '' ? view.uri : view.identifier))
  add(dct('title'), fr(view.title))
  // dct:description is mandatory; a dataset without one is described by its title.
  add(dct('description'), fr(view.description.trim() === '' ? view.title : view.description))
  for (const keyword of view.keywords) if (keyword.trim() !== '') add(dcat('keyword'), fr(keyword))
  // Not memoised like shared nodes: landing pages are one per dataset, the memo would grow with the feed.
  const landingPage = iri(view.landingPage)
  link(dcat('landingPage'), [landingPage, typed(landingPage, foaf('Document'))])
  add(dct('issued'), dateTime(view.issued, ctx.now))
  add(dct('modified'), dateTime(view.modified, ctx.now))
  link(dct('publisher'), agent(ctx, view.publisher))
  link(dct('accessRights'), concept(ctx, view.accessRights, dct('RightsStatement'), SCHEMES.accessRight))
  if (view.licence !== null) link(dct('license'), licence(ctx, view.licence))
  if (view.frequency !== null) link(dct('accrualPeriodicity'), concept(ctx, view.frequency, dct('Frequency'), SCHEMES.frequency))
  for (const theme of view.themes) link(dcat('theme'), labelledConcept(ctx, theme, SCHEMES.dataTheme))
  for (const language of view.language) link(dct('language'), concept(ctx, language, dct('LinguisticSystem'), SCHEMES.language))
  for (const standard of view.conformsTo) link(dct('conformsTo'), instance(ctx, standard, dct('Standard')))
  if (view.version !== null && view.version !== '') add(dcat('version'), plain(view.version))

  quads.push(...mapTemporal(node, view), ...mapSpatial(ctx, node, view), ...mapContactPoint(node, view))
  for (const distribution of view.distributions) {
    add(dcat('distribution'), iri(distribution.uri))
    quads.push(...mapDistribution(ctx, distribution, view.licence))
  }
  if (ctx.quality) quads.push(...mapQuality(view))
  return quads
}
