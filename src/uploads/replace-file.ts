// PUT /distributions/{id}/file: new bytes for an existing distribution. The old file stays
// downloadable until the new one is committed, and is removed only after.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { getDistribution } from '../db/distributions.js'
import { lockFile, updateFile, type FileTarget } from '../db/files.js'
import { touchDatasetModified } from '../db/datasets.js'
import { recordChange } from '../db/changes.js'
import { toDistributionDto } from '../dto/distribution.js'
import { NotFoundError } from '../errors.js'
import { checkIfMatch, etagOf } from '../http/conditional.js'
import { commitWithRow, deleteStoredFiles, newFileKey } from './commit.js'
import { fieldValidator, REPLACE_FIELD_NAMES, ReplaceFields } from './fields.js'
import { fileColumns, fileUrl } from './file-columns.js'
import { fileEtag } from './download.js'
import { readUploadForm } from './form.js'
import { discardQuietly } from './receive.js'

/** Call after access checks. Identical bytes change nothing, so a nightly job may run twice. */
export async function replaceDistributionFile (request: FastifyRequest, reply: FastifyReply, target: FileTarget): Promise<FastifyReply> {
  const app = request.server
  const { maxBytes, publicUrl } = app.uploadSettings
  const { fields, file } = await readUploadForm(request, reply, {
    storage: app.storage,
    maxBytes,
    fields: REPLACE_FIELD_NAMES,
    validate: fieldValidator(app.db, ReplaceFields)
  })
  const unchanged = target.file_key !== null && target.checksum_sha256 === file.sha256 &&
    (fields.format === undefined || fields.format === target.format)
  if (unchanged) {
    await discardQuietly(app.storage, file.temp, request.log)
    return send(reply, (await getDistribution(app.db, target.id)) ?? target, publicUrl)
  }
  const key = newFileKey()
  const columns = await fileColumns(app.db, file, { key, format: fields.format, previous: target })
  let previousKey: string | null = null
  const row = await commitWithRow(app, target.dataset_id, file, key, async trx => {
    const current = await lockFile(trx, target.id)
    if (current === undefined) throw new NotFoundError('Distribution', target.id)
    // If-Match was checked before the bytes streamed; another replacement may have committed since.
    checkIfMatch(request, fileEtag((await getDistribution(trx, target.id))!))
    previousKey = current.file_key
    await updateFile(trx, target.id, { ...columns, download_url: fileUrl(publicUrl, target.id) })
    await touchDatasetModified(trx, target.dataset_id)
    await recordChange(trx, {
      datasetId: target.dataset_id,
      action: 'file.replaced',
      principal: request.principal,
      summary: { distribution: target.id, byteSize: file.byteSize, sha256: file.sha256 }
    })
    return (await getDistribution(trx, target.id))!
  })
  await deleteStoredFiles(app, [previousKey])
  return send(reply, row, publicUrl)
}

function send (reply: FastifyReply, row: Parameters<typeof toDistributionDto>[0], publicUrl: string): FastifyReply {
  const body = toDistributionDto(row, publicUrl)
  return reply.header('etag', etagOf(body)).send(body)
}
