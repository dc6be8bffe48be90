// QualityView → DQV measurements, as piveau publishes the MQA (`dqv:QualityMeasurement`, `dqv:isMeasurementOf`
// a `pv:` metric, `dqv:computedOn` the dataset or distribution measured). No DCAT-AP shape targets them.
// @see ../../../shared/notes/future-features.md §1.4
import { DataFactory } from 'n3'
import type { Quad } from '@rdfjs/types'
import type { DatasetView } from './types.js'
import { iri } from './terms.js'
import { dqv, pv, rdf, xsd } from './vocab.js'

const { blankNode, literal, quad } = DataFactory

export function mapQuality (view: DatasetView): Quad[] {
  const quality = view.quality
  if (quality === null || quality === undefined) return []
  const quads: Quad[] = []
  const measurement = (on: string, metric: string, value: Quad['object']): void => {
    // Labelled from the dataset id and metric: unique in a feed, the same in every response.
    const node = blankNode(`mqa-${view.id}-${metric}`)
    const target = iri(on)
    quads.push(
      quad(target, dqv('hasQualityMeasurement'), node),
      quad(node, rdf('type'), dqv('QualityMeasurement')),
      quad(node, dqv('isMeasurementOf'), pv(metric)),
      quad(node, dqv('computedOn'), target),
      quad(node, dqv('value'), value)
    )
  }
  for (const { metric, value } of quality.scores) measurement(view.uri, metric, literal(String(value), xsd('integer')))
  for (const { metric, distribution, value } of quality.indicators) {
    measurement(distribution ?? view.uri, metric, literal(String(value), xsd('boolean')))
  }
  return quads
}
