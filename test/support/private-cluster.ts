// A PostgreSQL cluster of the test's own (initdb into a temporary folder, a free loopback port), which
// the test may stop and start at will: the shared server on 5432 is never touched.
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'

const PG_ROOT = '/usr/lib/postgresql'

/** The binaries of the newest PostgreSQL installed, or undefined. */
export function postgresBin (): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined
  const versions = readdirSync(PG_ROOT).filter(v => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
  const bin = versions.map(v => path.join(PG_ROOT, v, 'bin')).find(dir => existsSync(path.join(dir, 'pg_ctl')))
  return bin
}

export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

export interface PrivateCluster {
  url: string
  start: () => void
  /** `fast`: a clean restart (clients disconnected); `immediate`: as a crash. */
  stop: (mode?: 'fast' | 'immediate') => void
  /** Stops it if running and removes its folder. */
  destroy: () => void
}

export async function startPrivateCluster (bin: string): Promise<PrivateCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bastille-pg-'))
  const data = path.join(dir, 'data')
  // initdb refuses to run as root: the cluster then belongs to the `postgres` system user.
  const asRoot = process.getuid?.() === 0
  const owner = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()) : undefined
  if (owner !== undefined) chownSync(dir, owner, owner)
  const run = (command: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]] : [path.join(bin, command), args]
    const result = spawnSync(file, argv, { encoding: 'utf8', cwd: dir })
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stdout}${result.stderr}`)
  }
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
  const port = await freePort()
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=on -c max_connections=50`
  let running = false
  const cluster: PrivateCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => {
      run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'])
      running = true
    },
    stop: (mode = 'fast') => {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop'])
      running = false
    },
    destroy: () => {
      if (running) {
        try { cluster.stop('immediate') } catch {}
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
  cluster.start()
  return cluster
}
