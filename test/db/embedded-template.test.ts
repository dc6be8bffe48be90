// A new embedded database copies the data folder made at build time instead of running initdb.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import { createDatabase, openEmbedded } from '../../src/db/dialect.js'
import { copyEmbeddedTemplate, isDataFolder, makeReadableByAll } from '../../src/db/embedded-template.js'
import { isMigrated, migrateToLatest } from '../../src/db/migrator.js'

const root = await mkdtemp(path.join(tmpdir(), 'bastille-template-'))
t.teardown(() => rm(root, { recursive: true, force: true }))

async function fakeTemplate (name: string): Promise<string> {
  const dir = path.join(root, name)
  await mkdir(path.join(dir, 'base'), { recursive: true })
  await writeFile(path.join(dir, 'PG_VERSION'), '17\n')
  await writeFile(path.join(dir, 'base', 'relation'), 'pages')
  return dir
}

t.test('a missing or empty folder becomes a copy of the template', async t => {
  const template = await fakeTemplate('template-a')
  const missing = path.join(root, 'new-a', 'pglite')
  t.equal(await copyEmbeddedTemplate(missing, template), true)
  t.equal(await readFile(path.join(missing, 'base', 'relation'), 'utf8'), 'pages')
  const empty = path.join(root, 'empty-a')
  await mkdir(empty)
  t.equal(await copyEmbeddedTemplate(empty, template), true)
  t.ok(await isDataFolder(empty))
  t.same(await readdir(root).then(names => names.filter(name => name.endsWith('.partial'))), [], 'no partial copy left')
})

t.test('an existing database, an unknown folder or a missing template are left alone', async t => {
  const template = await fakeTemplate('template-b')
  const existing = await fakeTemplate('existing-b')
  await writeFile(path.join(existing, 'base', 'relation'), 'mine')
  t.equal(await copyEmbeddedTemplate(existing, template), false)
  t.equal(await readFile(path.join(existing, 'base', 'relation'), 'utf8'), 'mine')

  const unknown = path.join(root, 'unknown-b')
  await mkdir(unknown)
  await writeFile(path.join(unknown, 'notes.txt'), 'not a database')
  t.equal(await copyEmbeddedTemplate(unknown, template), false)
  t.same(await readdir(unknown), ['notes.txt'])
  t.same(await readdir(root).then(names => names.filter(name => name.endsWith('.partial'))), [], 'the copy is removed')

  const elsewhere = path.join(root, 'elsewhere-b')
  t.equal(await copyEmbeddedTemplate(elsewhere, path.join(root, 'no-template')), false)
  t.equal(await isDataFolder(elsewhere), false)
})

t.test('a copy interrupted by a crash is replaced, not opened', async t => {
  const template = await fakeTemplate('template-c')
  const target = path.join(root, 'new-c')
  await mkdir(`${target}.partial`)
  await writeFile(`${target}.partial/PG_VERSION`, 'half')
  t.equal(await copyEmbeddedTemplate(target, template), true)
  t.equal(await readFile(path.join(target, 'PG_VERSION'), 'utf8'), '17\n')
})

t.test('the template is readable by users other than its builder', async t => {
  const template = await fakeTemplate('template-d')
  await mkdir(path.join(template, 'pg_logical'), { mode: 0o700 })
  await writeFile(path.join(template, 'pg_logical', 'checkpoint'), 'x', { mode: 0o600 })
  await chmod(path.join(template, 'base', 'relation'), 0o600)
  await makeReadableByAll(template)
  const mode = async (file: string): Promise<string> => ((await stat(path.join(template, file))).mode & 0o777).toString(8)
  t.same(await Promise.all(['.', 'pg_logical', 'pg_logical/checkpoint', 'base/relation', 'PG_VERSION'].map(mode)),
    ['755', '755', '644', '644', '644'])
})

t.test('a copy of a real migrated folder opens migrated, with its reference data', async t => {
  const built = path.join(root, 'built')
  const db = await createDatabase({ dataDir: built, pglite: await openEmbedded(built) })
  await migrateToLatest(db)
  await sql`CHECKPOINT`.execute(db)
  await db.destroy()
  await makeReadableByAll(path.join(built, 'pglite'))

  const copyDir = path.join(root, 'copy')
  t.equal(await copyEmbeddedTemplate(path.join(copyDir, 'pglite'), path.join(built, 'pglite')), true)
  const copy = await createDatabase({ dataDir: copyDir, pglite: await openEmbedded(copyDir) })
  t.teardown(() => copy.destroy())
  t.ok(await isMigrated(copy))
  t.same(await copy.selectFrom('licences').select('id').where('id', '=', 'etalab-2.0').execute(), [{ id: 'etalab-2.0' }])
  const { rows } = await sql<{ unaccented: string }>`SELECT unaccent('Élévation') AS unaccented`.execute(copy)
  t.same(rows, [{ unaccented: 'Elevation' }], 'extensions work in the copy')
})
