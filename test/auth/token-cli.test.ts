// `npm run token` as an operator runs it: a child process against a fresh embedded database in a temp folder.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../../src/db/types.js'
import { createDatabase } from '../../src/db/dialect.js'
import { migrateToLatest } from '../../src/db/migrator.js'

// Each run starts an embedded database and compiles TypeScript: slow on a busy machine.
t.setTimeout(600_000)

const CLI = fileURLToPath(new URL('../../src/cli/token.ts', import.meta.url))
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-cli-'))
t.teardown(() => rm(dataDir, { recursive: true, force: true }))

interface Run { code: number, stdout: string, stderr: string }

async function token (...args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', TS_NODE_TRANSPILE_ONLY: '1' }
  delete env.DATABASE_URL
  return await new Promise(resolve => {
    execFile(process.execPath, ['--import', '@tapjs/typescript/import', CLI, ...args], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** The embedded database the CLI writes, opened between runs (never at the same time). */
async function withDatabase<T> (use: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const db = await createDatabase({ dataDir })
  try {
    return await use(db)
  } finally {
    await db.destroy()
  }
}

await withDatabase(async db => {
  await migrateToLatest(db)
  await db.insertInto('publishers').values({ id: 'city', name: 'City', type: 'LocalAuthority', homepage: null, email: null }).execute()
})

t.test('usage errors exit with 2 and print the usage', async t => {
  for (const args of [['frob'], ['create', '--name', 'both', '--admin', '--publisher', 'city'], ['create', '--admin', '--name', 'x', '--expires', 'soon']]) {
    const run = await token(...args)
    t.equal(run.code, 2, args.join(' ') || '(no arguments)')
    t.match(run.stderr, /Usage:\n {2}npm run token -- create --admin --name <name>/)
    t.equal(run.stdout, '')
  }
})

t.test('create, list and revoke tokens', async t => {
  const editor = await token('create', '--publisher', 'city', '--name', 'nightly', '--expires', '2099-01-01')
  t.equal(editor.code, 0, editor.stderr)
  const secret = editor.stdout.trim()
  t.match(secret, /^bst_[A-Za-z0-9_-]{43}$/, 'the secret alone on stdout')
  const id = /\(id ([0-9a-f-]{36}), expires 2099-01-01T00:00:00.000Z\)/.exec(editor.stderr)?.[1]
  t.ok(id, 'the id and expiry on stderr')

  const admin = await token('create', '--admin', '--name', 'ops')
  t.equal(admin.code, 0, admin.stderr)
  t.match(admin.stderr, /Created admin token "ops"/)

  const revoked = await token('revoke', id!)
  t.equal(revoked.code, 0, revoked.stderr)

  const listed = await token('list')
  t.equal(listed.code, 0, listed.stderr)
  const lines = listed.stdout.trim().split('\n')
  t.equal(lines.length, 2)
  t.match(lines.find(line => line.startsWith(id!)), /\teditor\tcity\tnightly\trevoked \d{4}-/)
  t.match(lines.find(line => !line.startsWith(id!)), /\tadmin\t-\tops\tactive\tlast used never$/)

  await withDatabase(async db => {
    const { rows } = await sql<Record<string, unknown>>`SELECT * FROM api_tokens`.execute(db)
    t.notMatch(JSON.stringify(rows), secret.slice(4), 'the secret is not stored')
    t.equal(rows.find(row => row.id === id)?.secret_hash, createHash('sha256').update(secret).digest('hex'))
  })
})
