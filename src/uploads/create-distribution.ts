// POST /datasets/{idOrSlug}/distributions as multipart/form-data: a new distribution with its file.
// The dataset route checks permissions and calls this before any byte of the body is read.
import { randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { getDistribution } from '../db/distributions.js'
import { insertFileDistribution } from '../db/files.js'
import { touchDatasetModified } from '../db/datasets.js'
import { recordChange } from '../db/changes.js'
import { toDistributionDto } from '../dto/distribution.js'
import { etagOf } from '../http/conditional.js'
import { commitWithRow, newFileKey } from './commit.js'
import { fieldValidator, UPLOAD_FIELD_NAMES, UploadFields } from './fields.js'
import { fileColumns, fileUrl } from './file-columns.js'
import { readUploadForm } from './form.js'

export interface UploadDataset {
  id: string
  publisherId: string
  /** The dataset's licence, which the distribution takes when the form names none. */
  licenceId: string | null
}

/** Reads the form, stores the file and inserts the row in one transaction; answers 201 with the Distribution. */
export async function createUploadedDistribution (request: FastifyRequest, reply: FastifyReply, dataset: UploadDataset): Promise<FastifyReply> {
  const app = request.server
  const { maxBytes, publicUrl } = app.uploadSettings
  const { fields, file } = await readUploadForm(request, reply, {
    storage: app.storage,
    maxBytes,
    fields: UPLOAD_FIELD_NAMES,
    validate: fieldValidator(app.db, UploadFields)
  })
  const id = randomUUID()
  const key = newFileKey()
  const columns = await fileColumns(app.db, file, { key, format: fields.format })
  const row = await commitWithRow(app, dataset.id, file, key, async trx => {
    await insertFileDistribution(trx, {
      ...columns,
      id,
      dataset_id: dataset.id,
      title: fields.title ?? file.fileName ?? 'file',
      description: fields.description ?? null,
      licence_id: fields.licence ?? dataset.licenceId,
      issued: fields.issued ?? null,
      download_url: fileUrl(publicUrl, id)
    })
    await touchDatasetModified(trx, dataset.id)
    await recordChange(trx, {
      datasetId: dataset.id,
      action: 'distribution.created',
      principal: request.principal,
      summary: { distribution: id, byteSize: file.byteSize, sha256: file.sha256 }
    })
    return (await getDistribution(trx, id))!
  })
  const body = toDistributionDto(row, publicUrl)
  return reply.code(201).header('location', body.uri).header('etag', etagOf(body)).send(body)
}
