// Schemas shared by every resource: ids, problems, timestamps, and `ref()` to point at them.
import { Type, type Static, type TSchema } from 'typebox'

/** A `$ref` to a shared schema that keeps its static type (STYLE C1, P3). */
export function ref<T extends TSchema> (schema: T): T {
  const id = (schema as { $id?: string }).$id
  if (id === undefined) throw new Error('ref() needs a schema with an $id')
  return Type.Unsafe<Static<T>>(Type.Ref(id)) as unknown as T
}

export const Slug = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]*$',
  minLength: 1,
  maxLength: 100,
  description: 'Lowercase letters, digits, `-` and `_`.',
  examples: ['transports-en-commun']
})

export const Uuid = Type.String({ format: 'uuid', examples: ['0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d'] })

export const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, examples: ['https://example.org/page'] })

export const Timestamp = Type.String({ format: 'date-time', examples: ['2026-01-15T09:30:00.000Z'] })
export const IsoDate = Type.String({ format: 'date', examples: ['2026-01-01'] })

/** The largest integer a JSON number carries exactly, and far inside PostgreSQL's bigint. */
export const MAX_INTEGER = Number.MAX_SAFE_INTEGER

export const FieldError = Type.Object({
  path: Type.String({ examples: ['body/title'] }),
  message: Type.String({ examples: ['must NOT have fewer than 1 characters'] })
}, { additionalProperties: false })

export const Problem = Type.Object({
  type: Type.String({ examples: ['urn:bastille:problem:validation'] }),
  title: Type.String({ examples: ['Bad Request'] }),
  status: Type.Integer({ examples: [400] }),
  detail: Type.String(),
  instance: Type.String({ examples: ['/datasets'] }),
  errors: Type.Optional(Type.Array(FieldError))
}, { $id: 'Problem', description: 'An RFC 9457 problem detail.' })

/** The 304 answer of a conditional GET. */
export const NotModified = Type.Null({ description: 'Not modified: the client’s copy (ETag, Last-Modified) is current.' })

/** Error responses for a route's `response` map, all pointing at the shared Problem. */
export function problems<const S extends number[]> (...statuses: S): { [K in S[number]]: typeof Problem } {
  return Object.fromEntries(statuses.map(status => [status, ref(Problem)])) as { [K in S[number]]: typeof Problem }
}
