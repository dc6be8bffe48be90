// Ajv set up as STYLE C1/P23 asks: unknown properties are refused, never stripped; bodies are not coerced.
import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import fp from 'fastify-plugin'
import type { AnySchema } from 'ajv'

const BASE: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false }

function makeAjv (options: Options, schemas: AnySchema[]): Ajv {
  const ajv = new Ajv({ ...BASE, ...options })
  addFormats.default(ajv)
  for (const schema of schemas) ajv.addSchema(schema)
  return ajv
}

/** Validates bodies strictly, and query strings, params and headers with type coercion. */
export default fp<{ schemas: AnySchema[] }>(async function validation (app, { schemas }) {
  const bodies = makeAjv({ coerceTypes: false }, schemas)
  const others = makeAjv({ coerceTypes: 'array' }, schemas)
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodies : others).compile(schema as AnySchema))
}, { name: 'validation' })
