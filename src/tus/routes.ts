// tus 1.0 resources under a distribution: POST …/uploads creates an upload session (with or without a first
// body), HEAD tells its offset, PATCH appends, DELETE ends it. Same tokens and permissions as PUT …/file.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { randomUUID } from 'node:crypto'
import { Type } from 'typebox'
import { assertCanWrite } from '../auth/permissions.js'
import type { FileTarget } from '../db/files.js'
import { GoneError, MultipartGoneError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.js'
import { visibleTarget } from '../routes/distributions/file.js'
import { problems, Uuid } from '../schemas/common.js'
import { cleanFileName } from '../uploads/file-name.js'
import { appendBody } from './append.js'
import { OffsetMismatchError, UploadLockedError } from './errors.js'
import { finishUpload, terminate } from './finish.js'
import { httpDate, OFFSET_OCTET_STREAM, parseChecksum, parseMetadata, parseReprDigest, parseSize, TUS_VERSION } from './protocol.js'
import { claimUpload, createUpload, findUpload, releaseClaim, renewClaim, type UploadRow } from './queries.js'

/** An upload not written to for this long expires (each PATCH starts the period again). */
export const EXPIRY_SECONDS = 24 * 3600
/** A PATCH holds its upload this long, renewed every third of it while the body streams. */
export const CLAIM_SECONDS = 60

const Params = Type.Object({ id: Uuid }, { additionalProperties: false })
const UploadParams = Type.Object({ id: Uuid, uploadId: Uuid }, { additionalProperties: false })
const Size = Type.String({ pattern: '^[0-9]{1,16}$' })
const TusResumable = Type.Literal(TUS_VERSION, { description: 'The protocol version; any other answers 412.' })
const Empty = (description: string) => Type.Null({ description })
const CommonHeaders = {
  'tus-resumable': TusResumable,
  'upload-checksum': Type.Optional(Type.String({ description: '`sha1 <base64>` or `sha256 <base64>` of this request\'s body: 460 when it does not match.' })),
  'repr-digest': Type.Optional(Type.String({ description: '`sha-256=:<base64>:` of the whole file (RFC 9530), checked once the upload is complete.' }))
}

/** The distribution, if the caller may write it (else 401/403, or 404 as for a missing one). */
async function writableTarget (request: FastifyRequest, id: string): Promise<FileTarget> {
  const target = await visibleTarget(request, id)
  assertCanWrite(request.principal, target.publisher_id)
  return target
}

/** An upload of this distribution: 404 when unknown, 410 once expired. */
async function liveUpload (request: FastifyRequest, distributionId: string, uploadId: string): Promise<UploadRow> {
  const upload = await findUpload(request.server.db, distributionId, uploadId)
  if (upload === undefined) throw new NotFoundError('Upload', uploadId)
  if (upload.expired) throw new GoneError('Upload', uploadId)
  return upload
}

function isOffsetStream (request: FastifyRequest): boolean {
  return request.headers['content-type']?.split(';')[0]?.trim().toLowerCase() === OFFSET_OCTET_STREAM
}

/**
 * Runs `write` holding the upload (a claim row in PostgreSQL, renewed while it runs): another PATCH,
 * on any node, gets 423 meanwhile. Returns the new offset.
 */
async function holding (request: FastifyRequest, uploadId: string, write: (upload: UploadRow, token: string) => Promise<number>): Promise<number> {
  const { db } = request.server
  const token = randomUUID()
  const upload = await claimUpload(db, uploadId, token, CLAIM_SECONDS)
  if (upload === undefined) throw new UploadLockedError(uploadId)
  const renew = setInterval(() => {
    renewClaim(db, uploadId, token, CLAIM_SECONDS).catch((err: unknown) => request.log.warn({ err }, 'could not renew an upload claim'))
  }, CLAIM_SECONDS * 1000 / 3)
  try {
    return await write(upload, token)
  } finally {
    clearInterval(renew)
    await releaseClaim(db, uploadId, token)
  }
}

/** Appends the request's body at `offset`, then, once the upload is complete, makes it the distribution's file. */
async function append (request: FastifyRequest, target: FileTarget, uploadId: string, offset: number): Promise<number> {
  const checksum = parseChecksum(request.headers['upload-checksum'] as string | undefined)
  const repr = parseReprDigest(request.headers['repr-digest'] as string | undefined)
  return await holding(request, uploadId, async (upload, token) => {
    if (Number(upload.upload_offset) !== offset) throw new OffsetMismatchError(offset, upload.upload_offset)
    try {
      const reached = await appendBody(request, { upload, token, checksum, expirySeconds: EXPIRY_SECONDS })
      if (reached === Number(upload.upload_length)) await finishUpload(request, target, upload, repr)
      return reached
    } catch (err) {
      // No request can bring lost parts back: the session ends, and the client starts a new upload.
      if (err instanceof MultipartGoneError) await terminate(request, uploadId)
      throw err
    }
  })
}

/** Upload-Expires as the database now has it, for a session still open. */
async function expiryHeader (request: FastifyRequest, reply: FastifyReply, distributionId: string, uploadId: string): Promise<void> {
  const upload = await findUpload(request.server.db, distributionId, uploadId)
  if (upload !== undefined) reply.header('upload-expires', httpDate(upload.expires_at))
}

/** tus answers carry their state in headers only: no body, not even `null`. */
const empty = (reply: FastifyReply): FastifyReply => reply.send()

const tusRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { maxBytes, publicUrl } = app.uploadSettings

  app.post('/distributions/:id/uploads', {
    schema: {
      tags: ['uploads'],
      operationId: 'createUpload',
      summary: 'Start a resumable (tus) upload of the distribution\'s file',
      description: 'tus 1.0 creation and creation-with-upload: `Upload-Length` (up to `Tus-Max-Size`), `Upload-Metadata` ' +
        '(`filename`, used for the download name and to recognise the type). An `application/offset+octet-stream` body ' +
        'is the first chunk. The answer\'s `Location` is the upload to HEAD, PATCH and DELETE; once its last byte ' +
        'arrives, the file replaces the distribution\'s as PUT …/file does. On an object store, a body needs ' +
        '`Content-Length` (411 otherwise), and 410 means the store lost the parts received.',
      security: [{ bearer: [] }],
      params: Params,
      headers: Type.Object({
        ...CommonHeaders,
        'upload-length': Size,
        'upload-metadata': Type.Optional(Type.String({ description: 'Comma-separated `key base64value` pairs.' }))
      }),
      response: { 201: Empty('Created: `Location`, `Upload-Expires`, and `Upload-Offset` after a first chunk'), ...problems(400, 401, 403, 404, 410, 411, 412, 413, 415, 423, 460) }
    }
  }, async (request, reply) => {
    const target = await writableTarget(request, request.params.id)
    const length = parseSize(request.headers['upload-length'], 'Upload-Length')
    if (length > maxBytes) throw new PayloadTooLargeError(maxBytes)
    const withBody = isOffsetStream(request)
    if (!withBody && request.headers['content-type'] !== undefined) throw new UnsupportedMediaTypeError(`A first chunk must be ${OFFSET_OCTET_STREAM}`)
    const metadata = request.headers['upload-metadata']
    const entries = parseMetadata(metadata)
    const multipart = length > 0 ? await app.storage.multipart?.start(length) : undefined
    const upload = await createUpload(app.db, {
      distributionId: target.id,
      length,
      metadata: metadata ?? null,
      fileName: cleanFileName(entries.get('filename') ?? entries.get('name') ?? undefined),
      reprSha256: parseReprDigest(request.headers['repr-digest']) ?? null,
      expirySeconds: EXPIRY_SECONDS,
      multipart
    })
    reply.code(201).header('location', `${publicUrl}/distributions/${target.id}/uploads/${upload.id}`)
    if (withBody || length === 0) reply.header('upload-offset', await append(request, target, upload.id, 0))
    await expiryHeader(request, reply, target.id, upload.id)
    return empty(reply)
  })

  app.head('/distributions/:id/uploads/:uploadId', {
    schema: {
      tags: ['uploads'],
      operationId: 'headUpload',
      summary: 'How much of a resumable upload the server has',
      description: '`Upload-Offset` is where the next PATCH starts; also `Upload-Length`, `Upload-Metadata` and `Upload-Expires`.',
      security: [{ bearer: [] }],
      params: UploadParams,
      headers: Type.Object({ 'tus-resumable': TusResumable }),
      response: { 200: Empty('The upload\'s state, in headers'), ...problems(401, 403, 404, 410, 412) }
    }
  }, async (request, reply) => {
    const target = await writableTarget(request, request.params.id)
    const upload = await liveUpload(request, target.id, request.params.uploadId)
    reply.header('cache-control', 'no-store')
      .header('upload-offset', upload.upload_offset)
      .header('upload-length', upload.upload_length)
      .header('upload-expires', httpDate(upload.expires_at))
    if (upload.metadata !== null) reply.header('upload-metadata', upload.metadata)
    return empty(reply)
  })

  app.patch('/distributions/:id/uploads/:uploadId', {
    schema: {
      tags: ['uploads'],
      operationId: 'appendUpload',
      summary: 'Send the next bytes of a resumable upload',
      description: '`Content-Type: application/offset+octet-stream`; `Upload-Offset` must be the upload\'s offset (409 otherwise). ' +
        'A dropped connection keeps the bytes received (not with `Upload-Checksum`; on an object store, not those of ' +
        'a part cut short). One PATCH at a time per upload, on whichever node: 423 meanwhile. On an object store, a ' +
        'body needs `Content-Length` (411 otherwise), and 410 means the store lost the parts received.',
      security: [{ bearer: [] }],
      params: UploadParams,
      headers: Type.Object({ ...CommonHeaders, 'upload-offset': Size }),
      response: { 204: Empty('Stored: the new `Upload-Offset` and `Upload-Expires`'), ...problems(400, 401, 403, 404, 409, 410, 411, 412, 413, 415, 423, 460) }
    }
  }, async (request, reply) => {
    const target = await writableTarget(request, request.params.id)
    if (!isOffsetStream(request)) throw new UnsupportedMediaTypeError(`PATCH needs Content-Type: ${OFFSET_OCTET_STREAM}`)
    const offset = parseSize(request.headers['upload-offset'], 'Upload-Offset')
    const { uploadId } = request.params
    await liveUpload(request, target.id, uploadId)
    reply.code(204).header('upload-offset', await append(request, target, uploadId, offset))
    await expiryHeader(request, reply, target.id, uploadId)
    return empty(reply)
  })

  app.delete('/distributions/:id/uploads/:uploadId', {
    schema: {
      tags: ['uploads'],
      operationId: 'terminateUpload',
      summary: 'Abandon a resumable upload',
      description: 'tus termination: the bytes received are removed; the distribution\'s file is unchanged.',
      security: [{ bearer: [] }],
      params: UploadParams,
      headers: Type.Object({ 'tus-resumable': TusResumable }),
      response: { 204: Empty('Terminated'), ...problems(401, 403, 404, 410, 412, 423) }
    }
  }, async (request, reply) => {
    const target = await writableTarget(request, request.params.id)
    const { uploadId } = request.params
    await liveUpload(request, target.id, uploadId)
    await holding(request, uploadId, async () => { await terminate(request, uploadId); return 0 })
    return empty(reply.code(204))
  })

  // Hidden like every OPTIONS route; the plugin adds Tus-Version, Tus-Extension, Tus-Max-Size to the answer.
  for (const url of ['/distributions/:id/uploads', '/distributions/:id/uploads/:uploadId']) {
    // c8 ignore next: the CORS plugin answers every OPTIONS in its onRequest hook, before any handler.
    app.options(url, { schema: { hide: true } }, async (_request, reply) => empty(reply.code(204)))
  }
}

export default tusRoutes
