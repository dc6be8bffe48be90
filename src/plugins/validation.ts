// Ajv set up as STYLE C1/P23 asks: unknown properties are refused, never stripped; bodies are not coerced.
// Before any schema runs, one rule for every route: text PostgreSQL or the feeds cannot take is refused
// (schemas/text.ts), and a route documenting its body per media type gets one of those types.
import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import fp from 'fastify-plugin'
import type { AnySchema } from 'ajv'
import type { FastifyRequest } from 'fastify'
import { BadRequestError, UnsupportedMediaTypeError } from '../errors.js'
import { addDateFormats } from '../schemas/formats.js'
import { findUnsafeText, UNSAFE_TEXT_MESSAGE } from '../schemas/text.js'
import { lazyValidator } from './lazy-compile.js'

const BASE: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false }

function makeAjv (options: Options, schemas: AnySchema[]): Ajv {
  const ajv = new Ajv({ ...BASE, ...options })
  addFormats.default(ajv)
  addDateFormats(ajv)
  for (const schema of schemas) ajv.addSchema(schema)
  return ajv
}

/** Shaped like a schema failure, so the problem handler reports it the same way (`errors[]`, type `validation`). */
function unsafeText (part: string, pointer: string): Error {
  return Object.assign(new BadRequestError(`${part}${pointer} ${UNSAFE_TEXT_MESSAGE}`), {
    validation: [{ instancePath: pointer, message: UNSAFE_TEXT_MESSAGE, params: {} }],
    validationContext: part
  })
}

function assertSafeText (request: FastifyRequest): void {
  const parts: Array<[string, unknown]> = [['params', request.params], ['querystring', request.query], ['body', request.body]]
  for (const [part, value] of parts) {
    const pointer = findUnsafeText(value)
    if (pointer !== undefined) throw unsafeText(part, pointer)
  }
}

/**
 * Fastify validates a per-media-type body only when the request names one of those types: without a
 * Content-Type (or with another one the parsers took) the handler would get an unchecked body.
 */
function assertDeclaredMediaType (request: FastifyRequest): void {
  const content = (request.routeOptions.schema?.body as { content?: Record<string, unknown> } | undefined)?.content
  if (content === undefined) return
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  if (type === undefined || !Object.hasOwn(content, type)) {
    throw new UnsupportedMediaTypeError(`Send the body as one of: ${Object.keys(content).join(', ')}`)
  }
}

/** Validates bodies strictly, and query strings, params and headers with type coercion. */
export default fp<{ schemas: AnySchema[] }>(async function validation (app, { schemas }) {
  const bodies = makeAjv({ coerceTypes: false }, schemas)
  const others = makeAjv({ coerceTypes: 'array' }, schemas)
  app.setValidatorCompiler(({ schema, httpPart }) =>
    lazyValidator(httpPart === 'body' ? bodies : others, schema as AnySchema))
  app.addHook('preValidation', async (request) => {
    assertSafeText(request)
    assertDeclaredMediaType(request)
  })
}, { name: 'validation' })
