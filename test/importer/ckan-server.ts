// A CKAN site on loopback for the importer's tests: the read actions an importer calls, in CKAN's
// envelope and status codes (ckan-compat §1.2), the files the site hosts, mountable under /ckan, with a
// hook to misbehave. Its data is a plain object the test may change between runs.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import type { Dict, Site } from '../fixtures/ckan/site.js'

export interface CkanServerOptions {
  /** Where the site is mounted, e.g. `/ckan`; '' by default. */
  prefix?: string
  /** The API token that reveals private datasets and their files. */
  token?: string
  /** Answers instead of the site when it returns true (500s, HTML, silence…). */
  intercept?: (request: IncomingMessage, response: ServerResponse, action: string | null) => boolean | Promise<boolean>
}

export interface CkanServer {
  /** The host root (what an operator would type). */
  url: string
  /** Where the site is mounted. */
  siteUrl: string
  site: Site
  /** Every request, as `GET /path?query`. */
  requests: string[]
  count: (action: string) => number
}

function send (response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': Buffer.byteLength(text) })
  response.end(text)
}

const ok = (response: ServerResponse, action: string, result: unknown): void => {
  send(response, 200, { help: `http://ckan/api/3/action/help_show?name=${action}`, success: true, result })
}
const notFound = (response: ServerResponse): void => { send(response, 404, { help: '', success: false, error: { __type: 'Not Found Error', message: 'Not found' } }) }
const denied = (response: ServerResponse): void => { send(response, 403, { help: '', success: false, error: { __type: 'Authorization Error', message: 'Access denied' } }) }

const isPublic = (pkg: Dict): boolean => pkg.private !== true && pkg.state === 'active'

export async function serveCkan (t: Test, build: (siteUrl: string) => Site, options: CkanServerOptions = {}): Promise<CkanServer> {
  const prefix = options.prefix ?? ''
  const requests: string[] = []
  const state: { site?: Site } = {}
  const server = createServer((request, response) => {
    handle(request, response).catch(err => { response.destroy(err as Error) })
  })
  const authorised = (request: IncomingMessage): boolean => options.token !== undefined && request.headers.authorization === options.token

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    requests.push(`${request.method ?? 'GET'} ${request.url ?? ''}`)
    const url = new URL(request.url ?? '/', 'http://localhost')
    const match = url.pathname.startsWith(`${prefix}/api/3/action/`) ? url.pathname.slice(`${prefix}/api/3/action/`.length) : null
    if (options.intercept !== undefined && await options.intercept(request, response, match)) return
    // The hook may rewrite the request's URL.
    url.search = new URL(request.url ?? '/', 'http://localhost').search
    if (match === null) {
      const file = state.site!.files.get(url.pathname)
      if (file === undefined) {
        response.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not found</body></html>')
        return
      }
      // A private dataset's files need the token, as on CKAN.
      const owner = state.site!.packages.find(p => url.pathname.includes(`/dataset/${String(p.id)}/`))
      if (owner !== undefined && !isPublic(owner) && !authorised(request)) {
        response.writeHead(403).end()
        return
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length }).end(file)
      return
    }
    answer(request, response, match, url.searchParams)
  }

  function answer (request: IncomingMessage, response: ServerResponse, action: string, params: URLSearchParams): void {
    const s = state.site!
    const byIdOrName = (list: Dict[]) => list.find(item => item.id === params.get('id') || item.name === params.get('id'))
    const page = (names: string[]) => {
      const offset = Number(params.get('offset') ?? 0)
      const limit = Number(params.get('limit') ?? 1000)
      return names.slice(offset, offset + limit)
    }
    switch (action) {
      case 'status_show':
        return ok(response, action, { site_title: 'Test CKAN', site_url: 'http://ckan', ckan_version: '2.10.0', extensions: ['datastore', 'dcat'] })
      case 'package_list':
        return ok(response, action, s.packages.filter(isPublic).map(p => p.name).sort())
      case 'package_search': {
        const withPrivate = authorised(request) && params.get('include_private') === 'true'
        const since = /metadata_modified:\[(\S+) TO \*\]/.exec(params.get('fq') ?? '')?.[1]?.replace(/Z$/, '')
        const matching = s.packages
          .filter(p => p.state === 'active' && (withPrivate || p.private !== true))
          .filter(p => since === undefined || p.metadata_modified >= since)
          .sort((a, b) => a.id < b.id ? -1 : 1)
        const start = Number(params.get('start') ?? 0)
        const rows = Math.min(Number(params.get('rows') ?? 10), 1000)
        return ok(response, action, { count: matching.length, sort: params.get('sort'), facets: {}, search_facets: {}, results: matching.slice(start, start + rows) })
      }
      case 'package_show': {
        const pkg = byIdOrName(s.packages)
        if (pkg === undefined || pkg.state === 'deleted') return notFound(response)
        if (!isPublic(pkg) && !authorised(request)) return denied(response)
        return ok(response, action, pkg)
      }
      case 'organization_list':
        return ok(response, action, page(s.organizations.map(o => o.name).sort()))
      case 'organization_show': {
        const org = byIdOrName(s.organizations)
        return org === undefined ? notFound(response) : ok(response, action, org)
      }
      case 'group_list':
        return ok(response, action, page(s.groups.map(g => g.name).sort()))
      case 'group_show': {
        const group = byIdOrName(s.groups)
        return group === undefined ? notFound(response) : ok(response, action, group)
      }
      case 'license_list':
        return ok(response, action, s.licences)
      default:
        return send(response, 400, { help: '', success: false, error: `Bad request - Action name not known: ${action}` })
    }
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const site = build(`${url}${prefix}`)
  state.site = site
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  })
  return {
    url,
    siteUrl: `${url}${prefix}`,
    site,
    requests,
    count: action => requests.filter(r => r.includes(`/api/3/action/${action}`)).length
  }
}
