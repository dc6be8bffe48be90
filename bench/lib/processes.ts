// Child processes of the bench (servers, baselines): started on a free loopback port, measured through
// /proc, and always stopped, even when the bench fails or is interrupted.
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

const running = new Set<ChildProcess>()

/**
 * Signals a child's whole process group: `npm start` runs the server as a grandchild (npm, sh, node),
 * which a signal to npm alone left running after the bench.
 */
function signalGroup (child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal)
  } catch {
    // the group is gone already
  }
}

/** Last resort on exit: nothing the bench started survives it. */
export function killAllChildren (): void {
  for (const child of running) signalGroup(child, 'SIGKILL')
  running.clear()
}

export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface Child {
  process: ChildProcess
  pid: number
  /** Resolves with the exit code (or signal name). */
  exited: Promise<string>
  stop: () => Promise<void>
}

/** Starts `node <args>`, its output appended to `logFile`; `ipc` opens a message channel to it. */
export function startNode (args: string[], env: NodeJS.ProcessEnv, logFile: string, ipc = false, cwd?: string): Child {
  // detached: the child leads a process group of its own, so that stop() reaches its descendants too.
  const child = spawn(process.execPath, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc' as const] : [])] })
  if (child.pid === undefined) throw new Error(`could not start node ${args.join(' ')}`)
  running.add(child)
  const log = createWriteStream(logFile, { flags: 'a' })
  child.stdout?.pipe(log, { end: false })
  child.stderr?.pipe(log, { end: false })
  const exited = new Promise<string>(resolve => {
    child.once('exit', (code, signal) => {
      running.delete(child)
      log.end()
      resolve(String(code ?? signal))
    })
  })
  // A child that ends before it answers must not leave a request waiting forever.
  child.once('exit', () => child.emit('message', { error: 'the process exited' }))
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    signalGroup(child, 'SIGTERM')
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  return { process: child, pid: child.pid, exited, stop }
}

/** Polls `url` until it answers 200; throws after `timeoutMs` or when the child exits first. */
export async function waitForOk (child: Child, url: string, timeoutMs: number, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let exited = false
  child.exited.then(() => { exited = true }, () => {})
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the process exited before ${url} answered`)
    try {
      const response = await fetch(url)
      await response.arrayBuffer()
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await sleep(intervalMs)
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`)
}

/** A `kB` field of /proc/<pid>/status, in bytes: VmRSS (now) or VmHWM (peak since start or reset). */
export async function memoryOf (pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (match === null) throw new Error(`no ${field} for process ${pid}`)
  return Number(match[1]) * 1024
}

/** Resets the peak (VmHWM) to the current RSS; false where the kernel refuses. */
export async function resetPeakMemory (pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/** Sends one message to an `ipc` child and waits for its answer (`{ error }` rejects). */
export async function ask<T> (child: Child, message: unknown): Promise<T> {
  return await new Promise((resolve, reject) => {
    child.process.once('message', (answer: T & { error?: string }) => {
      if (answer.error !== undefined) reject(new Error(answer.error))
      else resolve(answer)
    })
    child.process.send(message as object)
  })
}
