// Copies every file the database names from one storage adapter to another (the local folder to a
// bucket, or back), verifying each copy's sha256 against its row. Resumable: a file already at the
// target with the right size and checksum is skipped, so a stopped run is simply started again.
import { createHash } from 'node:crypto'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { Storage } from './storage.js'

export interface MigrationReport {
  /** Files the database names. */
  total: number
  copied: number
  /** Already at the target, size and checksum verified. */
  skipped: number
  /** Named by a row but absent from the source (and the target). */
  missing: number
  /** Copied bytes whose sha256 differs from the row's, or a store error: left out of the target. */
  failed: number
}

interface FileRow { key: string, sha256: string | null, size: number | null }

const PAGE = 500

/** The sha256 of what passes through, once it has ended. */
function hasher (): Transform & { digest: () => string } {
  const hash = createHash('sha256')
  const stream = new Transform({
    transform (chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      callback(null, chunk)
    }
  })
  return Object.assign(stream, { digest: () => hash.digest('hex') })
}

async function checksum (storage: Storage, key: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of await storage.read(key)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Every stored file in key order, a page at a time (constant memory whatever the catalogue). */
async function * files (db: Kysely<DB>): AsyncGenerator<FileRow> {
  let after = ''
  for (;;) {
    const rows = await db.selectFrom('distributions')
      .select(['file_key', 'checksum_sha256', 'byte_size'])
      .where('file_key', 'is not', null).where('file_key', '>', after)
      .orderBy('file_key').limit(PAGE).execute()
    for (const row of rows) yield { key: row.file_key!, sha256: row.checksum_sha256, size: row.byte_size === null ? null : Number(row.byte_size) }
    if (rows.length < PAGE) return
    after = rows[rows.length - 1]!.file_key!
  }
}

async function alreadyThere (to: Storage, file: FileRow): Promise<boolean> {
  const stat = await to.stat(file.key)
  if (stat === null || (file.size !== null && stat.size !== file.size)) return false
  return file.sha256 === null || await checksum(to, file.key) === file.sha256
}

async function copy (from: Storage, to: Storage, file: FileRow): Promise<'copied' | 'failed'> {
  const temp = await to.createTemp()
  try {
    const hash = hasher()
    await pipeline(await from.read(file.key), hash, temp.stream)
    if (file.sha256 !== null && hash.digest() !== file.sha256) {
      await to.discard(temp)
      return 'failed'
    }
    await to.commit(temp, file.key)
    return 'copied'
  } catch (err) {
    await to.discard(temp).catch(() => {})
    throw err
  }
}

export async function migrateFiles (
  db: Kysely<DB>, from: Storage, to: Storage, log: (line: string) => void = () => {}
): Promise<MigrationReport> {
  const report: MigrationReport = { total: 0, copied: 0, skipped: 0, missing: 0, failed: 0 }
  for await (const file of files(db)) {
    report.total++
    try {
      if (await alreadyThere(to, file)) {
        report.skipped++
      } else if (await from.stat(file.key) === null) {
        report.missing++
        log(`missing  ${file.key}: not in the source`)
      } else {
        const outcome = await copy(from, to, file)
        report[outcome]++
        if (outcome === 'failed') log(`failed   ${file.key}: sha256 differs from the database's`)
      }
    } catch (err) {
      report.failed++
      log(`failed   ${file.key}: ${(err as Error).message}`)
    }
  }
  return report
}
