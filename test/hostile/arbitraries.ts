// fast-check arbitraries for hostile requests, derived from the OpenAPI contract the app serves: for each
// operation, path and query values, bodies and content types, from plausible (known ids, values that
// fit the schema) to hostile (wrong types, NUL, lone surrogates, huge strings, broken JSON and multipart).
import fc from 'fast-check'
import { BOUNDARY, MULTIPART, multipart } from '../files/helpers.js'

type Schema = Record<string, any>
export interface Operation {
  method: string
  path: string
  pathParams: Array<{ name: string, schema: Schema }>
  query: Array<{ name: string, schema: Schema }>
  /** Media type → schema of the body, when the operation takes one. */
  bodies: Record<string, Schema> | undefined
  secured: boolean
}
export interface HostileRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
}

/** Every operation of the contract (app.swagger()), `$ref`s left for `resolve`. */
export function operationsOf (spec: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  return Object.entries(spec.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => {
    const params = (op.parameters ?? []) as Array<{ in: string, name: string, schema: Schema }>
    const content = op.requestBody?.content as Record<string, { schema: Schema }> | undefined
    return {
      method: method.toUpperCase(),
      path,
      pathParams: params.filter(p => p.in === 'path'),
      query: params.filter(p => p.in === 'query'),
      bodies: content === undefined ? undefined : Object.fromEntries(Object.entries(content).map(([type, c]) => [type, c.schema])),
      secured: Array.isArray(op.security) && op.security.length > 0
    }
  }))
}

/** Values a real client would send, by collection, so that requests reach the handlers and not only the 404s. */
export interface Pools {
  datasets: string[]
  distributions: string[]
  publishers: string[]
  licences: string[]
  tokens: string[]
  /** Other words: vocabulary names and codes, formats. */
  words: string[]
}

const poolOf = (pools: Pools, path: string, name: string): string[] => {
  if (name === 'idOrSlug') return pools.datasets
  if (name !== 'id') return pools.words
  const collection = path.split('/')[1] as keyof Pools
  return pools[collection] ?? pools.words
}

const CONTROL = fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u0085', '\ufffe', '\uffff', '\ud800', '\udfff', '\u2028', '\t', '\r\n')
/** Strings no schema expects: any code point (lone surrogates included), controls, huge, odd syntax. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  { weight: 3, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), CONTROL, fc.string({ maxLength: 8 })).map(([a, c, b]) => a + c + b) },
  fc.constantFrom('', ' ', '%', '%00', '../..', '\\', '"\'', '<script>', '0000-01-01T00:00:00Z', '9999-12-31T23:59:60Z',
    '2026-01-01T00:00:00Z[Europe/Paris]', '1e300', '-1', 'NaN', 'null', '[]', '{}', '😀'.repeat(600)),
  fc.integer({ min: 1000, max: 70_000 }).map(n => 'é'.repeat(n))
)

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(1e300, -1e300, -1, 0, 0.5, Number.MAX_SAFE_INTEGER + 2, true, null, [], {}, [null], { a: '\u0000' }),
  fc.jsonValue({ maxDepth: 3 })
)

const resolve = (schema: Schema, components: Record<string, Schema>): Schema =>
  typeof schema.$ref === 'string' ? resolve(components[schema.$ref.split('/').pop()!] ?? {}, components) : schema

/**
 * A value for a schema. `clean` values fit it (examples, known ids, in-range numbers) so that writes get
 * through and change the data; `dirty` ones put a hostile value in place of any part, or an extra field.
 */
export function valueOf (schema: Schema, components: Record<string, Schema>, pools: Pools, clean: boolean, depth = 0): fc.Arbitrary<unknown> {
  const fitting = fittingValue(resolve(schema, components), components, pools, clean, depth)
  return clean ? fitting : fc.oneof({ weight: 3, arbitrary: fitting }, { weight: 1, arbitrary: hostileValue })
}

