// An upload interrupted mid-PATCH on node A (its socket cut), resumed with HEAD + PATCH on node B: two apps
// on one database and one storage folder, over real HTTP; then tus-js-client, the reference client.
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import t from 'tap'
import { Upload } from 'tus-js-client'
import { twoNodes } from './nodes.js'
import { seed } from './seed.js'

const { db, nodeA, port, baseB } = await twoNodes(t)
const { A, distribution, uploads } = await seed(nodeA)
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')
const tusDb = db.withTables<{ tus_uploads: { id: string, claim_token: string | null } }>()

t.test('cut mid-PATCH on node A, resumed on node B: the file is the source, byte for byte', async t => {
  const source = randomBytes(2 * 1024 * 1024)
  const created = await fetch(`${baseB}${uploads}`, { method: 'POST', headers: { ...A, 'upload-length': String(source.length) } })
  t.equal(created.status, 201)
  const location = new URL(created.headers.get('location')!)
  const id = location.pathname.split('/').pop()!

  // Node A gets a PATCH announcing the whole file, then the connection drops after the first half.
  const sent = source.length / 2
  const request = http.request(`http://127.0.0.1:${port}${location.pathname}`, {
    method: 'PATCH',
    headers: { ...A, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'content-length': String(source.length) }
  })
  request.on('error', () => {})
  await new Promise<void>(resolve => request.write(source.subarray(0, sent), () => { resolve() }))
  // The server has read at least some bytes once it holds the upload; then the socket is cut.
  for (let i = 0; i < 1000 && (await tusDb.selectFrom('tus_uploads').select('claim_token').where('id', '=', id).executeTakeFirstOrThrow()).claim_token === null; i++) {
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  request.destroy()
  // Node A keeps what arrived and lets go of the upload.
  for (let i = 0; i < 1000 && (await tusDb.selectFrom('tus_uploads').select('claim_token').where('id', '=', id).executeTakeFirstOrThrow()).claim_token !== null; i++) {
    await new Promise(resolve => setTimeout(resolve, 10))
  }

  const head = await fetch(`${baseB}${location.pathname}`, { method: 'HEAD', headers: A })
  t.equal(head.status, 200)
  const offset = Number(head.headers.get('upload-offset'))
  t.ok(offset <= sent, `node B sees the ${offset} bytes node A kept`)
  const patched = await fetch(`${baseB}${location.pathname}`, {
    method: 'PATCH',
    headers: { ...A, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    body: source.subarray(offset)
  })
  t.equal(patched.status, 204)
  t.equal(patched.headers.get('upload-offset'), String(source.length))
  const file = Buffer.from(await (await fetch(`${baseB}/distributions/${distribution}/file`)).arrayBuffer())
  t.equal(sha256(file), sha256(source))
  const dto = await (await fetch(`http://127.0.0.1:${port}/distributions/${distribution}`)).json() as { byteSize: number }
  t.equal(dto.byteSize, source.length)
})

t.test('tus-js-client (the reference client) uploads in chunks', async t => {
  const source = randomBytes(700 * 1024)
  const url = await new Promise<string>((resolve, reject) => {
    const upload = new Upload(source, {
      endpoint: `http://127.0.0.1:${port}${uploads}`,
      headers: { authorization: A.authorization! },
      chunkSize: 256 * 1024,
      metadata: { filename: 'client.bin', filetype: 'application/octet-stream' },
      retryDelays: [],
      onError: reject,
      onSuccess: () => { resolve(upload.url!) }
    })
    upload.start()
  })
  t.match(url, new RegExp(`${uploads}/`))
  const file = Buffer.from(await (await fetch(`${baseB}/distributions/${distribution}/file`)).arrayBuffer())
  t.equal(sha256(file), sha256(source))
})
