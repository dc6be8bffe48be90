// API request body ↔ distribution column values, for PUT/POST and as the target of a merge patch.
import type { DistributionValues } from '../db/distributions.js'
import type { DistributionRow } from '../db/types.js'
import type { CreateDistribution } from '../schemas/distribution.js'

export function distributionValuesFromInput (input: CreateDistribution, datasetLicenceId: string | null): DistributionValues {
  return {
    title: input.title,
    description: input.description ?? null,
    access_url: input.accessUrl ?? null,
    download_url: input.downloadUrl ?? null,
    media_type: input.mediaType ?? null,
    format: input.format ?? null,
    byte_size: input.byteSize ?? null,
    checksum_sha256: input.checksum?.value ?? null,
    // Defaults to the dataset's licence, stored so that it stays what it was when published.
    licence_id: input.licence === undefined ? datasetLicenceId : input.licence,
    issued: input.issued == null ? null : new Date(input.issued).toISOString()
  }
}

/** An uploaded file's columns come from its bytes: a body never overrides them. */
export function keepFileColumns (values: DistributionValues, row: DistributionRow): DistributionValues {
  if (row.file_key === null) return values
  return {
    ...values,
    download_url: row.download_url,
    media_type: row.media_type,
    byte_size: row.byte_size === null ? null : Number(row.byte_size),
    checksum_sha256: row.checksum_sha256
  }
}

/** The stored content as a request body (empty values left out). */
export function distributionInputOf (values: DistributionValues): CreateDistribution {
  const body: Record<string, unknown> = {
    title: values.title,
    description: values.description,
    accessUrl: values.access_url,
    downloadUrl: values.download_url,
    mediaType: values.media_type,
    format: values.format,
    byteSize: values.byte_size,
    checksum: values.checksum_sha256 === null ? null : { algorithm: 'sha256', value: values.checksum_sha256 },
    licence: values.licence_id,
    issued: values.issued
  }
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)) as CreateDistribution
}
