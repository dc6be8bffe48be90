// The CKAN Action API as an importer reads it: found under the URL given or under `/ckan`, every answer
// checked for CKAN's envelope (`success: true`), whatever the HTTP status (ckan-compat §1.2, §3.1).
import { SourceError, type SourceHttp } from '../http.js'

export type Params = Record<string, string | number | boolean>

export class CkanApi {
  readonly #http: SourceHttp
  /** The site root, without a trailing slash: `https://host` or `https://host/ckan`. */
  readonly site: string
  readonly #headers: Record<string, string>

  constructor (http: SourceHttp, site: string, token?: string) {
    this.#http = http
    this.site = site
    // CKAN 2.10 API tokens go in Authorization; older sites read X-CKAN-API-Key.
    this.#headers = token === undefined ? {} : { authorization: token, 'x-ckan-api-key': token }
  }

  /** Tries `{url}/api/3/action/status_show`, then the same under `/ckan`; the first CKAN answer wins. */
  static async discover (http: SourceHttp, url: string, token?: string): Promise<CkanApi> {
    let root: URL
    try {
      root = new URL(url)
    } catch {
      throw new SourceError(`${url} is not a URL`)
    }
    if (root.protocol !== 'http:' && root.protocol !== 'https:') throw new SourceError(`${url} is not an http(s) URL`)
    const base = `${root.origin}${root.pathname}`.replace(/\/+$/, '').replace(/\/api(\/3)?(\/action(\/[^/]*)?)?$/, '')
    const candidates = base.endsWith('/ckan') ? [base] : [base, `${base}/ckan`]
    const reasons: string[] = []
    for (const site of candidates) {
      const api = new CkanApi(http, site, token)
      try {
        await api.action('status_show')
        return api
      } catch (err) {
        if (!(err instanceof SourceError)) throw err
        reasons.push(err.message)
      }
    }
    throw new SourceError(`No CKAN Action API found: ${reasons.join('; ')}`)
  }

  /** The `result` of a GET action call; anything but CKAN's success envelope is a SourceError. */
  async action<T = unknown> (name: string, params: Params = {}): Promise<T> {
    const query = new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]))
    const url = `${this.site}/api/3/action/${name}${query.size > 0 ? `?${query.toString()}` : ''}`
    const body = await this.#http.json(url, this.#headers)
    if (typeof body !== 'object' || body === null || !('success' in body)) throw new SourceError(`${url} did not answer with CKAN's envelope`)
    const envelope = body as { success: unknown, result?: unknown, error?: { __type?: string, message?: string } }
    if (envelope.success !== true) {
      const error = envelope.error
      throw new SourceError(`${name} failed: ${error?.__type ?? 'error'}${error?.message === undefined ? '' : `: ${error.message}`}`)
    }
    return envelope.result as T
  }

  /** Headers for a download: the token only when the file is on the CKAN site itself. */
  headersFor (url: string): Record<string, string> {
    try {
      return new URL(url).origin === new URL(this.site).origin ? this.#headers : {}
    } catch {
      return {}
    }
  }
}
