import { createHash } from 'node:crypto'
import t from 'tap'
import { sql } from 'kysely'
import { ADMIN, buildTestApp } from '../support/build-app.js'

const app = await buildTestApp(t)

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` })
const SECRET = /^bst_[A-Za-z0-9_-]{43}$/
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

for (const id of ['city', 'transport']) {
  const res = await app.inject({ method: 'POST', url: '/publishers', headers: ADMIN, payload: { id, name: `Publisher ${id}`, type: 'LocalAuthority' } })
  if (res.statusCode !== 201) throw new Error(`publisher ${id} not seeded: ${res.body}`)
}

async function createToken (headers: Record<string, string>, payload: Record<string, unknown>) {
  return await app.inject({ method: 'POST', url: '/tokens', headers, payload })
}

async function editorOf (publisher: string, name = `${publisher} script`): Promise<{ id: string, secret: string }> {
  const res = await createToken(ADMIN, { name, publisher })
  if (res.statusCode !== 201) throw new Error(`token for ${publisher} not created: ${res.body}`)
  return res.json()
}

t.test('an admin creates an editor token whose secret is shown once', async t => {
  const res = await createToken(ADMIN, { name: 'nightly import', publisher: 'city', expiresAt: '2099-01-01T00:00:00.000Z' })
  t.equal(res.statusCode, 201)
  t.equal(res.headers['cache-control'], 'no-store')
  const body = res.json()
  t.match(body, { id: String, secret: SECRET, createdAt: TIMESTAMP, updatedAt: TIMESTAMP })
  t.same(body, {
    id: body.id,
    name: 'nightly import',
    role: 'editor',
    publisher: 'city',
    expiresAt: '2099-01-01T00:00:00.000Z',
    lastUsedAt: null,
    revokedAt: null,
    createdBy: null,
    createdAt: body.createdAt,
    updatedAt: body.createdAt,
    secret: body.secret
  })
})

t.test('the secret is stored only as its sha256', async t => {
  const { id, secret } = await editorOf('city')
  const { rows } = await sql<Record<string, unknown>>`SELECT * FROM api_tokens`.execute(app.db)
  t.notMatch(JSON.stringify(rows), secret.slice(4), 'no row holds the secret')
  const row = rows.find(r => r.id === id)
  t.equal(row?.secret_hash, createHash('sha256').update(secret).digest('hex'))
})

t.test('an editor token authenticates, and records its use at most once a minute', async t => {
  const { id, secret } = await editorOf('city')
  const first = await app.inject({ url: '/tokens', headers: bearer(secret) })
  t.equal(first.statusCode, 200)
  const lastUsed = async () => (await app.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at
  const used = await lastUsed()
  t.type(used, Date)
  await app.inject({ url: '/tokens', headers: bearer(secret) })
  t.same(await lastUsed(), used, 'a second use within the minute writes nothing')
  const twoMinutesAgo = new Date(Date.now() - 120_000)
  await app.db.updateTable('api_tokens').set({ last_used_at: twoMinutesAgo }).where('id', '=', id).execute()
  await app.inject({ url: '/tokens', headers: bearer(secret) })
  t.ok((await lastUsed())!.getTime() > twoMinutesAgo.getTime(), 'a use after a minute is recorded')
})

t.test('an editor creates tokens for its own publisher only', async t => {
  const editor = await editorOf('city')
  const own = await createToken(bearer(editor.secret), { name: 'second script' })
  t.equal(own.statusCode, 201)
  t.match(own.json(), { role: 'editor', publisher: 'city', createdBy: editor.id, secret: SECRET })

  const other = await createToken(bearer(editor.secret), { name: 'intrusion', publisher: 'transport' })
  t.equal(other.statusCode, 403)
  t.match(other.json(), { type: 'urn:bastille:problem:forbidden', status: 403 })
  const admin = await createToken(bearer(editor.secret), { name: 'escalation', role: 'admin' })
  t.equal(admin.statusCode, 403)
})

t.test('an admin creates admin tokens, which work like ADMIN_TOKEN', async t => {
  const res = await createToken(ADMIN, { name: 'ops', role: 'admin' })
  t.equal(res.statusCode, 201)
  const { secret, ...token } = res.json()
  t.match(token, { role: 'admin', publisher: null })
  const made = await createToken(bearer(secret), { name: 'made by ops', publisher: 'transport' })
  t.equal(made.statusCode, 201)
  t.equal(made.json().createdBy, token.id)
})

t.test('bad token requests are 4xx problems', async t => {
  const cases: Array<[Record<string, unknown>, number, string]> = [
    [{ name: 'no publisher' }, 422, 'body/publisher'],
    [{ name: 'admin with publisher', role: 'admin', publisher: 'city' }, 422, 'body/publisher'],
    [{ name: 'unknown publisher', publisher: 'nowhere' }, 422, 'body/publisher'],
    [{ name: 'past', publisher: 'city', expiresAt: '2001-01-01T00:00:00Z' }, 422, 'body/expiresAt'],
    [{ name: 'extra', publisher: 'city', secret: 'bst_mine' }, 400, 'body/secret'],
    [{ name: '', publisher: 'city' }, 400, 'body/name'],
    [{ name: 'role', role: 'owner', publisher: 'city' }, 400, 'body/role']
  ]
  for (const [payload, status, path] of cases) {
    const res = await createToken(ADMIN, payload)
    t.equal(res.statusCode, status, `${JSON.stringify(payload)} → ${status}`)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { status, errors: [{ path }] })
  }
})

t.test('anonymous token requests are 401 with a Bearer challenge', async t => {
  for (const [method, url] of [['POST', '/tokens'], ['GET', '/tokens'], ['DELETE', '/tokens/0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d']] as const) {
    const res = await app.inject({ method, url, ...(method === 'POST' ? { payload: { name: 'x' } } : {}) })
    t.equal(res.statusCode, 401, `${method} ${url}`)
    t.equal(res.headers['www-authenticate'], 'Bearer')
    t.match(res.json(), { type: 'urn:bastille:problem:unauthorized', status: 401 })
  }
})

t.test('GET /tokens lists metadata only: all for admins, their publisher’s for editors', async t => {
  const city = await editorOf('city', 'city lister')
  const transport = await editorOf('transport', 'transport lister')
  const all = await app.inject({ url: '/tokens', headers: ADMIN })
  t.equal(all.statusCode, 200)
  const names = all.json().items.map((token: { name: string }) => token.name)
  t.ok(names.includes('city lister') && names.includes('transport lister'))
  t.notMatch(all.body, /secret|bst_|hash/i, 'no secret and no hash in the list')
  for (const token of all.json().items) t.same(Object.keys(token).sort(), ['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'publisher', 'revokedAt', 'role', 'updatedAt'])

  const filtered = await app.inject({ url: '/tokens?publisher=transport', headers: ADMIN })
  t.ok(filtered.json().items.every((token: { publisher: string }) => token.publisher === 'transport'))

  const own = await app.inject({ url: '/tokens', headers: bearer(city.secret) })
  t.ok(own.json().items.length > 0)
  t.ok(own.json().items.every((token: { publisher: string }) => token.publisher === 'city'))
  t.notOk(own.json().items.some((token: { id: string }) => token.id === transport.id))

  const other = await app.inject({ url: '/tokens?publisher=transport', headers: bearer(city.secret) })
  t.equal(other.statusCode, 403)
  const bad = await app.inject({ url: '/tokens?limit=5', headers: ADMIN })
  t.equal(bad.statusCode, 400)
})

t.test('revocation takes effect at once; another publisher’s token is 404 like a missing one', async t => {
  const city = await editorOf('city')
  const victim = await editorOf('city', 'victim')
  const transport = await editorOf('transport')

  const foreign = await app.inject({ method: 'DELETE', url: `/tokens/${victim.id}`, headers: bearer(transport.secret) })
  const missingId = '0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d'
  const missing = await app.inject({ method: 'DELETE', url: `/tokens/${missingId}`, headers: bearer(transport.secret) })
  t.equal(foreign.statusCode, 404)
  t.same(foreign.json(), JSON.parse(missing.body.replaceAll(missingId, victim.id)), 'same body as a nonexistent token')
  t.equal((await app.inject({ url: '/tokens', headers: bearer(victim.secret) })).statusCode, 200, 'still valid')

  const revoked = await app.inject({ method: 'DELETE', url: `/tokens/${victim.id}`, headers: bearer(city.secret) })
  t.equal(revoked.statusCode, 204)
  t.equal(revoked.body, '')
  const refused = await app.inject({ url: '/tokens', headers: bearer(victim.secret) })
  t.equal(refused.statusCode, 401)
  t.equal(refused.headers['www-authenticate'], 'Bearer error="invalid_token"')
  t.same(refused.json(), {
    type: 'urn:bastille:problem:token-invalid',
    title: 'Unauthorized',
    status: 401,
    detail: 'The bearer token is unknown, malformed, expired or revoked',
    instance: '/tokens'
  })

  const again = await app.inject({ method: 'DELETE', url: `/tokens/${victim.id}`, headers: ADMIN })
  t.equal(again.statusCode, 204, 'revoking twice is harmless')
  const listed = (await app.inject({ url: '/tokens', headers: ADMIN })).json().items.find((token: { id: string }) => token.id === victim.id)
  t.match(listed, { revokedAt: TIMESTAMP })
  const badId = await app.inject({ method: 'DELETE', url: '/tokens/not-a-uuid', headers: ADMIN })
  t.equal(badId.statusCode, 400)
})

t.test('an expired token stops working at once', async t => {
  const { id, secret } = await editorOf('transport')
  t.equal((await app.inject({ url: '/tokens', headers: bearer(secret) })).statusCode, 200)
  await app.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute()
  const res = await app.inject({ url: '/tokens', headers: bearer(secret) })
  t.equal(res.statusCode, 401)
  t.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"')
})

t.test('unknown, malformed and non-Bearer credentials are refused', async t => {
  for (const authorization of [`Bearer bst_${'A'.repeat(43)}`, 'Bearer nope', 'Basic dXNlcjpwYXNz', 'Bearer']) {
    const res = await app.inject({ url: '/health', headers: { authorization } })
    t.equal(res.statusCode, 401, authorization)
    t.equal(res.headers['www-authenticate'], 'Bearer error="invalid_token"')
  }
})

t.test('without an allow-list, every origin reads anonymously and none may send a token', async t => {
  const res = await app.inject({ method: 'OPTIONS', url: '/tokens', headers: { origin: 'https://portal.example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } })
  t.equal(res.statusCode, 204)
  t.equal(res.headers['access-control-allow-origin'], '*')
  t.equal(res.headers.vary, undefined, 'the same answer for every origin')
  t.notMatch(res.headers['access-control-allow-headers'], /authorization/i)
})
