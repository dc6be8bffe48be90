// What the importer's tests share: runImport's dependencies on a database of the test file's own, a
// temporary storage folder, and limits small enough that hostile sources fail fast.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Test } from 'tap'
import type { Kysely } from 'kysely'
import type { Config } from '../../src/config.js'
import type { DB } from '../../src/db/types.js'
import { LocalStorage } from '../../src/storage/local.js'
import { testConfig } from '../support/build-app.js'
import { createTestDb } from '../support/test-db.js'

export interface Deps {
  db: Kysely<DB>
  storage: LocalStorage
  config: Config
  storageDir: string
}

export async function importDeps (t: Test): Promise<Deps> {
  const { db } = await createTestDb(t)
  const storageDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-import-'))
  t.teardown(() => rm(storageDir, { recursive: true, force: true }))
  const storage = new LocalStorage(storageDir)
  await storage.init()
  return { db, storage, config: testConfig(storageDir), storageDir }
}

export const FAST_LIMITS = { timeoutMs: 1500, retries: 1, retryDelayMs: 5, maxDocumentBytes: 2 * 1024 * 1024, maxFileBytes: 1024 * 1024 }

/** Files in the storage folder: committed objects and leftover temporaries. */
export async function storedFiles (storageDir: string): Promise<{ objects: string[], temporaries: string[] }> {
  const objects: string[] = []
  for (const dir of await readdir(path.join(storageDir, 'objects'))) objects.push(...await readdir(path.join(storageDir, 'objects', dir)))
  return { objects: objects.sort(), temporaries: await readdir(path.join(storageDir, 'tmp')) }
}

/** Adds a publisher for DCAT imports. */
export async function addPublisher (db: Kysely<DB>, id: string): Promise<void> {
  await db.insertInto('publishers').values({ id, name: id, type: 'LocalAuthority', homepage: null, email: null }).execute()
}
