// The two kinds of server under test, each a child process on its own loopback port: Bastille itself
// (built into dist/) and the bare Fastify + pg baseline.
import path from 'node:path'
import { mkdtemp, readFile } from 'node:fs/promises'
import { freePort, startNode, waitForOk, type Child } from './processes.js'
import type { BenchContext } from './context.js'

export interface Server extends Child {
  url: string
}

let started = 0

async function start (context: BenchContext, name: string, args: string[], env: NodeJS.ProcessEnv, readyPath: string, timeoutMs: number, cwd?: string): Promise<Server> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const logFile = path.join(context.tmpDir, `${name}-${++started}.log`)
  const child = startNode(args, { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', NODE_ENV: 'production', ...env, PORT: String(port) }, logFile, false, cwd)
  try {
    await waitForOk(child, `${url}${readyPath}`, timeoutMs)
  } catch (err) {
    await child.stop()
    // The log is deleted with the temporary folder: its first error lines go into the report.
    const output = await readFile(logFile, 'utf8').catch(() => '')
    const firstError = output.split('\n').filter(line => /error|Error/.test(line)).slice(0, 2).join(' / ')
    throw new Error(`${name} did not start: ${(err as Error).message}${firstError === '' ? '' : ` (${firstError.trim().slice(0, 300)})`}`)
  }
  return { ...child, url }
}

export interface BastilleOptions {
  /** Use the embedded database under this folder instead of PostgreSQL. */
  embeddedDataDir?: string
  /** Load the demo catalogue into an empty database, as a new user's first start does. */
  demo?: boolean
  /** Start through `npm start` in the repository, as a user does, rather than `node dist/src/server.js`. */
  npmStart?: boolean
  /** Another PostgreSQL database than the loaded catalogue's. */
  databaseUrl?: string
  /** More settings, e.g. a worker turned on. */
  env?: NodeJS.ProcessEnv
}

export async function startBastille (context: BenchContext, options: BastilleOptions = {}): Promise<Server> {
  const dataDir = options.embeddedDataDir ?? await mkdtemp(path.join(context.tmpDir, 'data-'))
  const npm = process.env.npm_execpath
  if (options.npmStart === true && npm === undefined) throw new Error('npm start is measured only when the bench runs through npm run bench')
  const args = options.npmStart === true ? [npm!, 'start', '--silent'] : [path.join(context.root, 'dist/src/start.js')]
  return await start(context, 'bastille', args, {
    HOST: '127.0.0.1',
    ...(options.embeddedDataDir === undefined ? { DATABASE_URL: options.databaseUrl ?? context.databaseUrl } : {}),
    DATA_DIR: dataDir,
    ADMIN_TOKEN: context.adminToken,
    DEMO_DATA: options.demo === true ? 'true' : 'false',
    LOG_LEVEL: 'warn',
    ...options.env
  }, '/ready', 60_000, context.root)
}

export async function startBare (context: BenchContext, databaseUrl: string | null = context.databaseUrl): Promise<Server> {
  return await start(context, 'bare', [path.join(context.root, 'dist/bench/baselines/bare-server.js')], {
    ...(databaseUrl === null ? {} : { DATABASE_URL: databaseUrl })
  }, '/health', 30_000)
}
