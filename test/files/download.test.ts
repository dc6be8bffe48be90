import { createHash, randomBytes } from 'node:crypto'
import t from 'tap'
import { ADMIN, buildTestApp, PUBLIC_URL } from '../support/build-app.js'
import { MULTIPART, multipart, seed, storageDir, storedFiles, type Part } from './helpers.js'

const dir = await storageDir(t)
const app = await buildTestApp(t, { storageDir: dir })
const s = await seed(app)

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')
const put = (id: string, parts: Part[], headers: Record<string, string> = ADMIN) => app.inject({
  method: 'PUT', url: `/distributions/${id}/file`, headers: { ...headers, 'content-type': MULTIPART }, payload: multipart(...parts)
})
const get = (id: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
  app.inject({ method, url: `/distributions/${id}/file`, headers })
const objects = async () => (await storedFiles(dir)).filter(file => file.startsWith('objects/'))
const changes = async (datasetId: string) => (await app.db.selectFrom('dataset_changes').select('action')
  .where('dataset_id', '=', datasetId).orderBy('id').execute()).map(row => row.action)

const CSV = 'id;nom;lat;lon\n1;Gare;45.76;4.86\n2;Mairie;45.77;4.83\n'
const id = s.city.distributionId

t.test('a text file round trip: metadata from the bytes, download byte-identical', async t => {
  const res = await put(id, [{ filename: 'arrets.csv', content: CSV, contentType: 'application/pdf' }])
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.match(body, {
    id,
    uri: `${PUBLIC_URL}/distributions/${id}`,
    dataset: s.city.datasetId,
    title: 'Link of city-data',
    accessUrl: 'https://example.org/data',
    downloadUrl: `${PUBLIC_URL}/distributions/${id}/file`,
    mediaType: 'text/csv',
    format: 'CSV',
    byteSize: Buffer.byteLength(CSV),
    checksum: { algorithm: 'sha256', value: sha256(CSV) },
    file: { name: 'arrets.csv', url: `${PUBLIC_URL}/distributions/${id}/file` }
  })
  t.match(res.headers.etag, /^"[\w-]+"$/)
  t.same(await objects(), [`objects/${(await fileKey(id)).slice(0, 2)}/${await fileKey(id)}`], 'one object, named by the server')
  t.same(await changes(s.city.datasetId), ['file.replaced'])

  const download = await get(id)
  t.equal(download.statusCode, 200)
  t.equal(download.body, CSV)
  t.match(download.headers, {
    'content-type': 'text/csv',
    'content-length': String(Buffer.byteLength(CSV)),
    etag: `"${sha256(CSV)}"`,
    'last-modified': new Date(body.modified).toUTCString(),
    'x-content-type-options': 'nosniff',
    'content-disposition': 'inline; filename="arrets.csv"',
    'accept-ranges': 'bytes'
  })

  const head = await get(id, {}, 'HEAD')
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers['content-length'], String(Buffer.byteLength(CSV)))
  t.equal(head.headers.etag, `"${sha256(CSV)}"`)
})

async function fileKey (distributionId: string): Promise<string> {
  const row = await app.db.selectFrom('distributions').select('file_key').where('id', '=', distributionId).executeTakeFirstOrThrow()
  return row.file_key!
}

t.test('a binary file round trip, replacing the text one', async t => {
  const bytes = randomBytes(300 * 1024)
  const before = await fileKey(id)
  const res = await put(id, [{ filename: 'dump.bin', content: bytes }])
  t.equal(res.statusCode, 200, res.body)
  t.match(res.json(), { mediaType: 'application/octet-stream', format: null, byteSize: bytes.length, checksum: { value: sha256(bytes) } })
  const download = await get(id)
  t.equal(download.statusCode, 200)
  t.ok(download.rawPayload.equals(bytes), 'byte-identical')
  t.equal(download.headers['content-disposition'], 'attachment; filename="dump.bin"')
  const after = await fileKey(id)
  t.not(after, before)
  t.same(await objects(), [`objects/${after.slice(0, 2)}/${after}`], 'the previous file is removed')
})

t.test('the same bytes again change nothing', async t => {
  const bytes = Buffer.from('%PDF-1.4\n% a tiny pdf\n')
  const first = await put(id, [{ filename: 'rapport.pdf', content: bytes }])
  t.equal(first.statusCode, 200)
  t.match(first.json(), { mediaType: 'application/pdf', format: 'PDF' })
  const key = await fileKey(id)
  const recorded = (await changes(s.city.datasetId)).length
  const again = await put(id, [{ filename: 'rapport-copie.pdf', content: bytes }])
  t.equal(again.statusCode, 200)
  t.same(again.json(), first.json(), 'same distribution, same modified date')
  t.equal(await fileKey(id), key)
  t.equal((await changes(s.city.datasetId)).length, recorded, 'no change recorded')
  t.same(await objects(), [`objects/${key.slice(0, 2)}/${key}`], 'no temporary left')
  t.equal((await get(id)).headers['content-disposition'], 'inline; filename="rapport.pdf"')
})

