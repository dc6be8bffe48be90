// Schemas compiled on first use rather than at start-up: compiling every route's validators and
// serializers up front took most of a warm start (issue 15); a route pays for its own on its first request.
import SerializerSelector from '@fastify/fast-json-stringify-compiler'
import type { FastifySerializerCompiler } from 'fastify'
import type { AnySchema, Ajv, ValidateFunction } from 'ajv'

/**
 * An Ajv validator compiled on its first call. `schemaEnv` is set so Fastify passes the parent object,
 * which Ajv needs to coerce a root value, and `errors` mirrors the compiled function's after each call.
 */
export function lazyValidator (ajv: Ajv, schema: AnySchema): ValidateFunction {
  let compiled: ValidateFunction | undefined
  const validate = function (data: unknown, context?: object): boolean {
    compiled ??= ajv.compile(schema)
    const valid = compiled(data, context as Parameters<ValidateFunction>[1])
    validate.errors = compiled.errors ?? null
    return valid as boolean
  } as ValidateFunction
  // Read by Fastify on each request only, never at start-up.
  Object.defineProperty(validate, 'schemaEnv', { get: () => (compiled ??= ajv.compile(schema)).schemaEnv })
  return validate
}

/** Fastify's own serializer compiler (fast-json-stringify over the shared schemas), each one built on first use. */
export function lazySerializerCompiler (sharedSchemas: Record<string, unknown>): FastifySerializerCompiler<unknown> {
  const build = SerializerSelector()(sharedSchemas, {})
  return (routeSchema) => {
    let serialize: ((data: unknown) => string) | undefined
    // Fastify gives every response schema an httpStatus; its type leaves it optional.
    return (data: unknown) => (serialize ??= build({ ...routeSchema, httpStatus: routeSchema.httpStatus ?? '' }))(data)
  }
}
