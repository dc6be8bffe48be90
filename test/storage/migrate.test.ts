// `npm run storage:migrate`: every file the database names is copied to the other adapter, verified,
// and a second run skips what is already there.
import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { main } from '../../src/cli/storage-migrate.js'
import { LocalStorage } from '../../src/storage/local.js'
import { migrateFiles } from '../../src/storage/migrate.js'
import { ADMIN, buildTestApp } from '../support/build-app.js'
import { MULTIPART, multipart, seed, storageDir } from '../files/helpers.js'
import { createTestDb } from '../support/test-db.js'
import { createDatabase } from '../../src/db/dialect.js'
import { createMigrator } from '../../src/db/migrator.js'
import { BUCKET, listData, s3Storage, startS3 } from './s3rver.js'

const server = await startS3(t)
const dir = await storageDir(t)
const app = await buildTestApp(t, { storageDir: dir })
await seed(app)
const local = app.storage as LocalStorage
const bucket = await s3Storage(server)
const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex')

const contents = ['a;b\n1;2\n', 'x'.repeat(6 * 1024 * 1024), '{"type":"FeatureCollection","features":[]}']
const keys: string[] = []
for (const [i, content] of contents.entries()) {
  const res = await app.inject({
    method: 'POST',
    url: '/datasets/city-data/distributions',
    headers: { ...ADMIN, 'content-type': MULTIPART },
    payload: multipart(['title', `File ${i}`], ['licence', 'odbl-1.0'], { filename: `file-${i}.csv`, content })
  })
  if (res.statusCode !== 201) throw new Error(res.body)
  const row = await app.db.selectFrom('distributions').select('file_key').where('id', '=', res.json().id).executeTakeFirstOrThrow()
  keys.push(row.file_key!)
}

async function bytesOf (storage: LocalStorage | typeof bucket, key: string): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of await storage.read(key)) chunks.push(chunk as Buffer)
  return sha256(Buffer.concat(chunks))
}

t.test('local to s3, then again (resumed), then back', async t => {
  const lines: string[] = []
  t.same(await migrateFiles(app.db, local, bucket, line => lines.push(line)), { total: 3, copied: 3, skipped: 0, missing: 0, failed: 0 })
  t.same(await listData(bucket), keys.map(key => `objects/${key}`).sort())
  for (const [i, key] of keys.entries()) t.equal(await bytesOf(bucket, key), sha256(contents[i]!))

  // A copy that went wrong (different bytes at the target) is redone; the rest is skipped.
  await bucket.delete(keys[1]!)
  const temp = await bucket.createTemp()
  temp.stream.end('y'.repeat(6 * 1024 * 1024))
  await new Promise(resolve => temp.stream.on('finish', resolve))
  await bucket.commit(temp, keys[1]!)
  t.same(await migrateFiles(app.db, local, bucket), { total: 3, copied: 1, skipped: 2, missing: 0, failed: 0 })
  t.equal(await bytesOf(bucket, keys[1]!), sha256(contents[1]!))

  const back = new LocalStorage(await storageDir(t))
  await back.init()
  t.same(await migrateFiles(app.db, bucket, back), { total: 3, copied: 3, skipped: 0, missing: 0, failed: 0 })
  t.same(lines, [])
})

t.test('missing and corrupt source files are reported, never copied', async t => {
  const target = new LocalStorage(await storageDir(t))
  await target.init()
  await local.delete(keys[0]!)
  // Bytes changed behind the database's back: their sha256 no longer matches the row.
  await writeFile(path.join(dir, 'objects', keys[2]!.slice(0, 2), keys[2]!), 'tampered')
  const lines: string[] = []
  t.same(await migrateFiles(app.db, local, target, line => lines.push(line)), { total: 3, copied: 1, skipped: 0, missing: 1, failed: 1 })
  t.match(lines.sort(), [/^failed .*sha256 differs/, /^missing .*not in the source/])
  t.equal(await target.stat(keys[0]!), null)
  t.equal(await target.stat(keys[2]!), null)

  const broken = new LocalStorage(await storageDir(t))
  await broken.init()
  const failing = Object.assign(Object.create(broken) as LocalStorage, { stat: async () => { throw new Error('store down') } })
  const failures: string[] = []
  t.same(await migrateFiles(app.db, local, failing, line => failures.push(line)), { total: 3, copied: 0, skipped: 0, missing: 0, failed: 3 })
  t.match(failures[0], /store down/)
})

t.test('the command checks its arguments and settings', async t => {
  const errors: string[] = []
  const error = console.error
  console.error = (line: string) => { errors.push(line) }
  t.teardown(() => { console.error = error })
  t.equal(await main([], {}), 1)
  t.equal(await main(['--to', 'ftp'], {}), 1)
  t.equal(await main(['--to', 's3'], { STORAGE_DIR: dir }), 1)
  t.equal(await main(['--to', 's3'], { STORAGE_DIR: dir, S3_BUCKET: BUCKET, S3_ENDPOINT: 'http://127.0.0.1:9', S3_FORCE_PATH_STYLE: 'true' }), 1)
  t.match(errors, [/Usage/, /Usage/, /needs S3_BUCKET/, /Storage migration failed/])
})

t.test('the command copies with the server\'s settings and reports counts', async t => {
  // Its own database: PostgreSQL's test database, or a migrated embedded one.
  let env: Record<string, string> = { STORAGE_DIR: dir, S3_BUCKET: BUCKET, S3_ENDPOINT: server.url, S3_FORCE_PATH_STYLE: 'true' }
  const { url } = await createTestDb(t)
  if (url !== undefined) {
    env = { ...env, DATABASE_URL: url }
  } else {
    const dataDir = await storageDir(t)
    const db = await createDatabase({ databaseUrl: undefined, dataDir })
    await createMigrator(db).migrateToLatest()
    await db.destroy()
    env = { ...env, DATA_DIR: dataDir }
  }
  const logs: string[] = []
  const log = console.log
  console.log = (line: string) => { logs.push(line) }
  t.teardown(() => { console.log = log })
  t.equal(await main(['--to', 's3'], env), 0)
  t.equal(await main(['--to', 'local'], env), 0)
  t.same(logs, ['0 files: 0 copied, 0 already there, 0 missing, 0 failed', '0 files: 0 copied, 0 already there, 0 missing, 0 failed'])
})
