// How upload forms appear in the OpenAPI contract. Multipart bodies stream past Fastify's validation:
// the upload code checks each part as it arrives (form.ts), before any byte is stored.
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify'
import { Type } from 'typebox'
import { ReplaceFields, UploadFields } from './fields.js'

const FilePart = Type.Unsafe<unknown>({
  type: 'string',
  format: 'binary',
  description: 'The file, last in the form. Its name is kept as a label; type, size and sha256 come from the bytes.'
})

export const UploadForm = Type.Object({ ...UploadFields.properties, file: FilePart }, {
  description: 'Metadata fields first (`title` defaults to the file name), then one part named `file`.'
})

export const ReplaceFileForm = Type.Object({ ...ReplaceFields.properties, file: FilePart }, {
  description: 'Optionally `format`, then one part named `file`.'
})

/** `schema.body` documenting a multipart form (add other content types beside it as needed). */
export const multipartBody = <T>(form: T) => ({ content: { 'multipart/form-data': { schema: form } } })

/** A route's validator compiler: the app's, except for multipart bodies, which the upload code checks. */
export function skipMultipartBody (app: FastifyInstance): FastifySchemaCompiler<unknown> {
  const compile = app.validatorCompiler
  if (compile === undefined) throw new Error('The validation plugin must be registered before upload routes')
  return route => route.httpPart === 'body' && route.contentType?.startsWith('multipart/') === true ? () => true : compile(route)
}
