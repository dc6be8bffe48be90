// CatalogView → the dcat:Catalog node, its link to each dataset, and the hydra paging node that
// harvesters follow (data.gouv.fr reads `hydra:next` of the `hydra:PartialCollectionView`).
import { DataFactory } from 'n3'
import type { Quad } from '@rdfjs/types'
import type { CatalogView, PageView } from './types.js'
import { dateTime, fr, iri } from './terms.js'
import { dcat, dct, foaf, hydra, rdf, SCHEMES, skos, xsd } from './vocab.js'
import { agent, concept, instance, licence, type MapContext, statements, once, typed } from './map-shared.js'

const { literal, quad } = DataFactory

export function mapCatalog (ctx: MapContext, view: CatalogView): Quad[] {
  const node = iri(view.uri)
  const { quads, add, link } = statements(node)

  add(rdf('type'), dcat('Catalog'))
  add(dct('title'), fr(view.title))
  add(dct('description'), fr(view.description.trim() === '' ? view.title : view.description))
  link(dct('publisher'), agent(ctx, view.publisher))
  if (view.homepage !== null) link(foaf('homepage'), instance(ctx, view.homepage, foaf('Document')))
  for (const language of view.language) link(dct('language'), concept(ctx, language, dct('LinguisticSystem'), SCHEMES.language))
  if (view.licence !== null) link(dct('license'), licence(ctx, view.licence))
  add(dct('issued'), dateTime(view.issued, ctx.now))
  add(dct('modified'), dateTime(view.modified, ctx.now))
  // The themes come from the EU table; the scheme needs a title once typed (CategoryScheme_Shape).
  const themes = SCHEMES.dataTheme
  link(dcat('themeTaxonomy'), [themes, once(ctx, skos('ConceptScheme'), themes, () => [
    ...typed(themes, skos('ConceptScheme')), quad(themes, dct('title'), literal('Data theme', 'en'))
  ])])
  return quads
}

export function mapCatalogEntry (view: CatalogView, datasetUri: string): Quad {
  return quad(iri(view.uri), dcat('dataset'), iri(datasetUri))
}

/** The catalogue as a hydra collection and the page being served as its view. */
export function mapPage (view: CatalogView, page: PageView): Quad[] {
  const catalog = iri(view.uri)
  const node = iri(page.url)
  const total = literal(String(page.totalItems), xsd('nonNegativeInteger'))
  const quads = [
    ...typed(catalog, hydra('Collection')),
    quad(catalog, hydra('totalItems'), total),
    quad(catalog, hydra('view'), node),
    ...typed(node, hydra('PartialCollectionView')),
    quad(node, hydra('first'), iri(page.firstUrl)),
    quad(node, hydra('totalItems'), total)
  ]
  if (page.nextUrl !== null) quads.push(quad(node, hydra('next'), iri(page.nextUrl)))
  return quads
}