function fittingValue (s: Schema, components: Record<string, Schema>, pools: Pools, clean: boolean, depth: number): fc.Arbitrary<unknown> {
  const options = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  if (options !== undefined) return fc.oneof(...options.map(o => valueOf(o, components, pools, clean, depth + 1)))
  if (s.const !== undefined) return fc.constant(s.const)
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum as unknown[])
  const examples = Array.isArray(s.examples) ? s.examples as unknown[] : []
  switch (s.type) {
    case 'string': return stringFor(s, pools, examples, clean)
    case 'integer': return fc.oneof(fc.integer({ min: s.minimum ?? -10, max: Math.min(s.maximum ?? 1e6, 1e6) }), fc.constantFrom(s.minimum ?? 0, s.maximum ?? 2 ** 53))
    case 'number': return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true })
    case 'boolean': return fc.boolean()
    case 'null': return fc.constant(null)
    case 'array': return depth > 4 ? fc.constant([]) : fc.array(valueOf(s.items ?? {}, components, pools, clean, depth + 1), { maxLength: 4 })
    case 'object': return depth > 4 ? fc.constant({}) : objectFor(s, components, pools, clean, depth)
    default: return examples.length > 0 ? fc.constantFrom(...examples) : hostileValue
  }
}

function stringFor (s: Schema, pools: Pools, examples: unknown[], clean: boolean): fc.Arbitrary<string> {
  const instant = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  if (s.format === 'date-time') return instant.map(d => d.toISOString())
  if (s.format === 'date') return instant.map(d => d.toISOString().slice(0, 10))
  if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...pools.datasets, ...pools.distributions), fc.uuid())
  if (s.format === 'uri') return fc.oneof(fc.webUrl(), fc.constantFrom('https://example.org/a', 'http://publications.europa.eu/resource/authority/licence/CC_BY_4_0'))
  if (s.format === 'email') return fc.oneof(fc.emailAddress(), fc.constant('data@example.org'))
  const exampleStrings = examples.filter((e): e is string => typeof e === 'string')
  const known = [...exampleStrings, ...pools.words]
  if (clean) return fc.constantFrom(...(exampleStrings.length > 0 ? exampleStrings : known))
  return fc.oneof(
    fc.constantFrom(...known, ...pools.publishers, ...pools.licences, ...pools.datasets),
    fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) }),
    fc.constant('x'.repeat((s.maxLength ?? 1000) + 1))
  )
}

function objectFor (s: Schema, components: Record<string, Schema>, pools: Pools, clean: boolean, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries((s.properties ?? {}) as Record<string, Schema>)
  const required = (s.required ?? []) as string[]
  const record = fc.record(Object.fromEntries(properties.map(([name, schema]) => [name, valueOf(schema, components, pools, clean, depth + 1)])),
    { requiredKeys: clean ? required : [] }) as fc.Arbitrary<Record<string, unknown>>
  if (clean) return record
  return fc.tuple(record, fc.option(fc.tuple(hostileString, hostileValue), { freq: 3 })).map(([value, extra]) =>
    extra === null ? value : { ...value, [extra[0]]: extra[1] })
}

/** A path segment a client would use: a known id of the collection, or a value the schema lists. */
function cleanSegment (pools: Pools, path: string, name: string, schema: Schema): fc.Arbitrary<string> {
  const listed = [...(schema.enum ?? []) as string[], ...((schema.anyOf ?? []) as Schema[]).map(a => String(a.const))]
  return fc.constantFrom(...(listed.length > 0 ? listed : poolOf(pools, path, name)))
}

/** Any segment: known, percent-encoded UTF-8 of hostile text, or raw escapes no encoder would produce. */
const segment = (pools: Pools, path: string, name: string, schema: Schema): fc.Arbitrary<string> => fc.oneof(
  { weight: 3, arbitrary: cleanSegment(pools, path, name, schema) },
  { weight: 2, arbitrary: hostileString.map(encodeURIComponentLoose) },
  { weight: 1, arbitrary: fc.constantFrom('%00', '%ED%A0%80', '%FF', '%C0%AF', '%2F..%2F', '%25', 'a%0Ab', '.', '..', 'x'.repeat(199)) }
)

