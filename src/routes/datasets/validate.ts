// Checks the schema cannot express: referenced publishers, licences and codes exist, periods and boxes
// are ordered. Every problem is reported at once as a 422 with its path.
import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.js'
import type { DatasetValues } from '../../db/datasets.js'
import type { DistributionValues } from '../../db/distributions.js'
import { findLicence } from '../../db/licences.js'
import { findPublisher } from '../../db/publishers.js'
import { unknownCodes, type VocabularyName } from '../../db/vocabularies.js'
import { InvalidReferenceError, type FieldError } from '../../errors.js'

/** Throws one 422 problem listing every error, when there is any. */
export function throwIfInvalid (errors: FieldError[]): void {
  if (errors.length === 0) return
  throw Object.assign(new InvalidReferenceError(errors.map(e => `${e.path} ${e.message}`).join('; ')), { errors })
}

/** Unknown codes of a list (`path/index`) or of a single field (`path`). */
async function codeErrors (db: Kysely<DB>, path: string, vocabulary: VocabularyName, codes: string | string[]): Promise<FieldError[]> {
  const list = typeof codes === 'string' ? [codes] : codes
  const unknown = new Set(await unknownCodes(db, vocabulary, list))
  return list.flatMap((code, index) => unknown.has(code)
    ? [{ path: typeof codes === 'string' ? path : `${path}/${index}`, message: `is not a code of the ${vocabulary} vocabulary: ${code}` }]
    : [])
}

async function licenceErrors (db: Kysely<DB>, path: string, licenceId: string | null): Promise<FieldError[]> {
  if (licenceId === null || await findLicence(db, licenceId) !== undefined) return []
  return [{ path, message: `is not a known licence: ${licenceId}` }]
}

/** Latitudes (south, north) within ±90 and ordered; the schema already bounds longitudes to ±180. */
function bboxErrors (bbox: number[] | null): FieldError[] {
  if (bbox === null) return []
  const [, south = 0, , north = 0] = bbox
  const errors = [1, 3].filter(i => Math.abs(bbox[i] ?? 0) > 90)
    .map(i => ({ path: `body/spatial/bbox/${i}`, message: 'must be a latitude between -90 and 90' }))
  if (south > north) errors.push({ path: 'body/spatial/bbox', message: 'south must not be north of north' })
  return errors
}

export async function validateDataset (db: Kysely<DB>, values: DatasetValues): Promise<void> {
  const errors: FieldError[] = []
  if (await findPublisher(db, values.publisher_id) === undefined) {
    errors.push({ path: 'body/publisher', message: `is not a known publisher: ${values.publisher_id}` })
  }
  errors.push(...await licenceErrors(db, 'body/licence', values.licence_id))
  errors.push(...await codeErrors(db, 'body/themes', 'data-theme', values.themes))
  errors.push(...await codeErrors(db, 'body/language', 'language', values.language))
  if (values.frequency !== null) errors.push(...await codeErrors(db, 'body/frequency', 'frequency', values.frequency))
  if (values.temporal_start !== null && values.temporal_end !== null && values.temporal_start > values.temporal_end) {
    errors.push({ path: 'body/temporal/end', message: 'must not be before temporal/start' })
  }
  errors.push(...bboxErrors(values.spatial_bbox))
  throwIfInvalid(errors)
}

export async function validateDistribution (db: Kysely<DB>, values: DistributionValues): Promise<void> {
  const errors: FieldError[] = []
  if (values.access_url === null && values.download_url === null) {
    errors.push({ path: 'body/accessUrl', message: 'accessUrl or downloadUrl is required' })
  }
  errors.push(...await licenceErrors(db, 'body/licence', values.licence_id))
  if (values.format !== null) errors.push(...await codeErrors(db, 'body/format', 'file-type', values.format))
  throwIfInvalid(errors)
}
