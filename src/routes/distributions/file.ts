// The bytes of an uploaded distribution: download (GET/HEAD, ranges, validators) and replacement (PUT).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { canSeeDrafts, assertCanWrite } from '../../auth/permissions.js'
import { findFileTarget, type FileTarget } from '../../db/files.js'
import { GoneError, NotFoundError, RangeNotSatisfiableError } from '../../errors.js'
import { checkIfMatch, notModified } from '../../http/conditional.js'
import { problems, ref, Uuid } from '../../schemas/common.js'
import { Distribution } from '../../schemas/distribution.js'
import { fileEtag, setDownloadHeaders } from '../../uploads/download.js'
import { multipartBody, ReplaceFileForm, skipMultipartBody } from '../../uploads/form-schemas.js'
import { parseRange } from '../../uploads/range.js'
import { replaceDistributionFile } from '../../uploads/replace-file.js'

const Params = Type.Object({ id: Uuid }, { additionalProperties: false })

const FileBytes = Type.Unsafe<unknown>({ type: 'string', format: 'binary' })
const fileResponse = (description: string) => ({ description, content: { 'application/octet-stream': { schema: FileBytes } } })

/** The distribution behind a file URL, as the caller may see it: 404 for unknown ids and others' drafts, 410 when deleted. */
export async function visibleTarget (request: FastifyRequest, id: string): Promise<FileTarget> {
  const target = await findFileTarget(request.server.db, id)
  if (target === undefined) throw new NotFoundError('Distribution', id)
  if (target.dataset_status === 'draft' && !canSeeDrafts(request.principal, target.publisher_id)) throw new NotFoundError('Distribution', id)
  if (target.dataset_deleted_at !== null) throw new GoneError('Distribution', id)
  return target
}

/** `If-Range` keeps the range only while the client's copy is current (RFC 9110 §13.1.5). */
function rangeStillValid (request: FastifyRequest, etag: string, lastModified: Date): boolean {
  const ifRange = request.headers['if-range']
  if (ifRange === undefined) return true
  if (typeof ifRange !== 'string') return false
  if (ifRange.startsWith('"')) return ifRange === etag
  return Date.parse(ifRange) === Math.floor(lastModified.getTime() / 1000) * 1000
}

async function sendFile (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<FastifyReply> {
  const target = await visibleTarget(request, request.params.id)
  const etag = fileEtag(target)
  if (target.file_key === null || etag === null) throw new NotFoundError('File of distribution', target.id)
  // A draft's file depends on who asks: no shared cache may keep it.
  if (target.dataset_status === 'draft') reply.header('cache-control', 'private, no-store')
  const size = Number(target.byte_size)
  const lastModified = new Date(target.modified)
  if (notModified(request, reply, etag, lastModified)) return reply.send()
  const range = rangeStillValid(request, etag, lastModified) ? parseRange(request.headers.range, size) : { kind: 'whole' as const }
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`)
    throw new RangeNotSatisfiableError(request.headers.range ?? '')
  }
  setDownloadHeaders(reply, { id: target.id, mediaType: target.media_type, fileName: target.file_name })
  if (range.kind === 'partial') {
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`)
  }
  const length = range.kind === 'partial' ? range.end - range.start + 1 : size
  reply.header('content-length', length)
  if (request.method === 'HEAD' || length === 0) return reply.send()
  return reply.send(await request.server.storage.read(target.file_key, range.kind === 'partial' ? range : undefined))
}

const fileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const download = {
    description: 'Streamed, with `Range` (one range), a strong `ETag` (the sha256 of the bytes), `Last-Modified` and ' +
      'conditional requests. `Content-Disposition` carries the original file name; HTML, SVG, XML and JavaScript are ' +
      'always attachments with a sandboxing Content-Security-Policy.',
    params: Params,
    response: {
      200: fileResponse('The whole file'),
      206: fileResponse('The requested range'),
      304: Type.Null({ description: 'The client\'s copy is current' }),
      ...problems(400, 404, 410, 416)
    }
  }
  app.get('/distributions/:id/file', {
    exposeHeadRoute: false,
    schema: { tags: ['distributions'], operationId: 'downloadDistributionFile', summary: 'Download the file of a distribution', ...download }
  }, sendFile)
  app.head('/distributions/:id/file', {
    schema: { tags: ['distributions'], operationId: 'headDistributionFile', summary: 'Headers of a download, without the bytes', ...download }
  }, sendFile)

  app.put('/distributions/:id/file', {
    validatorCompiler: skipMultipartBody(app),
    schema: {
      tags: ['distributions'],
      operationId: 'replaceDistributionFile',
      summary: 'Replace the file of a distribution',
      description: 'Streams the new file; the old one stays downloadable until the new one is stored, then is removed. ' +
        'Sending the same bytes again changes nothing. `If-Match` with the file\'s ETag guards against concurrent replacements.',
      security: [{ bearer: [] }],
      params: Params,
      body: multipartBody(ReplaceFileForm),
      response: { 200: ref(Distribution), ...problems(400, 401, 403, 404, 410, 412, 413, 415, 422) }
    }
  }, async (request, reply) => {
    const target = await visibleTarget(request, request.params.id)
    assertCanWrite(request.principal, target.publisher_id)
    checkIfMatch(request, fileEtag(target))
    return replaceDistributionFile(request, reply, target)
  })
}

export default fileRoutes
