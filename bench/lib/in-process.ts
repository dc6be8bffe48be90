// Bastille built in the bench's own process, for the scenarios that time the write path without HTTP
// (inject) or reach into it (the quality scorer): no worker runs unless `env` turns it on.
import { mkdtemp } from 'node:fs/promises'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import app from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { serverOptions } from '../../src/server-options.js'
import type { BenchContext } from './context.js'

export interface InProcess {
  server: FastifyInstance
  config: Config
  /** Admin authorization headers for inject. */
  headers: { authorization: string }
}

export async function startInProcess (context: BenchContext, databaseUrl: string, env: NodeJS.ProcessEnv = {}): Promise<InProcess> {
  const dir = await mkdtemp(path.join(context.tmpDir, 'in-process-'))
  const quiet = { LOG_LEVEL: 'silent', DEMO_DATA: 'false', QUALITY_WORKER: 'false', WEBHOOK_WORKER: 'false', HARVEST_WORKER: 'false' }
  const config = loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dir, STORAGE_DIR: dir, ADMIN_TOKEN: context.adminToken, ...quiet, ...env })
  const server = Fastify(serverOptions(config))
  await server.register(fp(app), { config })
  await server.ready()
  return { server, config, headers: { authorization: `Bearer ${context.adminToken}` } }
}

/** Creates a publisher through the API; throws with the answer when it is not a 201. */
export async function createPublisher ({ server, headers }: InProcess, id: string): Promise<void> {
  const res = await server.inject({ method: 'POST', url: '/publishers', headers, payload: { id, name: `Bench ${id}`, type: 'LocalAuthority' } })
  if (res.statusCode !== 201) throw new Error(`POST /publishers answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
}

/** Creates dataset number `n` of `publisher` through the API; its id. */
export async function createDataset ({ server, headers }: InProcess, publisher: string, n: number): Promise<string> {
  const res = await server.inject({
    method: 'POST',
    url: '/datasets',
    headers,
    payload: {
      publisher,
      title: `Comptages vélo, site ${n}`,
      description: `Comptages horaires des vélos sur le site ${n}, issus des boucles de comptage.`,
      keywords: ['vélo', 'mobilité', `site-${n}`],
      themes: ['TRAN'],
      licence: 'etalab-2.0'
    }
  })
  if (res.statusCode !== 201) throw new Error(`POST /datasets answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
  return res.json<{ id: string }>().id
}
