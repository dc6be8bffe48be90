// The MQA score of one dataset, computed as piveau computes it on a harvested feed: on the very quads
// Bastille's DCAT-AP mapping writes (src/dcat), so what is scored is what data.europa.eu will see.
// Distribution metrics come from the best distribution only; dataset metrics are then added (Scoring.kt).
import type { Quad, Term } from '@rdfjs/types'
import { Store } from 'n3'
import { datasetQuads, type FeedOptions } from '../dcat/feed.js'
import type { DatasetView } from '../dcat/types.js'
import { iri } from '../dcat/terms.js'
import { dcat, dct } from '../dcat/vocab.js'
import { bandOf, type Band, type Dimension, DIMENSIONS, MAX_SCORE, type Metric, METRICS } from './metrics.js'
import { EU_ACCESS_RIGHT, EU_LICENCE, fileTypeCode, IANA_MEDIA_TYPE, MACHINE_READABLE, NON_PROPRIETARY } from './vocabularies.js'

/** What is known of a URL: `unchecked` until the background checker has been there. */
export interface UrlState {
  state: 'reachable' | 'unreachable' | 'unchecked'
  /** The HTTP status, or piveau's 1100 (no connection) / 1300 (invalid or refused URL); null for Bastille's own. */
  status: number | null
  detail?: string | undefined
}

export interface ScoreInput {
  dataset: DatasetView
  /** IRIs of licences that count as known besides the EU licence table (its skos:exactMatch aliases). */
  knownLicences: ReadonlySet<string>
  /** The dataset's own SHACL check against the DCAT-AP shapes; null when not checked. */
  conforms: boolean | null
  urlState: (url: string) => UrlState
  /** The options the feed is served with (checksum datatype): the score is of what harvesters get. */
  feed?: FeedOptions | undefined
}

export type IndicatorState = 'met' | 'missed' | 'unchecked'

export interface Indicator {
  metric: string
  dimension: Dimension
  on: 'dataset' | 'distribution'
  state: IndicatorState
  points: number
  possible: number
  /** The distribution measured (the best one) for distribution metrics. */
  distribution?: string
  detail?: string
  /** For a missed indicator: what to do and what it brings, e.g. "add a licence → +20". */
  hint?: string
}

export interface QualityScore {
  score: number
  max: number
  band: Band
  dimensions: Record<Dimension, { points: number, possible: number }>
  indicators: Indicator[]
  /** True while a measurement (URL check, SHACL) is not yet known: the score may rise once it is. */
  pending: boolean
}

interface Outcome { state: IndicatorState, detail?: string | undefined }
const met: Outcome = { state: 'met' }
const missed = (detail?: string): Outcome => ({ state: 'missed', detail })
const bool = (ok: boolean, detail?: string): Outcome => ok ? met : missed(detail)

/** The best of several URL checks (piveau takes the max over a distribution's URLs). */
function urls (values: Term[], input: ScoreInput): Outcome {
  if (values.length === 0) return missed('no URL')
  const states = values.map(value => input.urlState(value.value))
  if (states.some(s => s.state === 'reachable')) return met
  const unchecked = states.find(s => s.state === 'unchecked')
  if (unchecked !== undefined) return { state: 'unchecked', detail: 'not yet checked' }
  const first = states[0]!
  return missed(first.detail ?? `HTTP ${String(first.status)}`)
}

function distributionOutcomes (store: Store, node: Term, input: ScoreInput): Map<string, Outcome> {
  const objects = (predicate: Term): Term[] => store.getObjects(node as Quad['subject'], predicate as Quad['predicate'], null)
  const formats = objects(dct('format'))
  const mediaTypes = objects(dcat('mediaType'))
  const codes = formats.map(f => fileTypeCode(f.value)).filter((c): c is string => c !== null)
  const licences = objects(dct('license'))
  const downloads = objects(dcat('downloadURL'))
  return new Map<string, Outcome>([
    ['accessUrlStatusCode', urls(objects(dcat('accessURL')), input)],
    ['downloadUrlAvailability', bool(downloads.length > 0)],
    ['downloadUrlStatusCode', urls(downloads, input)],
    ['formatAvailability', bool(formats.length > 0)],
    ['mediaTypeAvailability', bool(mediaTypes.length > 0)],
    // piveau wants both from the DCAT-AP vocabularies (Norway's port accepts either: we follow piveau).
    ['formatMediaTypeVocabularyAlignment', bool(
      formats.length > 0 && mediaTypes.length > 0 && codes.length === formats.length && mediaTypes.every(t => IANA_MEDIA_TYPE.test(t.value))
    )],
    ['formatMediaTypeNonProprietary', bool(codes.some(c => NON_PROPRIETARY.has(c)))],
    ['formatMediaTypeMachineInterpretable', bool(codes.some(c => MACHINE_READABLE.has(c)))],
    ['licenceAvailability', bool(licences.length > 0)],
    ['knownLicence', bool(licences.some(l => l.value.startsWith(EU_LICENCE) || input.knownLicences.has(l.value)))],
    ['rightsAvailability', bool(objects(dct('rights')).length > 0)],
    ['byteSizeAvailability', bool(objects(dcat('byteSize')).length > 0)],
    ['dateIssuedAvailability', bool(objects(dct('issued')).length > 0)],
    ['dateModifiedAvailability', bool(objects(dct('modified')).length > 0)]
  ])
}

