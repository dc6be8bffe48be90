// tus 1.0 over the routes: every protocol case and its refusals, on the app's own database and storage.
import { createHash } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import t from 'tap'
import { buildTestApp } from '../support/build-app.js'
import { metadata, seed } from './seed.js'

const app = await buildTestApp(t, { maxUploadBytes: 1000 })
const { A, B, distribution, uploads } = await seed(app)
const OCTETS = { 'content-type': 'application/offset+octet-stream' }
const path = (location: string) => new URL(location).pathname

async function create (length: number, headers: Record<string, string> = {}, payload?: Buffer) {
  const res = await app.inject({ method: 'POST', url: uploads, headers: { ...A, 'upload-length': String(length), ...headers }, ...(payload ? { payload } : {}) })
  return res
}
async function newUpload (length: number, headers: Record<string, string> = {}): Promise<string> {
  const res = await create(length, headers)
  if (res.statusCode !== 201) throw new Error(res.body)
  return path(res.headers.location as string)
}
const patch = (url: string, offset: number, payload: Buffer | string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'PATCH', url, headers: { ...A, ...OCTETS, 'upload-offset': String(offset), ...headers }, payload })
const head = (url: string, headers = A) => app.inject({ method: 'HEAD', url, headers })
const file = async () => (await app.inject({ method: 'GET', url: `/distributions/${distribution}/file` }))
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')
const digest = (algorithm: string, data: Buffer | string) => createHash(algorithm).update(data).digest('base64')

t.test('OPTIONS tells the version, extensions, maximum size and checksum algorithms', async t => {
  const res = await app.inject({ method: 'OPTIONS', url: uploads, headers: { origin: 'https://app.example', 'access-control-request-method': 'PATCH' } })
  t.equal(res.statusCode, 204)
  t.equal(res.headers['tus-version'], '1.0.0')
  t.equal(res.headers['tus-extension'], 'creation,creation-with-upload,expiration,termination,checksum')
  t.equal(res.headers['tus-max-size'], '1000')
  t.equal(res.headers['tus-checksum-algorithm'], 'sha1,sha256')
  t.match(res.headers['access-control-allow-headers'], /Upload-Offset/)
  t.match(res.headers['access-control-expose-headers'], /Upload-Offset/)
})

t.test('create, HEAD, PATCH in two chunks: the file replaces the distribution\'s', async t => {
  const content = 'id;name\n1;alpha\n2;beta\n'
  const created = await create(content.length, { 'upload-metadata': metadata({ filename: 'new data.csv', filetype: 'text/csv' }) })
  t.equal(created.statusCode, 201)
  t.equal(created.headers['tus-resumable'], '1.0.0')
  t.match(created.headers.location, new RegExp(`^https://data.example.org${uploads}/[0-9a-f-]{36}$`))
  t.ok(Date.parse(created.headers['upload-expires'] as string) > Date.now())
  t.equal(created.body, '')
  const url = path(created.headers.location as string)

  let res = await head(url)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['upload-offset'], '0')
  t.equal(res.headers['upload-length'], String(content.length))
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['upload-metadata'], metadata({ filename: 'new data.csv', filetype: 'text/csv' }))

  res = await patch(url, 0, content.slice(0, 10), { 'upload-checksum': `sha1 ${digest('sha1', content.slice(0, 10))}` })
  t.equal(res.statusCode, 204)
  t.equal(res.headers['upload-offset'], '10')
  t.equal(res.headers['tus-resumable'], '1.0.0')
  t.ok(res.headers['upload-expires'])
  t.equal((await file()).body, 'id\n1\n', 'the old file stays until the upload completes')

  res = await patch(url, 10, content.slice(10), { 'upload-checksum': `sha256 ${digest('sha256', content.slice(10))}` })
  t.equal(res.statusCode, 204)
  t.equal(res.headers['upload-offset'], String(content.length))
  t.notOk(res.headers['upload-expires'], 'a completed upload does not expire')
  const download = await file()
  t.equal(download.body, content)
  t.match(download.headers['content-disposition'], /new data\.csv/)
  const dto = (await app.inject({ method: 'GET', url: `/distributions/${distribution}` })).json()
  t.equal(dto.checksum?.value ?? dto.checksumSha256 ?? sha256(content), sha256(content))
  t.equal((await head(url)).statusCode, 404, 'the session ends with the upload')
  const changes = await app.db.selectFrom('dataset_changes').select('action').orderBy('id', 'desc').executeTakeFirstOrThrow()
  t.equal(changes.action, 'file.replaced', 'recorded as a file replacement')
})

