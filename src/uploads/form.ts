// Reads an upload form: text fields first, then exactly one part named `file`. The fields are
// validated before the first byte of the file is stored; anything after the file is refused.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { MultipartFile, MultipartValue } from '@fastify/multipart'
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, type FieldError } from '../errors.js'
import type { Storage } from '../storage/storage.js'
import { isSafeText, UNSAFE_TEXT_MESSAGE } from '../schemas/text.js'
import { asClientError, discardQuietly, receiveFile, type ReceivedFile } from './receive.js'

export const FILE_FIELD = 'file'

/** Room for the fields, part headers and boundaries around a file of the maximum size. */
const FORM_OVERHEAD_BYTES = 2 * 1024 * 1024

export interface FormOptions<F> {
  storage: Storage
  maxBytes: number
  /** Names of the text fields the form accepts. */
  fields: readonly string[]
  /** Checks the fields (throwing 4xx problems) and returns them typed; runs before the file streams. */
  validate: (fields: Record<string, string>) => Promise<F>
}

export interface UploadForm<F> {
  fields: F
  file: ReceivedFile
}

/** A 400 problem listing the invalid fields (one message per field), like schema errors of JSON bodies. */
export function invalidFields (errors: FieldError[]): Error {
  const first = errors.filter((error, i) => errors.findIndex(e => e.path === error.path) === i)
  return Object.assign(new BadRequestError(`Invalid form: ${first.map(e => `${e.path} ${e.message}`).join('; ')}`), { errors: first })
}

const invalidPart = (name: string, message: string): Error => invalidFields([{ path: `body/${name}`, message }])

function addField (fields: Record<string, string>, part: MultipartValue, allowed: readonly string[]): void {
  const name = part.fieldname
  if (name === FILE_FIELD) throw invalidPart(name, 'must be a file part (with a filename)')
  if (!allowed.includes(name)) throw invalidPart(name, 'is not a known field')
  if (name in fields) throw invalidPart(name, 'is given more than once')
  if (part.valueTruncated) throw invalidPart(name, 'is longer than 64 KiB')
  if (typeof part.value !== 'string') throw invalidPart(name, 'must be a plain text field')
  if (!isSafeText(part.value)) throw invalidPart(name, UNSAFE_TEXT_MESSAGE)
  fields[part.fieldname] = part.value
}

/**
 * After a refused form the rest of the body is read and dropped, up to what an accepted form may carry:
 * busboy has stopped pulling, and an unread body would stall the keep-alive connection's next request
 * until the keep-alive timeout. A body that runs on past the limit loses its connection instead.
 */
function discardRest (request: FastifyRequest, limit: number): void {
  const raw = request.raw
  if (raw.readableEnded) return
  raw.unpipe()
  let received = 0
  raw.on('data', (chunk: Buffer) => {
    received += chunk.length
    if (received > limit) raw.destroy()
  })
  raw.resume()
}

export async function readUploadForm<F> (request: FastifyRequest, reply: FastifyReply, options: FormOptions<F>): Promise<UploadForm<F>> {
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeError(`Send multipart/form-data: metadata fields first, then one part named "${FILE_FIELD}"`)
  }
  // A declared length far past the limit is refused before anything is read; closing the connection
  // spares the client sending the rest.
  if (Number(request.headers['content-length']) > options.maxBytes + FORM_OVERHEAD_BYTES) {
    reply.header('connection', 'close')
    throw new PayloadTooLargeError(options.maxBytes)
  }
  const parts = request.parts()
  const raw: Record<string, string> = {}
  let result: UploadForm<F> | undefined
  try {
    for (;;) {
      const next = await parts.next().catch((err: unknown) => { throw asClientError(err) })
      if (next.done === true) break
      const part = next.value
      if (result !== undefined) throw invalidPart(part.fieldname, `no part may follow the "${FILE_FIELD}" part`)
      if (part.type === 'field') {
        addField(raw, part, options.fields)
        continue
      }
      if (part.fieldname !== FILE_FIELD) throw invalidPart(part.fieldname, `the file part must be named "${FILE_FIELD}"`)
      const fields = await options.validate(raw)
      result = { fields, file: await receiveFile(options.storage, part as MultipartFile, options.maxBytes, request.log) }
    }
  } catch (err) {
    discardRest(request, options.maxBytes + FORM_OVERHEAD_BYTES)
    if (result !== undefined) await discardQuietly(options.storage, result.file.temp, request.log)
    throw err
  }
  if (result === undefined) throw invalidPart(FILE_FIELD, `is required: one file part named "${FILE_FIELD}", after the fields`)
  return result
}
