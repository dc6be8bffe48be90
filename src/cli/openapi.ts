// `npm run openapi`: writes the contract the app generates to openapi/openapi.json, keys in stable order.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import { createDatabase } from '../db/dialect.js'
import app from '../app.js'
import { loadConfig } from '../config.js'

// From src/cli or dist/src/cli: the openapi/ folder beside package.json.
const root = path.dirname(fileURLToPath(import.meta.url)).replace(/\/(dist\/)?src\/cli$/, '')
export const OPENAPI_FILE = path.join(root, 'openapi/openapi.json')

function sortKeys (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.keys(value).sort().map(key => [key, sortKeys((value as Record<string, unknown>)[key])]))
}

/** The contract as committed: stable key order, a fixed server URL, a final newline. */
export function renderOpenapi (document: unknown): string {
  return JSON.stringify(sortKeys(document), null, 2) + '\n'
}

async function main (): Promise<void> {
  const config = { ...loadConfig({ PUBLIC_URL: 'https://data.example.org', LOG_LEVEL: 'silent' }) }
  const db = await createDatabase({ dataDir: 'memory://' })
  const server = Fastify({ logger: false })
  await server.register(fp(app), { config, db })
  await server.ready()
  await mkdir(path.dirname(OPENAPI_FILE), { recursive: true })
  await writeFile(OPENAPI_FILE, renderOpenapi(server.swagger()))
  await server.close()
  await db.destroy()
  console.log(`wrote ${OPENAPI_FILE}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