t.test('If-Match on a replacement names the current file', async t => {
  const current = (await get(id, {}, 'HEAD')).headers.etag as string
  const stale = await put(id, [{ filename: 'x.csv', content: CSV }], { ...ADMIN, 'if-match': '"0000"' })
  t.equal(stale.statusCode, 412)
  t.match(stale.json(), { type: 'urn:bastille:problem:precondition-failed', status: 412 })
  t.equal((await get(id, {}, 'HEAD')).headers.etag, current, 'unchanged')
  const fresh = await put(id, [{ filename: 'x.csv', content: CSV }], { ...ADMIN, 'if-match': current })
  t.equal(fresh.statusCode, 200)
})

t.test('ranges: one range is served, an unsatisfiable one is a 416 problem', async t => {
  const size = Buffer.byteLength(CSV)
  const partial = await get(id, { range: 'bytes=0-1' })
  t.equal(partial.statusCode, 206)
  t.equal(partial.body, 'id')
  t.match(partial.headers, { 'content-range': `bytes 0-1/${size}`, 'content-length': '2', etag: `"${sha256(CSV)}"` })
  const suffix = await get(id, { range: 'bytes=-5' })
  t.equal(suffix.statusCode, 206)
  t.equal(suffix.body, CSV.slice(-5))
  const open = await get(id, { range: `bytes=${size - 3}-` })
  t.equal(open.body, CSV.slice(-3))
  const head = await get(id, { range: 'bytes=0-9' }, 'HEAD')
  t.equal(head.statusCode, 206)
  t.equal(head.headers['content-length'], '10')

  const beyond = await get(id, { range: `bytes=${size}-` })
  t.equal(beyond.statusCode, 416)
  t.equal(beyond.headers['content-range'], `bytes */${size}`)
  t.match(beyond.headers['content-type'], /^application\/problem\+json/)
  t.same(beyond.json(), {
    type: 'urn:bastille:problem:range-not-satisfiable',
    title: 'Range Not Satisfiable',
    status: 416,
    detail: `Range bytes=${size}- cannot be served`,
    instance: `/distributions/${id}/file`
  })
  t.notOk(beyond.headers['content-disposition'])

  const multi = await get(id, { range: 'bytes=0-1,4-5' })
  t.equal(multi.statusCode, 200, 'several ranges: the whole file')
  t.equal(multi.body, CSV)
  const changed = await get(id, { range: 'bytes=0-1', 'if-range': '"an-older-version"' })
  t.equal(changed.statusCode, 200, 'If-Range of another version: the whole file')
  const same = await get(id, { range: 'bytes=0-1', 'if-range': `"${sha256(CSV)}"` })
  t.equal(same.statusCode, 206)
  const byDate = await get(id, { range: 'bytes=0-1', 'if-range': partial.headers['last-modified'] as string })
  t.equal(byDate.statusCode, 206)
})

t.test('conditional downloads answer 304', async t => {
  const etag = `"${sha256(CSV)}"`
  const lastModified = (await get(id, {}, 'HEAD')).headers['last-modified'] as string
  const cached = await get(id, { 'if-none-match': etag })
  t.equal(cached.statusCode, 304)
  t.equal(cached.body, '')
  t.equal(cached.headers.etag, etag)
  t.equal((await get(id, { 'if-none-match': `W/${etag}` })).statusCode, 304, 'weak comparison')
  t.equal((await get(id, { 'if-none-match': '"other"' })).statusCode, 200)
  t.equal((await get(id, { 'if-modified-since': lastModified })).statusCode, 304)
  t.equal((await get(id, { 'if-modified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' })).statusCode, 200)
})

