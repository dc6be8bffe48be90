import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { rm } from 'node:fs/promises'
import t, { type Test } from 'tap'
import { ADMIN, ADMIN_TOKEN, buildTestApp } from '../support/build-app.js'
import { BOUNDARY, MULTIPART, multipart, seed, storageDir, storedFiles, type Part } from './helpers.js'

const LIMIT = 1024
const dir = await storageDir(t)
const app = await buildTestApp(t, { storageDir: dir, maxUploadBytes: LIMIT })
const s = await seed(app)
const id = s.city.distributionId

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')
const put = (target: string, payload: Buffer | string, contentType = MULTIPART) => app.inject({
  method: 'PUT', url: `/distributions/${target}/file`, headers: { ...ADMIN, 'content-type': contentType }, payload
})
const count = async () => Number((await app.db.selectFrom('distributions').select(eb => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
const row = (target: string) => app.db.selectFrom('distributions').select(['file_key', 'checksum_sha256'])
  .where('id', '=', target).executeTakeFirstOrThrow()

/** The request left nothing: no temporary, no object, the row as it was. */
async function nothingLeft (t: Test, target = id): Promise<void> {
  t.same(await storedFiles(dir), [], 'no file in storage')
  t.same(await row(target), { file_key: null, checksum_sha256: null }, 'row untouched')
}

t.test('a file over MAX_UPLOAD_BYTES is a 413 problem and leaves nothing', async t => {
  const res = await put(id, multipart({ filename: 'big.csv', content: 'x'.repeat(LIMIT + 1) }))
  t.equal(res.statusCode, 413)
  t.same(res.json(), {
    type: 'urn:bastille:problem:payload-too-large',
    title: 'Content Too Large',
    status: 413,
    detail: `The file is larger than the limit of ${LIMIT} bytes`,
    instance: `/distributions/${id}/file`
  })
  await nothingLeft(t)
  const exact = await put(id, multipart({ filename: 'exact.csv', content: 'x'.repeat(LIMIT) }))
  t.equal(exact.statusCode, 200, 'exactly the limit is accepted')
  t.equal(exact.json().byteSize, LIMIT)
  const rows = await count()
  const created = await app.inject({
    method: 'POST',
    url: '/datasets/city-data/distributions',
    headers: { ...ADMIN, 'content-type': MULTIPART },
    payload: multipart(['title', 'Trop gros'], { filename: 'big.csv', content: 'x'.repeat(2 * LIMIT) })
  })
  t.equal(created.statusCode, 413)
  t.equal(await count(), rows, 'no row created')
  await app.db.updateTable('distributions').set({ file_key: null, checksum_sha256: null }).where('id', '=', id).execute()
  await rm(`${dir}/objects`, { recursive: true })
})

t.test('a declared length far over the limit is refused before reading', async t => {
  const res = await put(id, multipart({ filename: 'huge.bin', content: Buffer.alloc(3 * 1024 * 1024) }))
  t.equal(res.statusCode, 413)
  t.equal(res.headers.connection, 'close')
  await nothingLeft(t)
})

t.test('forms that are not one file after its fields are refused', async t => {
  const file = { filename: 'a.csv', content: 'a,b\n1,2\n' }
  const cases: Array<[string, Buffer | string, string, number, string]> = [
    ['JSON body', '{"title":"x"}', 'application/json', 415, 'unsupported-media-type'],
    ['text body', 'hello', 'text/plain', 415, 'unsupported-media-type'],
    ['unknown content type', 'hello', 'application/x-whatever', 415, 'ctp-invalid-media-type'],
    ['no file part', multipart(['format', 'CSV']), MULTIPART, 400, 'bad-request'],
    ['empty form', `--${BOUNDARY}--\r\n`, MULTIPART, 400, 'bad-request'],
    ['unknown field', multipart(['colour', 'blue'], file), MULTIPART, 400, 'bad-request'],
    ['field given twice', multipart(['format', 'CSV'], ['format', 'CSV'], file), MULTIPART, 400, 'bad-request'],
    ['field after the file', multipart(file, ['format', 'CSV']), MULTIPART, 400, 'bad-request'],
    ['file part with another name', multipart({ ...file, name: 'data' }), MULTIPART, 400, 'bad-request'],
    ['file sent as a text field', multipart(['file', 'a,b']), MULTIPART, 400, 'bad-request'],
    ['two files', multipart(file, file), MULTIPART, 400, 'bad-request'],
    ['format not a code', multipart(['format', 'csv'], file), MULTIPART, 400, 'bad-request'],
    ['format unknown', multipart(['format', 'NOPE'], file), MULTIPART, 422, 'invalid-reference'],
    ['cut body', multipart(file).subarray(0, 120), MULTIPART, 400, 'bad-request'],
    ['no boundary', multipart(file), 'multipart/form-data', 400, 'bad-request']
  ]
  for (const [name, payload, contentType, status, type] of cases) {
    const res = await put(id, payload, contentType)
    t.equal(res.statusCode, status, name)
    t.match(res.json(), { type: `urn:bastille:problem:${type}`, status }, name)
    await nothingLeft(t)
  }
  const res = await put(id, multipart(['colour', 'blue'], file))
  t.same(res.json(), {
    type: 'urn:bastille:problem:bad-request',
    title: 'Bad Request',
    status: 400,
    detail: 'Invalid form: body/colour is not a known field',
    instance: `/distributions/${id}/file`,
    errors: [{ path: 'body/colour', message: 'is not a known field' }]
  })
  const twoFiles = await put(id, multipart(file, file))
  t.equal(twoFiles.json().detail, 'The form may carry only one file')
  const badFormat = await put(id, multipart(['format', 'csv'], file))
  t.same(badFormat.json().errors, [{ path: 'body/format', message: 'must match pattern "^[A-Z0-9_]+$"' }])
})

t.test('a client that disconnects mid-upload leaves no row and no file', async t => {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const rows = await count()
  for (const path of [`/distributions/${id}/file`, '/datasets/city-data/distributions']) {
    const fields: Part[] = path.endsWith('/file') ? [] : [['title', 'Partiel']]
    const body = multipart(...fields, { filename: 'partial.csv', content: 'y'.repeat(900) })
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: path.endsWith('/file') ? 'PUT' : 'POST',
      path,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': MULTIPART, 'content-length': body.length }
    })
    request.on('error', () => {})
    request.write(body.subarray(0, body.length / 2))
    // Wait until the server is writing the temporary, then drop the connection.
    while ((await storedFiles(dir)).length === 0) await sleep(10)
    request.destroy()
    while ((await storedFiles(dir)).length > 0) await sleep(10)
    await nothingLeft(t)
    t.equal(await count(), rows, `${path}: no new row`)
  }
})

t.test('concurrent uploads each keep their own bytes', async t => {
  const targets = [id]
  for (let i = 0; i < 4; i++) {
    const { id: extra } = await app.db.insertInto('distributions').values({ dataset_id: s.city.datasetId, title: `Extra ${i}` })
      .returning('id').executeTakeFirstOrThrow()
    targets.push(extra)
  }
  const contents = targets.map((_, i) => `n;value\n${i};${'z'.repeat(100 * i)}\n`)
  const results = await Promise.all(targets.map((target, i) => put(target, multipart({ filename: `f${i}.csv`, content: contents[i]! }))))
  t.same(results.map(r => r.statusCode), targets.map(() => 200))
  for (const [i, target] of targets.entries()) {
    t.equal((await row(target)).checksum_sha256, sha256(contents[i]!))
    const download = await app.inject(`/distributions/${target}/file`)
    t.equal(download.body, contents[i])
  }
  // Two replacements of one distribution at once: one wins, and only its file is kept.
  const racing = ['first;1\n', 'second;2\n']
  const raced = await Promise.all(racing.map(content => put(id, multipart({ filename: 'race.csv', content }))))
  t.same(raced.map(r => r.statusCode), [200, 200])
  const winner = await row(id)
  t.ok(racing.map(sha256).includes(winner.checksum_sha256!))
  const objects = (await storedFiles(dir)).filter(file => file.startsWith('objects/'))
  t.equal(objects.length, targets.length, 'one object per distribution, no orphan')
  t.ok(objects.includes(`objects/${winner.file_key!.slice(0, 2)}/${winner.file_key}`))
  t.notOk((await storedFiles(dir)).some(file => file.startsWith('tmp/')), 'no temporary left')
})