t.test('creation-with-upload, and Repr-Digest of the whole file', async t => {
  const content = Buffer.from('a,b\n1,2\n')
  const whole = `sha-256=:${createHash('sha256').update(content).digest('base64')}:`
  let res = await create(content.length, { ...OCTETS, 'repr-digest': whole }, content.subarray(0, 4))
  t.equal(res.statusCode, 201)
  t.equal(res.headers['upload-offset'], '4')
  res = await patch(path(res.headers.location as string), 4, content.subarray(4))
  t.equal(res.statusCode, 204)
  t.equal((await file()).body, content.toString())

  res = await create(content.length, { ...OCTETS, 'repr-digest': whole }, content)
  t.equal(res.statusCode, 201, 'the same bytes in one request change nothing, and end the session')
  t.equal(res.headers['upload-offset'], String(content.length))
  t.equal((await head(path(res.headers.location as string))).statusCode, 404)

  const url = await newUpload(content.length)
  res = await patch(url, 0, content, { 'repr-digest': `sha-256=:${createHash('sha256').update('other').digest('base64')}:` })
  t.equal(res.statusCode, 460, 'a final PATCH whose Repr-Digest does not match')
  t.equal(res.json().title, 'Checksum Mismatch')
  t.equal((await head(url)).statusCode, 404, 'the upload is discarded')
  t.equal((await file()).body, content.toString(), 'the file is unchanged')
})

t.test('an empty file completes at creation', async t => {
  const res = await create(0)
  t.equal(res.statusCode, 201)
  t.equal(res.headers['upload-offset'], '0')
  t.equal((await file()).body, '')
})

t.test('refusals', async t => {
  const url = await newUpload(10)
  const cases: Array<[string, () => Promise<LightMyRequestResponse>, number]> = [
    ['no Tus-Resumable', () => app.inject({ method: 'HEAD', url, headers: { authorization: A.authorization } }), 412],
    ['another version', () => app.inject({ method: 'POST', url: uploads, headers: { ...A, 'tus-resumable': '0.2.2', 'upload-length': '1' } }), 412],
    ['no Upload-Length', () => app.inject({ method: 'POST', url: uploads, headers: A }), 400],
    ['a negative Upload-Length', () => create(-1), 400],
    ['over Tus-Max-Size', () => create(1001), 413],
    ['a first chunk of another type', () => app.inject({ method: 'POST', url: uploads, headers: { ...A, 'upload-length': '3' }, payload: { a: 1 } }), 415],
    ['bad Upload-Metadata', () => create(3, { 'upload-metadata': 'a b c' }), 400],
    ['duplicate Upload-Metadata keys', () => create(3, { 'upload-metadata': 'a,a' }), 400],
    ['bad Repr-Digest', () => create(3, { 'repr-digest': 'sha-256=:AAAA:' }), 400],
    ['no Upload-Offset', () => app.inject({ method: 'PATCH', url, headers: { ...A, ...OCTETS }, payload: 'x' }), 400],
    ['a wrong Upload-Offset', () => patch(url, 3, 'x'), 409],
    ['PATCH of another type', () => app.inject({ method: 'PATCH', url, headers: { ...A, 'content-type': 'application/octet-stream', 'upload-offset': '0' }, payload: 'x' }), 415],
    ['PATCH of JSON', () => app.inject({ method: 'PATCH', url, headers: { ...A, 'upload-offset': '0' }, payload: { a: 1 } }), 415],
    ['past Upload-Length', () => patch(url, 0, '0123456789A'), 413],
    ['an unsupported checksum', () => patch(url, 0, 'x', { 'upload-checksum': 'md5 AAAA' }), 400],
    ['a malformed checksum', () => patch(url, 0, 'x', { 'upload-checksum': 'sha1' }), 400],
    ['a checksum mismatch', () => patch(url, 0, 'abc', { 'upload-checksum': `sha1 ${digest('sha1', 'abd')}` }), 460],
    ['an unknown upload', () => head(`${uploads}/00000000-0000-4000-8000-000000000000`), 404],
    ['an upload of another distribution', async () => {
      const other = await app.inject({ method: 'POST', url: '/datasets/target/distributions', headers: A, payload: { title: 'L', accessUrl: 'https://example.org/x' } })
      return await head(url.replace(distribution, other.json().id))
    }, 404]
  ]
  for (const [name, request, status] of cases) {
    const res = await request()
    t.equal(res.statusCode, status, name)
    t.equal(res.headers['tus-resumable'], '1.0.0', `${name}: Tus-Resumable`)
    if (status === 412) t.equal(res.headers['tus-version'], '1.0.0', `${name}: Tus-Version`)
    if (res.body !== '') t.match(res.headers['content-type'], /^application\/problem\+json/, `${name}: a problem`)
  }
  const res = await head(url)
  t.equal(res.headers['upload-offset'], '0', 'nothing refused was kept')
})