t.test('hostile file names are labels, never paths', async t => {
  const names: Array<[string, string, string]> = [
    ['../../etc/passwd', 'passwd', 'inline; filename="passwd"'],
    ['..\\..\\boot.ini', 'boot.ini', 'inline; filename="boot.ini"'],
    ['quo"te\'s.txt', 'quo"te\'s.txt', 'inline; filename="quo_te\'s.txt"; filename*=UTF-8\'\'quo%22te%27s.txt'],
    ['nul\u0000and\u0001controls: x.txt', 'nulandcontrols: x.txt', 'inline; filename="nulandcontrols: x.txt"'],
    ['données été.txt', 'données été.txt', 'inline; filename="donnees ete.txt"; filename*=UTF-8\'\'donn%C3%A9es%20%C3%A9t%C3%A9.txt'],
    ['..', 'file', `inline; filename="distribution-${id}"`]
  ]
  for (const [sent, label, disposition] of names) {
    const res = await put(id, [{ filename: sent, content: `plain text for ${label}\n` }])
    t.equal(res.statusCode, 200, `${JSON.stringify(sent)}: ${res.body}`)
    t.equal(res.json().file.name, label)
    t.equal((await get(id)).headers['content-disposition'], disposition)
    const key = await fileKey(id)
    t.same(await storedFiles(dir), [`objects/${key.slice(0, 2)}/${key}`])
  }
  // The multipart parser drops a part whose name holds a line break: no file part, nothing stored.
  const newline = await put(id, [{ filename: 'evil\r\nX-Injected: 1.txt', content: 'x' }])
  t.equal(newline.statusCode, 400)
  t.equal((await storedFiles(dir)).length, 1)
})

t.test('active content is sniffed from the bytes and never served inline', async t => {
  const html = '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>'
  const res = await put(id, [{ filename: 'horaires.csv', content: html, contentType: 'text/csv' }])
  t.match(res.json(), { mediaType: 'text/html', format: 'HTML' })
  const download = await get(id)
  t.match(download.headers, {
    'content-type': 'text/html',
    'content-disposition': 'attachment; filename="horaires.csv"',
    'content-security-policy': "default-src 'none'; sandbox",
    'x-content-type-options': 'nosniff'
  })
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
  await put(id, [{ filename: 'logo.png', content: svg }])
  t.match((await get(id)).headers, { 'content-type': 'image/svg+xml', 'content-disposition': 'attachment; filename="logo.png"', 'content-security-policy': "default-src 'none'; sandbox" })
})

t.test('permissions are checked before a byte is stored', async t => {
  const before = await storedFiles(dir)
  const anonymous = await put(id, [{ filename: 'a.csv', content: CSV }], {})
  t.equal(anonymous.statusCode, 401)
  t.match(anonymous.json(), { status: 401 })
  const other = await put(id, [{ filename: 'a.csv', content: CSV }], s.transportEditor)
  t.equal(other.statusCode, 403)
  t.same(other.json(), {
    type: 'urn:bastille:problem:forbidden',
    title: 'Forbidden',
    status: 403,
    detail: 'This token may not change the data of publisher city',
    instance: `/distributions/${id}/file`
  })
  t.same(await storedFiles(dir), before, 'nothing stored')
  const own = await put(id, [{ filename: 'a.csv', content: CSV }], s.cityEditor)
  t.equal(own.statusCode, 200)
})

t.test('a draft\'s file is visible to its publisher and admins only', async t => {
  const draft = s.cityDraft.distributionId
  t.equal((await put(draft, [{ filename: 'a.csv', content: CSV }], s.transportEditor)).statusCode, 404)
  t.equal((await put(draft, [{ filename: 'a.csv', content: CSV }], s.cityEditor)).statusCode, 200)
  const anonymous = await get(draft)
  t.equal(anonymous.statusCode, 404)
  t.same(anonymous.json(), {
    type: 'urn:bastille:problem:not-found',
    title: 'Not Found',
    status: 404,
    detail: `Distribution ${draft} not found`,
    instance: `/distributions/${draft}/file`
  })
  t.equal((await get(draft, s.transportEditor)).statusCode, 404)
  const own = await get(draft, s.cityEditor)
  t.equal(own.statusCode, 200)
  t.equal(own.body, CSV)
  t.equal(own.headers['cache-control'], 'private, no-store')
  t.equal((await get(draft, ADMIN)).statusCode, 200)
})

t.test('deleted datasets, link distributions and unknown ids have no file', async t => {
  const deleted = s.cityDeleted.distributionId
  t.equal((await get(deleted)).statusCode, 410)
  t.equal((await put(deleted, [{ filename: 'a.csv', content: CSV }])).statusCode, 410)
  const link = await app.db.insertInto('distributions').values({ dataset_id: s.city.datasetId, title: 'A link', access_url: 'https://example.org/x' })
    .returning('id').executeTakeFirstOrThrow()
  const noFile = await get(link.id)
  t.equal(noFile.statusCode, 404)
  t.equal(noFile.json().detail, `File of distribution ${link.id} not found`)
  t.equal((await get('0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d')).statusCode, 404)
  t.equal((await put('0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d', [{ filename: 'a.csv', content: CSV }])).statusCode, 404)
  const bad = await get('not-a-uuid')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { type: 'urn:bastille:problem:validation', errors: [{ path: 'params/id' }] })
})
