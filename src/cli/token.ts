// `npm run token -- create|list|revoke`: manages API tokens without the API, to bootstrap a server.
// The secret goes alone to stdout (so `$(npm run -s token -- create …)` captures it); the rest to stderr.
import { parseArgs } from 'node:util'
import type { Kysely } from 'kysely'
import { ConfigError, loadConfig } from '../config.js'
import { createDatabase } from '../db/dialect.js'
import type { DB } from '../db/types.js'
import { migrateToLatest } from '../db/migrator.js'
import { findToken, listTokens, revokeToken } from '../db/tokens.js'
import { createApiToken, toTokenDto } from '../auth/tokens.js'

const USAGE = `Usage:
  npm run token -- create --admin --name <name> [--expires <date>]
  npm run token -- create --publisher <id> --name <name> [--expires <date>]
  npm run token -- list [--publisher <id>]
  npm run token -- revoke <token id>`

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

class UsageError extends Error {}

function parse (argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        admin: { type: 'boolean' },
        publisher: { type: 'string' },
        name: { type: 'string' },
        expires: { type: 'string' }
      }
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

type Parsed = ReturnType<typeof parse>

function expiryOf (value: string | undefined): Date | null {
  if (value === undefined) return null
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) throw new UsageError(`--expires ${value} is not a date (e.g. 2027-01-01 or 2027-01-01T00:00:00Z)`)
  return date
}

/** Each command checks its arguments first, then returns what to run against the database. */
type Command = (parsed: Parsed) => (db: Kysely<DB>) => Promise<void>

const create: Command = ({ values }) => {
  if ((values.admin === true) === (values.publisher !== undefined)) throw new UsageError('create needs exactly one of --admin or --publisher <id>')
  const name = values.name?.trim()
  if (name === undefined || name === '') throw new UsageError('create needs --name <name>')
  const expiresAt = expiryOf(values.expires)
  return async (db) => {
    const { token, secret } = await createApiToken(db, {
      name,
      role: values.admin === true ? 'admin' : 'editor',
      publisherId: values.publisher ?? null,
      expiresAt
    })
    const scope = token.role === 'admin' ? 'admin token' : `editor token for ${token.publisher}`
    console.error(`Created ${scope} "${token.name}" (id ${token.id}${token.expiresAt ? `, expires ${token.expiresAt}` : ''}).`)
    console.error('Its secret follows; it is shown only now and cannot be recovered:')
    console.log(secret)
  }
}

const list: Command = ({ values }) => async (db) => {
  const rows = await listTokens(db, values.publisher)
  if (rows.length === 0) console.error('No tokens.')
  for (const token of rows.map(toTokenDto)) {
    const state = token.revokedAt ? `revoked ${token.revokedAt}` : token.expiresAt ? `expires ${token.expiresAt}` : 'active'
    console.log([token.id, token.role, token.publisher ?? '-', token.name, state, `last used ${token.lastUsedAt ?? 'never'}`].join('\t'))
  }
}

const revoke: Command = ({ positionals }) => {
  const id = positionals[1]
  if (id === undefined || !UUID.test(id)) throw new UsageError('revoke needs the id of a token (a UUID, see `list`)')
  return async (db) => {
    if (await findToken(db, id) === undefined) throw new Error(`no token ${id}`)
    await revokeToken(db, id)
    console.error(`Revoked token ${id}.`)
  }
}

const COMMANDS: Record<string, Command> = { create, list, revoke }

async function main (argv: string[]): Promise<void> {
  const parsed = parse(argv)
  const name = parsed.positionals[0]
  const command = name === undefined ? undefined : COMMANDS[name]
  if (command === undefined) throw new UsageError(name === undefined ? 'Missing command' : `Unknown command ${name}`)
  const run = command(parsed)
  const config = loadConfig()
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  try {
    // A fresh server has no tables yet; migrating is idempotent.
    await migrateToLatest(db)
    await run(db)
  } finally {
    await db.destroy()
  }
}

try {
  await main(process.argv.slice(2))
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`)
    process.exitCode = 2
  } else {
    console.error(err instanceof ConfigError ? err.message : `token: ${(err as Error).message}`)
    process.exitCode = 1
  }
}
