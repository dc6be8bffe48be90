// Shared by the hostile-input tests: what every error must look like, raw HTTP on a loopback socket,
// and a snapshot of the catalogue to prove that refused requests changed nothing.
import net from 'node:net'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'

export interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

/** Why an answer is not a well-formed 4xx problem (RFC 9457 as SPEC §3 asks), or undefined when it is. */
export function problemFault (res: Answer): string | undefined {
  if (res.status >= 500) return `status ${res.status}`
  if (res.status < 400) return undefined
  const type = String(res.headers['content-type'] ?? '')
  if (!type.startsWith('application/problem+json')) return `${res.status} as ${type || 'no content type'}`
  let body: Record<string, unknown>
  try {
    body = JSON.parse(res.body) as Record<string, unknown>
  } catch {
    return `${res.status} with a body that is not JSON`
  }
  for (const key of ['type', 'title', 'detail', 'instance']) {
    if (typeof body[key] !== 'string') return `${res.status} without a string ${key}`
  }
  if (body.status !== res.status) return `${res.status} whose body says status ${String(body.status)}`
  if (body.errors !== undefined && !(Array.isArray(body.errors) && body.errors.every(e =>
    typeof e?.path === 'string' && typeof e?.message === 'string'))) return `${res.status} with malformed errors[]`
  if (/\n\s+at .+:\d+:\d+/.test(res.body)) return `${res.status} with a stack trace`
  return undefined
}

/** The CKAN Action API answers errors in CKAN's envelope, which its clients parse (issue 13), not problem+json. */
export function ckanFault (res: Answer): string | undefined {
  if (res.status >= 500) return `status ${res.status}`
  if (res.status < 400) return undefined
  const type = String(res.headers['content-type'] ?? '')
  if (!type.startsWith('application/json')) return `${res.status} as ${type || 'no content type'}`
  let body: Record<string, unknown>
  try {
    body = JSON.parse(res.body) as Record<string, unknown>
  } catch {
    return `${res.status} with a body that is not JSON`
  }
  if (body.success !== false || body.error === undefined) return `${res.status} outside CKAN's error envelope`
  if (/\n\s+at .+:\d+:\d+/.test(res.body)) return `${res.status} with a stack trace`
  return undefined
}

/** Paths of the CKAN Action API, at the root or under the legacy prefix. */
export const isCkanApi = (url: string): boolean => /^(\/ckan)?\/api(\/|\?|$)/.test(url)

/** An inject() or fetch-like response as an Answer. */
export const answerOf = (res: { statusCode: number, headers: Record<string, unknown>, body: string }): Answer =>
  ({ status: res.statusCode, headers: res.headers as Answer['headers'], body: res.body })

/**
 * Sends raw bytes on a fresh connection and reads one HTTP/1.1 response (Content-Length framed, or up to
 * the close). For what no well-behaved client would send: broken encodings, oversized headers, bad chunks.
 */
export async function rawRequest (port: number, request: string | Buffer): Promise<Answer>
/** With `waitMs`: undefined when no answer came by then (a request the server still waits the rest of). */
export async function rawRequest (port: number, request: string | Buffer, waitMs: number): Promise<Answer | undefined>
export async function rawRequest (port: number, request: string | Buffer, waitMs?: number): Promise<Answer | undefined> {
  return await new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    if (waitMs !== undefined) {
      socket.setTimeout(waitMs, () => {
        if (settled) return
        settled = true
        socket.destroy()
        resolve(undefined)
      })
    }
    const chunks: Buffer[] = []
    let settled = false
    const finish = (atEnd = false): void => {
      if (settled) return
      const answer = parseResponse(Buffer.concat(chunks), atEnd)
      if (answer === undefined) return
      settled = true
      socket.destroy()
      resolve(answer)
    }
    socket.on('data', chunk => { chunks.push(chunk); finish() })
    socket.on('end', () => {
      finish(true)
      if (!settled) reject(new Error(`connection closed without a complete response: ${Buffer.concat(chunks).toString()}`))
    })
    // A reset after the server wrote its answer still leaves the answer to read.
    socket.on('error', err => { finish(true); if (!settled) reject(err) })
    socket.write(request)
  })
}

/** One complete response at the start of `data` (at the close, whatever body came), or undefined while more is needed. */
function parseResponse (data: Buffer, atEnd: boolean): Answer | undefined {
  const end = data.indexOf('\r\n\r\n')
  if (end < 0) return undefined
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const length = Number(headers['content-length'] ?? NaN)
  const body = data.subarray(end + 4)
  if (!atEnd && !(Number.isFinite(length) && body.length >= length)) return undefined
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, Number.isFinite(length) ? length : undefined).toString('utf8') }
}

/**
 * Every table a request could change, in one query (it runs after each write of the hostile suite):
 * compared before and after a refused write. Token use is left out: reads record it too.
 */
export async function snapshot (app: FastifyInstance): Promise<string> {
  const { rows } = await sql<{ tables: string }>`SELECT concat_ws('|',
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM publishers t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM licences t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM datasets t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM distributions t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM dataset_slug_aliases t),
    (SELECT string_agg(t::text, ',' ORDER BY t::text) FROM dataset_changes t),
    (SELECT string_agg((t.id, t.role, t.publisher_id, t.expires_at, t.revoked_at)::text, ',' ORDER BY t.id) FROM api_tokens t)
  ) AS tables`.execute(app.db)
  return rows[0]?.tables ?? ''
}
