// Builds the whole app for one test file: its own database and storage, closed on teardown.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Test } from 'tap'
import app from '../../src/app.js'
import type { Config } from '../../src/config.js'
import { serverOptions } from '../../src/server-options.js'
import { createTestDb } from './test-db.js'

export const ADMIN_TOKEN = 'bst_test_admin_token_0123456789abcdef'
export const PUBLIC_URL = 'https://data.example.org'
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` }

export function testConfig (storageDir: string, overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: storageDir,
    storageDir,
    publicUrl: PUBLIC_URL,
    adminToken: ADMIN_TOKEN,
    maxUploadBytes: 10 * 1024 * 1024,
    logLevel: 'silent',
    demoData: false,
    catalog: { title: 'Test catalogue', description: 'The catalogue of the test suite.', publisherName: 'Test portal' },
    corsCredentialsOrigins: [],
    trustProxy: false,
    ...overrides
  }
}

/** The app on a fresh database and a temporary storage folder; nothing listens unless the test asks. */
export async function buildTestApp (t: Test, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const storageDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-test-'))
  const { db } = await createTestDb(t)
  const config = testConfig(storageDir, overrides)
  const server = Fastify(serverOptions(config))
  await server.register(fp(app), { config, db })
  await server.ready()
  t.teardown(async () => {
    await server.close()
    await rm(storageDir, { recursive: true, force: true })
  })
  return server
}
