// The MQA metrics as piveau scores them: points from `pv:trueScore` in piveau-dqv-vocabulary.ttl, the node
// each is measured on, and the hint a publisher gets when it is missed (../shared/notes/future-features.md §1.1).

export type Dimension = 'findability' | 'accessibility' | 'interoperability' | 'reusability' | 'contextuality'
export const DIMENSIONS: readonly Dimension[] = ['findability', 'accessibility', 'interoperability', 'reusability', 'contextuality']

export interface Metric {
  /** The local name of the `pv:` metric IRI (https://piveau.eu/ns/voc#…). */
  id: string
  dimension: Dimension
  points: number
  /** Dataset metrics are added once; distribution metrics come from the best distribution. */
  on: 'dataset' | 'distribution'
  /** What to do when it is missed, e.g. "add a licence". */
  hint: string
}

const m = (id: string, dimension: Dimension, points: number, on: Metric['on'], hint: string): Metric => ({ id, dimension, points, on, hint })

export const METRICS: readonly Metric[] = [
  m('keywordAvailability', 'findability', 30, 'dataset', 'add at least one keyword'),
  m('categoryAvailability', 'findability', 30, 'dataset', 'add at least one theme (EU data theme)'),
  m('spatialAvailability', 'findability', 20, 'dataset', 'add a spatial coverage (bounding box or place URI)'),
  m('temporalAvailability', 'findability', 20, 'dataset', 'add a temporal coverage (start or end date)'),
  m('accessUrlStatusCode', 'accessibility', 50, 'distribution', 'make the access URL answer HEAD with a 2xx status'),
  m('downloadUrlAvailability', 'accessibility', 20, 'distribution', 'add a download URL (or upload the file)'),
  m('downloadUrlStatusCode', 'accessibility', 30, 'distribution', 'make the download URL answer HEAD with a 2xx status'),
  m('formatAvailability', 'interoperability', 20, 'distribution', 'add a format (EU file type)'),
  m('mediaTypeAvailability', 'interoperability', 10, 'distribution', 'add a media type (IANA)'),
  m('formatMediaTypeVocabularyAlignment', 'interoperability', 10, 'distribution', 'give both a format from the EU file-type table and an IANA media type'),
  m('formatMediaTypeNonProprietary', 'interoperability', 20, 'distribution', 'publish in a non-proprietary format (CSV, JSON, GeoJSON…)'),
  m('formatMediaTypeMachineInterpretable', 'interoperability', 20, 'distribution', 'publish in a machine-readable format (CSV, JSON, XML…)'),
  m('dcatApCompliance', 'interoperability', 30, 'dataset', 'fix the DCAT-AP violations of the dataset'),
  m('licenceAvailability', 'reusability', 20, 'distribution', 'add a licence'),
  m('knownLicence', 'reusability', 10, 'distribution', 'choose a licence from the EU licence table'),
  m('accessRightsAvailability', 'reusability', 10, 'dataset', 'add access rights'),
  m('accessRightsVocabularyAlignment', 'reusability', 5, 'dataset', 'choose access rights from the EU access-right table'),
  m('contactPointAvailability', 'reusability', 20, 'dataset', 'add a contact point'),
  m('publisherAvailability', 'reusability', 10, 'dataset', 'add a publisher'),
  m('rightsAvailability', 'contextuality', 5, 'distribution', 'add a rights statement (Bastille does not store one yet)'),
  m('byteSizeAvailability', 'contextuality', 5, 'distribution', 'add the byte size'),
  m('dateIssuedAvailability', 'contextuality', 5, 'distribution', 'add an issued date'),
  m('dateModifiedAvailability', 'contextuality', 5, 'distribution', 'add a modified date')
]

export const MAX_SCORE = METRICS.reduce((sum, metric) => sum + metric.points, 0)

export type Band = 'excellent' | 'good' | 'sufficient' | 'bad'
export const BANDS: readonly Band[] = ['excellent', 'good', 'sufficient', 'bad']

/** piveau's code (ConceptSchemes.kt `PiveauScoring`): 0..119 bad, 120..220 enough, 221..350 good, else excellent. */
export function bandOf (score: number): Band {
  if (score < 120) return 'bad'
  if (score <= 220) return 'sufficient'
  if (score <= 350) return 'good'
  return 'excellent'
}