function encodeURIComponentLoose (value: string): string {
  return [...Buffer.from(value.toWellFormed(), 'utf8')].map(b => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d
    ? String.fromCharCode(b)
    : `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('')
}

/** The body part of a request: well-formed, mutated, broken, huge or of a wrong media type. */
/** Past the 1 MiB body limit. */
const TOO_LARGE = `{"title":"${'x'.repeat(1100 * 1024)}"}`

interface Body { type?: string, payload?: string | Buffer }

export function bodyOf (op: Operation, components: Record<string, Schema>, pools: Pools): fc.Arbitrary<Body> {
  const declared = Object.entries(op.bodies ?? {}).filter(([type]) => !type.startsWith('multipart/'))
  // Operations without a JSON body get one anyway: a wrong media type is part of the attack.
  const jsonTypes = declared.length > 0 ? declared : [['application/json', { type: 'object' }] as [string, Schema]]
  const json = fc.tuple(fc.constantFrom(...jsonTypes), fc.boolean()).chain(([[type, schema], clean]) =>
    valueOf(schema, components, pools, clean).map(value => ({ type, payload: JSON.stringify(value) ?? 'undefined' })))
  const broken = fc.tuple(json, fc.nat()).map(([body, cut]) => ({ ...body, payload: String(body.payload).slice(0, cut % Math.max(1, String(body.payload).length)) }))
  const wrongType = fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/json; charset=latin1',
    'multipart/form-data', 'application/octet-stream', ''), hostileString).map(([type, payload]) => ({ type, payload }))
  const huge = fc.constantFrom('application/json', 'application/merge-patch+json').map(type => ({ type, payload: TOO_LARGE }))
  const none = fc.constant<Body>({})
  const multipartBody = fc.tuple(
    fc.array(fc.tuple(fc.constantFrom('title', 'description', 'format', 'licence', 'issued', 'file', 'other'), hostileString), { maxLength: 4 }),
    fc.option(fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 0, max: 300_000 }).map(n => new Uint8Array(n))), { freq: 4 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('whole', 'unterminated', 'no-boundary', 'garbage')
  ).map(([fields, file, filename, shape]) => {
    const parts = [...fields, ...(file === null ? [] : [{ filename, content: Buffer.from(file) }])]
    const whole = multipart(...parts)
    if (shape === 'unterminated') return { type: MULTIPART, payload: whole.subarray(0, Math.floor(whole.length * 0.7)) }
    if (shape === 'no-boundary') return { type: 'multipart/form-data', payload: whole }
    if (shape === 'garbage') return { type: MULTIPART, payload: Buffer.from(`--${BOUNDARY}\r\nnonsense\r\n\r\n${filename}`) }
    return { type: MULTIPART, payload: whole }
  })
  return fc.oneof({ weight: 5, arbitrary: json }, { weight: 2, arbitrary: broken }, { weight: 2, arbitrary: wrongType },
    { weight: 1, arbitrary: huge }, { weight: 1, arbitrary: none }, { weight: 3, arbitrary: multipartBody })
}

/** A body a client that read the contract would send: clean JSON, or a small well-formed upload form. */
function cleanBodyOf (op: Operation, components: Record<string, Schema>, pools: Pools): fc.Arbitrary<Body> {
  const choices = Object.entries(op.bodies ?? {}).map(([type, schema]) => type.startsWith('multipart/')
    ? fc.tuple(fc.constantFrom('CSV', 'JSON'), fc.uint8Array({ minLength: 1, maxLength: 500 }))
      .map(([format, bytes]) => ({ type: MULTIPART, payload: multipart(['format', format], { filename: 'data.bin', content: Buffer.from(bytes) }) }))
    : valueOf(schema, components, pools, true).map(value => ({ type, payload: JSON.stringify(value) })))
  return choices.length > 0 ? fc.oneof(...choices) : fc.constant({})
}

/**
 * One request to an operation: a third of them clean (known ids, fitting values, a caller who may
 * write) so that writes are accepted and later requests meet a changing catalogue; the rest hostile.
 */
export function requestFor (op: Operation, components: Record<string, Schema>, pools: Pools, callers: Callers): fc.Arbitrary<HostileRequest> {
  const hasBody = op.method !== 'GET' && op.method !== 'HEAD'
  const clean = fc.record({
    path: fc.tuple(...op.pathParams.map(p => cleanSegment(pools, op.path, p.name, resolve(p.schema, components)))),
    query: fc.constant(''),
    caller: fc.constantFrom(...callers.writers),
    headers: fc.constant({}),
    body: hasBody ? cleanBodyOf(op, components, pools) : fc.constant<Body>({})
  })
  const hostile = fc.record({
    path: fc.tuple(...op.pathParams.map(p => segment(pools, op.path, p.name, resolve(p.schema, components)))),
    query: queryOf(op, components, pools),
    caller: fc.constantFrom(...callers.all),
    headers: fc.record({
      'if-match': fc.constantFrom('*', '"x"', 'W/"x"', 'garbage'),
      'if-none-match': fc.constantFrom('*', '"x"'),
      accept: fc.constantFrom('text/turtle', 'application/rdf+xml', 'image/png', '*/*;q=x', 'application/ld+json, text/turtle;q=0.5'),
      range: fc.constantFrom('bytes=0-0', 'bytes=5-1', 'bytes=-1', 'bytes=0-1,3-4', 'lines=1-2')
    }, { requiredKeys: [] }),
    body: hasBody ? bodyOf(op, components, pools) : fc.constant<Body>({})
  })
  // Clean but for one value: the hostile value reaches the handler and the database, past every other check.
  const mutant = fc.tuple(clean, fc.constantFrom(...mutationsOf(op, components)), hostileString, hostileValue).map(([request, where, text, value]) => {
    if (where.kind === 'path') return { ...request, path: request.path.map((p, i) => i === where.index ? encodeURIComponentLoose(text) : p) }
    if (where.kind === 'query') return { ...request, query: `${encodeURIComponentLoose(where.name)}=${encodeURIComponentLoose(text)}` }
    const body = request.body
    if (typeof body.payload !== 'string') return request
    const parsed = JSON.parse(body.payload) as Record<string, unknown>
    return { ...request, body: { ...body, payload: JSON.stringify({ ...parsed, [where.name]: typeof value === 'string' ? text : value }) } }
  })
  return fc.oneof({ weight: 1, arbitrary: clean }, { weight: 1, arbitrary: mutant }, { weight: 2, arbitrary: hostile }).map(({ path, query, caller, headers, body }) => {
    const url = op.pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, path[i] ?? ''), op.path)
    return {
      method: op.method,
      url: query === '' ? url : `${url}?${query}`,
      headers: { ...caller, ...headers, ...(body.type === undefined ? {} : { 'content-type': body.type }) } as Record<string, string>,
      ...(body.payload === undefined ? {} : { payload: body.payload })
    }
  })
}

type Mutation = { kind: 'path', index: number } | { kind: 'query' | 'body', name: string }

/** Where one hostile value can go in an otherwise clean request. */
function mutationsOf (op: Operation, components: Record<string, Schema>): Mutation[] {
  const json = Object.entries(op.bodies ?? {}).find(([type]) => !type.startsWith('multipart/'))?.[1]
  const properties = json === undefined ? [] : Object.keys(resolve(json, components).properties ?? {})
  const found: Mutation[] = [
    ...op.pathParams.map((_, index) => ({ kind: 'path' as const, index })),
    ...op.query.map(q => ({ kind: 'query' as const, name: q.name })),
    ...properties.map(name => ({ kind: 'body' as const, name }))
  ]
  return found.length > 0 ? found : [{ kind: 'query', name: 'extra' }]
}

export interface Callers {
  /** Anonymous, editors, admin, and tokens that are no tokens. */
  all: Array<Record<string, string>>
  /** Those who may write the seeded data. */
  writers: Array<Record<string, string>>
}

function queryOf (op: Operation, components: Record<string, Schema>, pools: Pools): fc.Arbitrary<string> {
  return fc.tuple(
    fc.subarray(op.query),
    fc.array(fc.tuple(fc.constantFrom(...op.query.map(q => q.name), 'extra', 'q'), hostileString), { maxLength: 2 })
  ).chain(([chosen, garbage]) => fc.tuple(...chosen.map(q => valueOf(q.schema, components, pools, false).map(v => [q.name, v] as const)))
    .map(pairs => [...pairs, ...garbage]
      .map(([name, value]) => `${encodeURIComponentLoose(name)}=${encodeURIComponentLoose(typeof value === 'string' ? value : JSON.stringify(value) ?? '')}`).join('&')))
}
