// JSON shapes of the quality routes (issue 18). Inline: used by src/quality only.
import { Type } from 'typebox'
import { CreateDataset } from '../schemas/dataset.js'
import { CreateDistribution } from '../schemas/distribution.js'
import { ref, Slug, Timestamp } from '../schemas/common.js'
import { BANDS, DIMENSIONS, METRICS } from './metrics.js'

export const TAG = 'quality'

const Band = Type.String({
  enum: [...BANDS],
  description: 'piveau\'s rating bands: bad 0–119, sufficient 120–220, good 221–350, excellent 351–405.'
})
const Dimension = Type.String({ enum: [...DIMENSIONS] })
const Metric = Type.String({ enum: METRICS.map(m => m.id), description: 'The MQA metric, `https://piveau.eu/ns/voc#` + this name.' })
const Points = Type.Integer({ minimum: 0, maximum: 405 })

const Indicator = Type.Object({
  metric: Metric,
  dimension: Dimension,
  on: Type.Union([Type.Literal('dataset'), Type.Literal('distribution')], { description: 'Distribution metrics are those of the best distribution.' }),
  state: Type.Union([Type.Literal('met'), Type.Literal('missed'), Type.Literal('unchecked')], {
    description: '`unchecked`: not yet measured (a URL the background checker has not reached yet, or SHACL shapes not installed); it scores 0 until it is.'
  }),
  points: Points,
  possible: Points,
  distribution: Type.Optional(Type.String({ format: 'uri' })),
  detail: Type.Optional(Type.String()),
  hint: Type.Optional(Type.String({ description: 'What to do and what it brings.', examples: ['add a licence → +20'] }))
})

const Score = {
  score: Points,
  max: Type.Integer({ minimum: 405, maximum: 405 }),
  band: Band,
  dimensions: Type.Object(Object.fromEntries(DIMENSIONS.map(d => [d, Type.Object({ points: Points, possible: Points })]))),
  indicators: Type.Array(Indicator),
  pending: Type.Boolean({ description: 'True while an indicator is not yet checked: the score may still rise.' })
}

export const QualityReport = Type.Object({
  ...Score,
  dataset: Type.String({ format: 'uuid' }),
  computedAt: Timestamp
}, { description: 'The metadata quality score of a dataset, as data.europa.eu\'s MQA computes it on the DCAT-AP feed.' })

export const QualityCheckReport = Type.Object(Score, { description: 'The score the payload would get once saved (nothing is written).' })

export const QualityCheck = Type.Object({
  ...CreateDataset.properties,
  distributions: Type.Optional(Type.Array(ref(CreateDistribution), { maxItems: 50, description: 'The distributions it would have.' }))
}, {
  additionalProperties: false,
  description: 'A dataset as for POST /datasets, with the distributions it would have.',
  examples: [{ title: 'Arrêts de bus', keywords: ['transport'], licence: 'etalab-2.0', distributions: [{ title: 'arrets.csv', downloadUrl: 'https://ville.example/arrets.csv', format: 'CSV' }] }]
})

export const PublisherQualityReport = Type.Object({
  publisher: Slug,
  datasets: Type.Integer({ minimum: 0, description: 'Published datasets.' }),
  scored: Type.Integer({ minimum: 0 }),
  pending: Type.Integer({ minimum: 0, description: 'Datasets whose score is being recomputed after a change (their last score still counts).' }),
  averageScore: Type.Union([Type.Number(), Type.Null()]),
  bands: Type.Object(Object.fromEntries(BANDS.map(b => [b, Type.Integer({ minimum: 0 })]))),
  mostMissed: Type.Array(Type.Object({
    metric: Metric,
    dimension: Dimension,
    points: Points,
    datasets: Type.Integer({ minimum: 0, description: 'Published datasets that miss it.' })
  }), { description: 'The indicators most often missed, most frequent first (at most 10).' })
})

export const DatasetQualityParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200, description: 'Dataset id or slug.' })
})

export const PublisherQualityParams = Type.Object({ slug: Slug })
