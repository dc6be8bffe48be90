// The dataset's own blank nodes: temporal and spatial coverage, contact point. Blank, because udata
// dereferences a temporal IRI over HTTP; labelled from the dataset id, so output is deterministic.
import { DataFactory } from 'n3'
import type { NamedNode, Quad } from '@rdfjs/types'
import type { DatasetView, SpatialView } from './types.js'
import { date, iri, mailto, plain } from './terms.js'
import { dcat, dct, gsp, vcard } from './vocab.js'
import { instance, type MapContext, typed } from './map-shared.js'

const { blankNode, literal, quad } = DataFactory

export function mapTemporal (dataset: NamedNode, view: DatasetView): Quad[] {
  const start = date(view.temporal?.start ?? null)
  const end = date(view.temporal?.end ?? null)
  if (start === null && end === null) return []
  const period = blankNode(`period-${view.id}`)
  const quads = [quad(dataset, dct('temporal'), period), ...typed(period, dct('PeriodOfTime'))]
  if (start !== null) quads.push(quad(period, dcat('startDate'), start))
  if (end !== null) quads.push(quad(period, dcat('endDate'), end))
  return quads
}

const coordinate = (n: number): string => n.toFixed(7).replace(/\.?0+$/, '').replace(/^-0$/, '0')

/**
 * A bounding box as WKT in lon/lat, without the CRS prefix udata cannot parse: the polygon
 * (`dcat:bbox`) and its centre (`dcat:centroid`, recommended by DCAT-AP). Null when not a box.
 */
export function bboxWkt ([west, south, east, north]: NonNullable<SpatialView['bbox']>): { polygon: string, centroid: string } | null {
  const valid = [west, south, east, north].every(Number.isFinite) &&
    west >= -180 && east <= 180 && south >= -90 && north <= 90 && west <= east && south <= north
  if (!valid) return null
  const ring: Array<[number, number]> = [[west, south], [east, south], [east, north], [west, north], [west, south]]
  return {
    polygon: `POLYGON((${ring.map(([x, y]) => `${coordinate(x)} ${coordinate(y)}`).join(', ')}))`,
    centroid: `POINT(${coordinate((west + east) / 2)} ${coordinate((south + north) / 2)})`
  }
}

export function mapSpatial (ctx: MapContext, dataset: NamedNode, view: DatasetView): Quad[] {
  const quads: Quad[] = []
  const wkt = view.spatial?.bbox ? bboxWkt(view.spatial.bbox) : null
  if (wkt !== null) {
    const location = blankNode(`location-${view.id}`)
    quads.push(quad(dataset, dct('spatial'), location), ...typed(location, dct('Location')),
      quad(location, dcat('bbox'), literal(wkt.polygon, gsp('wktLiteral'))),
      quad(location, dcat('centroid'), literal(wkt.centroid, gsp('wktLiteral'))))
  }
  if (view.spatial?.uri) {
    const [place, placeQuads] = instance(ctx, view.spatial.uri, dct('Location'))
    quads.push(quad(dataset, dct('spatial'), place), ...placeQuads)
  }
  return quads
}

export function mapContactPoint (dataset: NamedNode, view: DatasetView): Quad[] {
  const contact = view.contactPoint
  if (contact === null) return []
  const node = blankNode(`contact-${view.id}`)
  const quads = [
    quad(dataset, dcat('contactPoint'), node),
    ...typed(node, vcard('Kind'), vcard('Organization')),
    quad(node, vcard('fn'), plain(contact.name ?? view.publisher.name))
  ]
  if (contact.email !== null) quads.push(quad(node, vcard('hasEmail'), mailto(contact.email)))
  if (contact.url !== null) quads.push(quad(node, vcard('hasURL'), iri(contact.url)))
  return quads
}
