// PUT /distributions/{id}/file: new bytes for an existing distribution. The old file stays
// downloadable until the new one is committed, and is removed only after.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB, DistributionRow } from '../db/types.js'
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
import { discardQuietly, type ReceivedFile } from './receive.js'

/** Call after access checks. Identical bytes change nothing, so a nightly job may run twice. */
export async function replaceDistributionFile (request: FastifyRequest, reply: FastifyReply, target: FileTarget): Promise<FastifyReply> {
  const app = request.server
  const { fields, file } = await readUploadForm(request, reply, {
    storage: app.storage,
    maxBytes: app.uploadSettings.maxBytes,
    fields: REPLACE_FIELD_NAMES,
    validate: fieldValidator(app.db, ReplaceFields)
  })
  return send(reply, await storeReplacement(request, target, file, { format: fields.format }), app.uploadSettings.publicUrl)
}

export interface ReplacementOptions {
  /** A client-chosen file-type code, already validated. */
  format?: string | undefined
  /** More writes in the transaction that commits the file (a resumable upload's session ends there). */
  alongside?: (trx: Kysely<DB>) => Promise<void>
}

/**
 * Makes a received file the distribution's (the commit path of every file replacement, resumable
 * uploads included) and returns the row. Identical bytes change nothing.
 */
export async function storeReplacement (
  request: FastifyRequest, target: FileTarget, file: ReceivedFile, options: ReplacementOptions = {}
): Promise<DistributionRow> {
  const app = request.server
  const { publicUrl } = app.uploadSettings
  const unchanged = target.file_key !== null && target.checksum_sha256 === file.sha256 &&
    (options.format === undefined || options.format === target.format)
  if (unchanged) {
    await discardQuietly(app.storage, file.temp, request.log)
    return (await getDistribution(app.db, target.id)) ?? target
  }
  const key = newFileKey()
  const columns = await fileColumns(app.db, file, { key, format: options.format, previous: target })
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
    await options.alongside?.(trx)
    return (await getDistribution(trx, target.id))!
  })
  await deleteStoredFiles(app, [previousKey])
  return row
}

function send (reply: FastifyReply, row: DistributionRow, publicUrl: string): FastifyReply {
  const body = toDistributionDto(row, publicUrl)
  return reply.header('etag', etagOf(body)).send(body)
}