const byId = new Map(METRICS.map(metric => [metric.id, metric]))
const pointsOf = (outcomes: Map<string, Outcome>): number =>
  [...outcomes].reduce((sum, [id, o]) => sum + (o.state === 'met' ? byId.get(id)!.points : 0), 0)

export function scoreDataset (input: ScoreInput): QualityScore {
  const { dataset } = input
  const store = new Store(datasetQuads(dataset, input.feed))
  const node = iri(dataset.uri)
  const has = (predicate: Term): boolean => store.getObjects(node, predicate as Quad['predicate'], null).length > 0

  // The best distribution; on a tie the earlier one stays (`if (d1.sum >= d2.sum) d1 else d2`).
  let best: { uri: string, outcomes: Map<string, Outcome> } | undefined
  for (const distribution of store.getObjects(node, dcat('distribution'), null)) {
    const outcomes = distributionOutcomes(store, distribution, input)
    if (best === undefined || pointsOf(outcomes) > pointsOf(best.outcomes)) best = { uri: distribution.value, outcomes }
  }

  const accessRights = store.getObjects(node, dct('accessRights'), null)
  const datasetOutcomes = new Map<string, Outcome>([
    ['keywordAvailability', bool(has(dcat('keyword')))],
    ['categoryAvailability', bool(has(dcat('theme')))],
    ['spatialAvailability', bool(has(dct('spatial')))],
    ['temporalAvailability', bool(has(dct('temporal')))],
    ['dcatApCompliance', input.conforms === null ? { state: 'unchecked', detail: 'not yet checked' } : bool(input.conforms, 'the SHACL check reports violations')],
    ['accessRightsAvailability', bool(accessRights.length > 0)],
    ['accessRightsVocabularyAlignment', bool(accessRights.some(a => a.value.startsWith(EU_ACCESS_RIGHT)))],
    ['contactPointAvailability', bool(has(dcat('contactPoint')))],
    ['publisherAvailability', bool(has(dct('publisher')))]
  ])

  const indicators = METRICS.map((metric): Indicator => {
    let outcome: Outcome
    if (metric.on === 'dataset') outcome = datasetOutcomes.get(metric.id)!
    else if (best === undefined) outcome = missed('no distribution')
    else outcome = best.outcomes.get(metric.id)!
    // Dataset dates count only when the chosen distribution lacks its own.
    if (outcome.state === 'missed' && best !== undefined &&
      ((metric.id === 'dateIssuedAvailability' && has(dct('issued'))) || (metric.id === 'dateModifiedAvailability' && has(dct('modified'))))) {
      outcome = { state: 'met', detail: 'the dataset\'s date' }
    }
    return indicator(metric, outcome, metric.on === 'distribution' ? best?.uri : undefined)
  })

  const dimensions = Object.fromEntries(DIMENSIONS.map(d => [d, { points: 0, possible: 0 }])) as QualityScore['dimensions']
  for (const i of indicators) {
    dimensions[i.dimension].points += i.points
    dimensions[i.dimension].possible += i.possible
  }
  const score = indicators.reduce((sum, i) => sum + i.points, 0)
  return { score, max: MAX_SCORE, band: bandOf(score), dimensions, indicators, pending: indicators.some(i => i.state === 'unchecked') }
}

function indicator (metric: Metric, outcome: Outcome, distribution: string | undefined): Indicator {
  const won = outcome.state === 'met'
  return {
    metric: metric.id,
    dimension: metric.dimension,
    on: metric.on,
    state: outcome.state,
    points: won ? metric.points : 0,
    possible: metric.points,
    ...(distribution === undefined ? {} : { distribution }),
    ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
    ...(outcome.state === 'missed' ? { hint: `${metric.hint} → +${metric.points}` } : {})
  }
}
