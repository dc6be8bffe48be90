// HTTP on loopback for the fault tests: bounded calls that never throw (a refused or cut connection is
// an outcome to count), slow bodies, and the whole-catalogue consistency check run after a fault.
import { createHash } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import http from 'node:http'
import path from 'node:path'
import { MULTIPART, multipart } from '../files/helpers.js'

export const ADMIN_TOKEN = 'bst_fault_admin_token_0123456789abcdef'
export const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` }
export const PUBLISHER = 'fault-city'

export interface Outcome {
  /** 0 when no response came (refused, reset, timed out). */
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  error?: string
  ms: number
}

export interface CallOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  timeoutMs?: number
  /** A fresh connection (no keep-alive reuse). */
  fresh?: boolean
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

/** One request; resolves with the response, or with status 0 and the error. */
export async function call (base: string, pathname: string, options: CallOptions = {}): Promise<Outcome> {
  const started = performance.now()
  return await new Promise(resolve => {
    const done = (outcome: Omit<Outcome, 'ms'>): void => resolve({ ...outcome, ms: performance.now() - started })
    const body = options.body
    const req = http.request(new URL(pathname, base), {
      method: options.method ?? 'GET',
      agent: options.fresh === true ? false : agent,
      headers: {
        ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        ...options.headers
      },
      timeout: options.timeoutMs ?? 15_000
    }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', err => done({ status: 0, headers: {}, body: '', error: err.message }))
    })
    req.on('timeout', () => req.destroy(new Error('client timeout')))
    req.on('error', err => done({ status: 0, headers: {}, body: '', error: (err as NodeJS.ErrnoException).code ?? err.message }))
    req.end(body)
  })
}

export function json<T = any> (outcome: Outcome): T {
  return JSON.parse(outcome.body) as T
}

export async function createPublisher (base: string): Promise<void> {
  const res = await call(base, '/publishers', { method: 'POST', headers: ADMIN, body: JSON.stringify({ id: PUBLISHER, name: 'Fault city', type: 'LocalAuthority' }) })
  if (res.status !== 201) throw new Error(`publisher not created: ${res.status} ${res.body}`)
}

export async function createDataset (base: string, title: string): Promise<Outcome> {
  return await call(base, '/datasets', {
    method: 'POST',
    headers: ADMIN,
    body: JSON.stringify({ publisher: PUBLISHER, title, description: `Written by the fault suite: ${title}`, status: 'published', keywords: ['fault'] })
  })
}

/** Deterministic file content for an upload, so its checksum can be checked after a fault. */
export function fileContent (label: string, bytes: number): Buffer {
  const line = Buffer.from(`${label}\n`)
  return Buffer.concat(Array.from({ length: Math.ceil(bytes / line.length) }, () => line)).subarray(0, bytes)
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

export async function upload (base: string, datasetId: string, content: Buffer, title: string): Promise<Outcome> {
  const body = multipart(['title', title], { filename: `${title}.txt`, content, contentType: 'text/plain' })
  return await call(base, `/datasets/${datasetId}/distributions`, { method: 'POST', headers: { ...ADMIN, 'content-type': MULTIPART }, body, timeoutMs: 60_000 })
}

export interface SlowUpload {
  /** Settles when the server answers or the connection ends. */
  outcome: Promise<Outcome>
  /** Bytes of the body sent so far. */
  sent: () => number
  stop: () => void
}

/** An upload whose body trickles in (`chunk` bytes every `everyMs`), so a fault can land mid-upload. */
export function slowUpload (base: string, datasetId: string, totalBytes: number, chunk = 16 * 1024, everyMs = 50): SlowUpload {
  const content = fileContent('slow upload', totalBytes)
  const body = multipart(['title', 'slow'], { filename: 'slow.txt', content, contentType: 'text/plain' })
  let sent = 0
  let timer: NodeJS.Timeout | undefined
  const started = performance.now()
  const outcome = new Promise<Outcome>(resolve => {
    let settled = false
    const done = (o: Omit<Outcome, 'ms'>): void => {
      if (settled) return
      settled = true
      clearInterval(timer)
      resolve({ ...o, ms: performance.now() - started })
    }
    const req = http.request(new URL(`/datasets/${datasetId}/distributions`, base), {
      method: 'POST',
      agent: false,
      headers: { ...ADMIN, 'content-type': MULTIPART, 'content-length': String(body.length) }
    }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', err => done({ status: 0, headers: {}, body: '', error: err.message }))
    })
    req.on('error', err => done({ status: 0, headers: {}, body: '', error: (err as NodeJS.ErrnoException).code ?? err.message }))
    req.on('close', () => done({ status: 0, headers: {}, body: '', error: 'closed' }))
    timer = setInterval(() => {
      if (sent >= body.length) return clearInterval(timer)
      const next = body.subarray(sent, sent + chunk)
      sent += next.length
      req.write(next)
      if (sent >= body.length) req.end()
    }, everyMs)
  })
  return { outcome, sent: () => sent, stop: () => clearInterval(timer) }
}

/** Files of a storage folder: committed objects and temporaries. */
export async function storageFiles (storageDir: string): Promise<{ objects: string[], temporaries: string[] }> {
  const list = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
    return entries.filter(e => e.isFile()).map(e => e.name)
  }
  return { objects: await list(path.join(storageDir, 'objects')), temporaries: await list(path.join(storageDir, 'tmp')) }
}

export interface CatalogueCheck {
  datasets: number
  distributions: number
  /** Distributions whose file downloads with the recorded size and checksum. */
  filesVerified: number
  /** Distribution rows whose file is missing or differs. */
  brokenFiles: string[]
}

/** Every dataset of the fault publisher and every file distribution of them, downloaded and checked. */
export async function checkCatalogue (base: string): Promise<CatalogueCheck & { datasetIds: Set<string>, files: Map<string, { datasetId: string, sha256: string }> }> {
  const datasetIds = new Set<string>()
  let next: string | undefined = `/datasets?publisher=${PUBLISHER}&limit=100`
  while (next !== undefined) {
    const page = await call(base, next, { headers: ADMIN })
    if (page.status !== 200) throw new Error(`list failed: ${page.status} ${page.body}`)
    const { items, next: following } = json<{ items: Array<{ id: string }>, next?: string | null }>(page)
    for (const item of items) datasetIds.add(item.id)
    next = following ? new URL(following).pathname + new URL(following).search : undefined
  }
  const files = new Map<string, { datasetId: string, sha256: string }>()
  const brokenFiles: string[] = []
  let filesVerified = 0
  for (const datasetId of datasetIds) {
    const list = await call(base, `/datasets/${datasetId}/distributions`, { headers: ADMIN })
    if (list.status !== 200) throw new Error(`distributions of ${datasetId}: ${list.status} ${list.body}`)
    const body = json<{ items?: Array<{ id: string, byteSize: number, checksum?: { value: string } | null, downloadUrl?: string | null }> } | Array<{ id: string, byteSize: number, checksum?: { value: string } | null, downloadUrl?: string | null }>>(list)
    for (const d of Array.isArray(body) ? body : body.items ?? []) {
      if (d.checksum === undefined || d.checksum === null) continue
      files.set(d.id, { datasetId, sha256: d.checksum.value })
      const file = await call(base, `/distributions/${d.id}/file`, { headers: ADMIN })
      const bytes = Buffer.from(file.body, 'utf8')
      if (file.status === 200 && bytes.length === d.byteSize && sha256(bytes) === d.checksum.value) filesVerified++
      else brokenFiles.push(`${d.id}: ${file.status}`)
    }
  }
  return { datasets: datasetIds.size, distributions: files.size, filesVerified, brokenFiles, datasetIds, files }
}
