// Adds the shared schemas to Fastify (serialisation, OpenAPI) and to the validators.
import fp from 'fastify-plugin'
import type { AnySchema } from 'ajv'
import { SHARED_SCHEMAS } from '../schemas/index.js'
import validation from './validation.js'
import { lazySerializerCompiler } from './lazy-compile.js'

export default fp(async function schemas (app) {
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema)
  app.setSerializerCompiler(lazySerializerCompiler(Object.fromEntries(SHARED_SCHEMAS.map(schema => [(schema as { $id: string }).$id, schema]))))
  await app.register(validation, { schemas: SHARED_SCHEMAS as AnySchema[] })
}, { name: 'schemas' })
