// Every request an import makes to its source: bounded in time and size, retried on the failures that
// pass (5xx, 429, timeouts, resets), and turned into one SourceError with a reason a person can act on.
import type { Writable } from 'node:stream'

/** The source answered something the import cannot use; the message is the reason the report gives. */
export class SourceError extends Error {
  override name = 'SourceError'
}

export interface HttpLimits {
  /** Per request, headers and body included. */
  timeoutMs: number
  /** Largest JSON or RDF document read into memory. */
  maxDocumentBytes: number
  /** Largest file downloaded into storage. */
  maxFileBytes: number
  /** Further attempts after a failure that may pass. */
  retries: number
  /** First pause between attempts; doubled each time. */
  retryDelayMs: number
}

export const DEFAULT_LIMITS: HttpLimits = {
  timeoutMs: 30_000,
  maxDocumentBytes: 64 * 1024 * 1024,
  maxFileBytes: 5 * 1024 ** 3,
  retries: 2,
  retryDelayMs: 500
}

export interface Document {
  body: string
  /** Media type without parameters, lower case ('' when absent). */
  contentType: string
  /** The URL after redirects. */
  url: string
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504])

class Retryable extends SourceError {}

export class SourceHttp {
  requests = 0
  readonly #fetch: typeof globalThis.fetch
  readonly #signal: AbortSignal | undefined
  readonly limits: HttpLimits

  constructor (fetchFn: typeof globalThis.fetch, limits: HttpLimits, signal?: AbortSignal) {
    this.#fetch = fetchFn
    this.limits = limits
    this.#signal = signal
  }

  /** A whole document (JSON or RDF), read as UTF-8 text within the size cap. */
  async document (url: string, headers: Record<string, string> = {}): Promise<Document> {
    return await this.#withRetries(url, async () => {
      const { response, signal } = await this.#get(url, headers)
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      const declared = Number(response.headers.get('content-length') ?? NaN)
      if (declared > this.limits.maxDocumentBytes) {
        await response.body?.cancel().catch(() => {})
        throw new SourceError(`${url} is ${declared} bytes, more than the ${this.limits.maxDocumentBytes} an import reads`)
      }
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of bodyOf(response, url, signal)) {
        size += chunk.length
        if (size > this.limits.maxDocumentBytes) throw new SourceError(`${url} is larger than the ${this.limits.maxDocumentBytes} bytes an import reads`)
        chunks.push(chunk)
      }
      return { body: Buffer.concat(chunks).toString('utf8'), contentType, url: response.url || url }
    })
  }

  /** A JSON document; HTML or anything else that does not parse is a SourceError that says so. */
  async json (url: string, headers: Record<string, string> = {}): Promise<unknown> {
    const doc = await this.document(url, { accept: 'application/json', ...headers })
    try {
      return JSON.parse(doc.body)
    } catch {
      const looksHtml = /^\s*</.test(doc.body)
      throw new SourceError(`${url} answered ${looksHtml ? 'HTML' : `${doc.contentType || 'a body'}`} instead of JSON`)
    }
  }

  /**
   * Streams a file into `sink` (which the caller discards on failure); the body is cut off past the
   * file cap. Not retried: a half-written sink cannot be rewound, and the next run completes it.
   */
  async download (url: string, sink: Writable, headers: Record<string, string> = {}): Promise<void> {
    const { response, signal } = await this.#get(url, headers)
    let size = 0
    for await (const chunk of bodyOf(response, url, signal)) {
      size += chunk.length
      if (size > this.limits.maxFileBytes) throw new SourceError(`${url} is larger than the ${this.limits.maxFileBytes} bytes an import stores`)
      if (!sink.write(chunk)) await new Promise<void>((resolve, reject) => { sink.once('drain', resolve); sink.once('error', reject) })
    }
    await new Promise<void>((resolve, reject) => { sink.once('error', reject); sink.end(resolve) })
  }

  async #get (url: string, headers: Record<string, string>): Promise<{ response: Response, signal: AbortSignal }> {
    const signals = [AbortSignal.timeout(this.limits.timeoutMs)]
    if (this.#signal !== undefined) signals.push(this.#signal)
    const signal = AbortSignal.any(signals)
    this.requests++
    let response: Response
    try {
      response = await this.#fetch(url, { headers: { 'user-agent': 'Bastille-importer', ...headers }, signal, redirect: 'follow' })
    } catch (err) {
      throw failure(url, err, signal)
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {})
      const message = `${url} answered HTTP ${response.status}`
      throw RETRYABLE_STATUS.has(response.status) ? new Retryable(message) : new SourceError(message)
    }
    return { response, signal }
  }

  async #withRetries<T> (url: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt()
      } catch (err) {
        if (!(err instanceof Retryable) || n >= this.limits.retries || this.#signal?.aborted === true) {
          throw err instanceof SourceError ? new SourceError(err.message) : err
        }
        await new Promise(resolve => setTimeout(resolve, this.limits.retryDelayMs * 2 ** n))
      }
    }
  }
}

/** The body as Buffers; a stream cut by the timeout or the network becomes a retryable SourceError. */
async function * bodyOf (response: Response, url: string, signal: AbortSignal): AsyncGenerator<Buffer> {
  if (response.body === null) return
  try {
    for await (const chunk of response.body) yield Buffer.from(chunk)
  } catch (err) {
    throw failure(url, err, signal)
  }
}

function failure (url: string, err: unknown, signal: AbortSignal): Error {
  if (signal.aborted) {
    const reason: unknown = signal.reason
    if (reason instanceof DOMException && reason.name === 'TimeoutError') return new Retryable(`${url} did not answer in time`)
    return reason instanceof Error ? reason : new Error('aborted')
  }
  const cause = (err as { cause?: { code?: string, message?: string } }).cause
  return new Retryable(`${url} could not be read: ${cause?.code ?? cause?.message ?? (err as Error).message}`)
}