t.test('permissions: like PUT …/file', async t => {
  const url = await newUpload(3)
  t.equal((await app.inject({ method: 'POST', url: uploads, headers: { 'tus-resumable': '1.0.0', 'upload-length': '3' } })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: uploads, headers: { ...B, 'upload-length': '3' } })).statusCode, 403)
  t.equal((await head(url, B)).statusCode, 403)
  t.equal((await app.inject({ method: 'PATCH', url, headers: { ...B, ...OCTETS, 'upload-offset': '0' }, payload: 'abc' })).statusCode, 403)
  t.equal((await app.inject({ method: 'DELETE', url, headers: B })).statusCode, 403)
  t.equal((await head(url)).headers['upload-offset'], '0')
})

t.test('termination', async t => {
  const url = await newUpload(6)
  t.equal((await patch(url, 0, 'abc')).statusCode, 204)
  const keys = await app.db.withTables<{ tus_upload_chunks: { file_key: string } }>().selectFrom('tus_upload_chunks').select('file_key').execute()
  t.equal(keys.length, 1)
  const res = await app.inject({ method: 'DELETE', url, headers: A })
  t.equal(res.statusCode, 204)
  t.equal(res.headers['tus-resumable'], '1.0.0')
  t.equal((await head(url)).statusCode, 404)
  t.equal((await patch(url, 3, 'def')).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url, headers: A })).statusCode, 404)
  t.equal(await app.storage.stat(keys[0]!.file_key), null, 'the chunk is removed')
})

t.test('one PATCH at a time, on any node: 423 while another holds the upload', async t => {
  const url = await newUpload(6)
  const id = url.split('/').pop()!
  const db = app.db.withTables<{ tus_uploads: { id: string, claim_token: string | null, claimed_until: Date | null } }>()
  await db.updateTable('tus_uploads').set({ claim_token: '00000000-0000-4000-8000-000000000001', claimed_until: new Date(Date.now() + 60_000) }).where('id', '=', id).execute()
  let res = await patch(url, 0, 'abc')
  t.equal(res.statusCode, 423)
  t.equal(res.json().title, 'Locked')
  t.equal((await app.inject({ method: 'DELETE', url, headers: A })).statusCode, 423)
  await db.updateTable('tus_uploads').set({ claimed_until: new Date(Date.now() - 1000) }).where('id', '=', id).execute()
  res = await patch(url, 0, 'abc')
  t.equal(res.statusCode, 204, 'a lapsed claim (a crashed node) is taken over')
})

t.test('expiry: 410, then the sweeper removes the session and its chunks', async t => {
  const { sweepExpiredUploads } = await import('../../src/tus/sweeper.js')
  const url = await newUpload(6)
  t.equal((await patch(url, 0, 'abc')).statusCode, 204)
  const live = await newUpload(6)
  const id = url.split('/').pop()!
  const db = app.db.withTables<{ tus_uploads: { id: string, expires_at: Date }, tus_upload_chunks: { upload_id: string, file_key: string } }>()
  const [chunk] = await db.selectFrom('tus_upload_chunks').select('file_key').where('upload_id', '=', id).execute()
  await db.updateTable('tus_uploads').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute()
  t.equal((await head(url)).statusCode, 410)
  t.equal((await patch(url, 3, 'def')).statusCode, 410)
  t.equal(await sweepExpiredUploads(app), 1)
  t.equal((await head(url)).statusCode, 404)
  t.equal(await app.storage.stat(chunk!.file_key), null, 'its chunk is removed')
  t.equal((await head(live)).statusCode, 200, 'a live upload stays')
  t.equal(await sweepExpiredUploads(app), 0)
})
