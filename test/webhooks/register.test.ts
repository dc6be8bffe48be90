// Registering webhook endpoints: bad input answers 4xx problems, editors manage only their publisher's
// endpoints, private addresses are refused (public IP literals need no DNS here), and the secret is shown once (and on rotation).
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'

const strict = await buildTestApp(t)
await seedPublisher(strict, 'metropole')
await seedPublisher(strict, 'ville')
const METRO = await editorOf(strict, 'metropole')
const VILLE = await editorOf(strict, 'ville')
const TYPES = ['dataset.created', 'dataset.deleted']

async function post (app: FastifyInstance, headers: Record<string, string>, payload: unknown) {
  return app.inject({ method: 'POST', url: '/webhooks', headers, payload: payload as object })
}

t.test('bad input answers a 4xx problem', async t => {
  const cases: Array<[string, Record<string, string>, unknown, number]> = [
    ['no token', {}, { url: 'https://example.org/hook', eventTypes: TYPES }, 401],
    ['not a URL', METRO, { url: 'not a url', eventTypes: TYPES }, 400],
    ['ftp URL', METRO, { url: 'ftp://example.org/hook', eventTypes: TYPES }, 400],
    ['unknown event type', METRO, { url: 'https://example.org/hook', eventTypes: ['dataset.exploded'] }, 400],
    ['no event type', METRO, { url: 'https://example.org/hook', eventTypes: [] }, 400],
    ['a type twice', METRO, { url: 'https://example.org/hook', eventTypes: ['dataset.created', 'dataset.created'] }, 400],
    ['unknown property', METRO, { url: 'https://example.org/hook', eventTypes: TYPES, secret: 'whsec_mine' }, 400],
    ['another publisher\'s', METRO, { url: 'https://example.org/hook', eventTypes: TYPES, publisher: 'ville' }, 403],
    ['an unknown publisher', ADMIN, { url: 'https://example.org/hook', eventTypes: TYPES, publisher: 'nobody' }, 422],
    ['loopback', METRO, { url: 'http://127.0.0.1:8080/hook', eventTypes: TYPES }, 422],
    ['private network', METRO, { url: 'http://10.1.2.3/hook', eventTypes: TYPES }, 422],
    ['cloud metadata', METRO, { url: 'http://169.254.169.254/latest/meta-data', eventTypes: TYPES }, 422],
    ['IPv6 loopback', METRO, { url: 'http://[::1]/hook', eventTypes: TYPES }, 422],
    ['localhost', METRO, { url: 'http://localhost/hook', eventTypes: TYPES }, 422]
  ]
  for (const [name, headers, payload, status] of cases) {
    const res = await post(strict, headers, payload)
    t.equal(res.statusCode, status, `${name}: ${res.body}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/, name)
    t.equal(res.json().status, status, name)
  }
  const refused = (await post(strict, METRO, { url: 'http://127.0.0.1:8080/hook', eventTypes: TYPES })).json()
  t.match(refused.errors, [{ path: 'body/url', message: /loopback/ }], 'the problem says why')
  t.same((await strict.inject({ url: '/webhooks', headers: ADMIN })).json().items, [], 'nothing was registered')
})

t.test('the secret is shown once; editors see only their publisher\'s endpoints', async t => {
  const app = strict
  const metro = METRO
  const ville = VILLE
  const created = await post(app, metro, { url: 'https://93.184.215.14/metro', eventTypes: TYPES, description: 'Our mirror' })
  t.equal(created.statusCode, 201, created.body)
  const body = created.json()
  t.match(body, { url: 'https://93.184.215.14/metro', eventTypes: TYPES, description: 'Our mirror', publisher: 'metropole', enabled: true, disabledReason: null, previousSecretUntil: null })
  t.match(body.secret, /^whsec_[A-Za-z0-9+/]+=*$/)
  t.ok(Buffer.from(body.secret.slice(6), 'base64').length >= 24, 'at least 24 random bytes')
  t.equal(created.headers.location, `${PUBLIC_URL}/webhooks/${body.id}`)
  const admins = (await post(app, ADMIN, { url: 'https://93.184.215.14/all', eventTypes: TYPES })).json()
  t.equal(admins.publisher, null, 'an admin\'s endpoint receives every publisher\'s events')
  const forVille = (await post(app, ADMIN, { url: 'https://93.184.215.14/ville', eventTypes: TYPES, publisher: 'ville' })).json()
  t.equal(forVille.publisher, 'ville')

  const reads = [
    await app.inject({ url: '/webhooks', headers: metro }),
    await app.inject({ url: '/webhooks', headers: ADMIN }),
    await app.inject({ url: `/webhooks/${body.id}`, headers: metro }),
    await app.inject({ url: `/webhooks/${body.id}`, headers: ADMIN })
  ]
  for (const res of reads) {
    t.equal(res.statusCode, 200)
    t.notOk(res.body.includes(body.secret), 'the secret is never returned again')
    t.notOk(res.body.includes('whsec_'), 'no secret at all')
  }
  t.same(reads[0]!.json().items.map((w: { id: string }) => w.id), [body.id], 'an editor lists its publisher\'s only')
  t.equal(reads[1]!.json().total, 3, 'an admin lists all')
  t.same((await app.inject({ url: '/webhooks', headers: ville })).json().items.map((w: { id: string }) => w.id), [forVille.id])
  t.equal((await app.inject({ url: `/webhooks/${body.id}`, headers: ville })).statusCode, 404, 'another publisher\'s answers 404')
  t.equal((await app.inject({ url: `/webhooks/${admins.id}`, headers: metro })).statusCode, 404, 'an admin\'s too')
  t.equal((await app.inject({ method: 'DELETE', url: `/webhooks/${body.id}`, headers: ville })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: `/webhooks/${body.id}/rotate-secret`, headers: ville })).statusCode, 404)
  t.equal((await app.inject({ url: '/webhooks/not-a-uuid', headers: metro })).statusCode, 400)

  const rotated = await app.inject({ method: 'POST', url: `/webhooks/${body.id}/rotate-secret`, headers: metro })
  t.equal(rotated.statusCode, 200)
  const { secret, previousSecretUntil } = rotated.json()
  t.match(secret, /^whsec_/)
  t.not(secret, body.secret, 'a new secret')
  const hours = (Date.parse(previousSecretUntil) - Date.now()) / 3_600_000
  t.ok(hours > 23 && hours <= 24, 'the old one signs for 24 more hours')
  const after = await app.inject({ url: `/webhooks/${body.id}`, headers: metro })
  t.equal(after.json().previousSecretUntil, previousSecretUntil)
  t.notOk(after.body.includes('whsec_'))

  t.equal((await app.inject({ method: 'DELETE', url: `/webhooks/${body.id}`, headers: metro })).statusCode, 204)
  t.equal((await app.inject({ url: `/webhooks/${body.id}`, headers: metro })).statusCode, 404, 'gone once deleted')
})

t.test('without the private opt-in, a host name resolving to loopback is refused', async t => {
  const res = await post(strict, ADMIN, { url: 'http://localhost:3000/hook', eventTypes: TYPES })
  t.equal(res.statusCode, 422)
  t.match(res.json().detail, /localhost resolves to .*loopback/)
})
