// The real server as a child process, started as `npm start` does (`node dist/src/start.js`, the bundled
// server), for the tests that kill, stop and starve it: built on demand, on a free loopback port, its logs
// kept for the assertions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const ENTRY = path.join(ROOT, 'dist/src/start.js')
const BUNDLE = path.join(ROOT, 'dist/src/bundle.js')

function newestSource (dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : statSync(file).mtimeMs)
  }
  return newest
}

function run (args: string[]): void {
  const step = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })
  if (step.status !== 0) throw new Error(`build failed: ${step.stdout}${step.stderr}`)
}

/** Compiles src/ and migrations/ into dist/ and bundles the server, unless the bundle is newer than every source file. */
export function ensureBuilt (): void {
  const built = (() => { try { return statSync(BUNDLE).mtimeMs } catch { return 0 } })()
  if (built > Math.max(newestSource(path.join(ROOT, 'src')), newestSource(path.join(ROOT, 'migrations')))) return
  run([path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'])
  run([path.join(ROOT, 'dist/src/cli/bundle.js')])
}

export interface Exit { code: number | null, signal: NodeJS.Signals | null }

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Every log line (pino JSON) the process wrote so far. */
  logs: string[]
  exited: Promise<Exit>
  /** Still running. */
  alive: () => boolean
}

/** Starts the server with `env` (on top of PATH and a quiet demo-free set-up) and waits until it listens. */
export async function startServer (env: Record<string, string>, nodeArgs: string[] = [], startTimeoutMs = 180_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const logs: string[] = []
  let exit: Exit | undefined
  const exited = once(child, 'exit').then(([code, signal]) => (exit = { code, signal } as Exit))
  let buffered = ''
  const listening = new Promise<string>((resolve, reject) => {
    const take = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8')
      const lines = buffered.split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        logs.push(line)
        const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1]
        if (url !== undefined) resolve(url)
      }
    }
    child.stdout.on('data', take)
    child.stderr.on('data', take)
    exited.then(e => reject(new Error(`server exited (${e.code ?? e.signal}) before listening:\n${logs.join('\n')}`)), () => {})
    setTimeout(() => reject(new Error(`server not listening after ${startTimeoutMs} ms:\n${logs.join('\n')}`)), startTimeoutMs).unref()
  })
  try {
    const url = await listening
    return { url, child, logs, exited, alive: () => exit === undefined }
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
}

/** kill -9 and wait for the process to be gone. */
export async function killHard (server: ServerProcess): Promise<void> {
  if (!server.alive()) return
  server.child.kill('SIGKILL')
  await server.exited
}
