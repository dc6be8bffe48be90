// Validators and serializers compiled on first use behave as the ones Fastify compiles at start-up.
import t from 'tap'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import schemas from '../../src/plugins/schemas.js'

const app = Fastify()
await app.register(fp(schemas))
app.get('/items/:n', {
  schema: {
    params: Type.Object({ n: Type.Integer({ minimum: 1 }) }),
    querystring: Type.Object({ tag: Type.Optional(Type.Array(Type.String())) }, { additionalProperties: false }),
    response: { 200: Type.Object({ n: Type.Integer(), tags: Type.Array(Type.String()), licence: Type.Optional({ $ref: 'Licence#' }) }) }
  }
}, async (request) => {
  const { n } = request.params as { n: number }
  const { tag } = request.query as { tag?: string[] }
  return { n, tags: tag ?? [], secret: 'never sent' }
})
app.post('/items', { schema: { body: Type.Object({ name: Type.String({ minLength: 2 }) }, { additionalProperties: false }) } },
  async (request) => request.body)
await app.ready()
t.teardown(() => app.close())

t.test('params and query strings are coerced, a single value into an array', async t => {
  const res = await app.inject('/items/3?tag=a')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { n: 3, tags: ['a'] }, 'unlisted properties are not serialised')
})

t.test('invalid input is refused with the validator’s errors, on the first call and the next', async t => {
  for (let i = 0; i < 2; i++) {
    const params = await app.inject('/items/0')
    t.equal(params.statusCode, 400)
    t.match(params.json().message, /params\/n must be >= 1/)
    const body = await app.inject({ method: 'POST', url: '/items', payload: { name: 'x', extra: true } })
    t.equal(body.statusCode, 400)
  }
  const ok = await app.inject({ method: 'POST', url: '/items', payload: { name: 'ok' } })
  t.same(ok.json(), { name: 'ok' })
})
