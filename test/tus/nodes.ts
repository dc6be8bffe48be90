// Two Bastille apps in this process, one database, each listening on loopback: node A and node B of the
// resume tests. Each has its own storage adapter (its own S3 client and lease), as separate processes would.
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Kysely } from 'kysely'
import type { Test } from 'tap'
import app from '../../src/app.js'
import type { Config } from '../../src/config.js'
import type { DB } from '../../src/db/types.js'
import { serverOptions } from '../../src/server-options.js'
import { testConfig } from '../support/build-app.js'
import { createTestDb } from '../support/test-db.js'

async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise(resolve => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

export interface TwoNodes {
  db: Kysely<DB>
  nodeA: FastifyInstance
  nodeB: FastifyInstance
  /** Node A's port; PUBLIC_URL names it, so Location headers point there. */
  port: number
  baseB: string
}

export async function twoNodes (t: Test, overrides: Partial<Config> = {}): Promise<TwoNodes> {
  const storageDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-tus-'))
  t.teardown(async () => { await rm(storageDir, { recursive: true, force: true }) })
  const { db } = await createTestDb(t)
  const port = await freePort()
  const config: Config = testConfig(storageDir, { publicUrl: `http://127.0.0.1:${port}`, ...overrides })
  const node = async (listenOn: number): Promise<FastifyInstance> => {
    const server = Fastify(serverOptions(config))
    await server.register(fp(app), { config, db })
    await server.listen({ port: listenOn, host: '127.0.0.1' })
    t.teardown(async () => { await server.close() })
    return server
  }
  const nodeA = await node(port)
  const nodeB = await node(0)
  return { db, nodeA, nodeB, port, baseB: `http://127.0.0.1:${(nodeB.server.address() as AddressInfo).port}` }
}
