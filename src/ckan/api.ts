// The Action API under one root ('' or the legacy prefix): /api, /api/3, /api[/3]/action/{name}, GET and
// POST, with CKAN's body forms and error envelope in this scope only. Never a redirect.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import type { BodyCache, RenderedBody } from '../http/body-cache.js'
import { actionNamed } from './actions/index.js'
import { CkanError, internalError, unknownAction } from './errors.js'
import type { ActionInput } from './params.js'
import { Registry } from './registry.js'
import { CkanEnvelope, CkanError as CkanErrorSchema } from './schemas.js'
import { parseBody, sendEnvelope } from './transport.js'

export interface ApiOptions {
  config: Config
  root: string
  /** package_show's serialised dicts, by the id or name asked for. */
  packages: BodyCache<RenderedBody>
}

const Params = Type.Object({ name: Type.String({ maxLength: 100, description: 'The action, e.g. `package_search`.', examples: ['package_show'] }) })
/** Any parameter: each action checks its own, as CKAN does. */
const Query = Type.Object({}, { additionalProperties: true })

/** A Fastify error (body too large, bad content) in CKAN's terms: 4xx as a bad request, anything else hidden. */
function asCkanError (err: FastifyError): CkanError {
  if (err instanceof CkanError) return err
  const status = err.statusCode ?? 500
  if (status >= 400 && status < 500) return new CkanError(status, `Bad request - ${err.message}`)
  return internalError()
}

const api: FastifyPluginAsyncTypebox<ApiOptions> = async (app, { config, root, packages }) => {
  const siteUrl = `${config.publicUrl}${root}`
  const help = (name: string) => `${siteUrl}/api/3/action/help_show?name=${encodeURIComponent(name)}`
  const dto = { publicUrl: config.publicUrl, landingPageTemplate: config.landingPageTemplate }

  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    try {
      done(null, parseBody(body as string, request.headers['content-type']))
    } catch (err) {
      done(err as Error, undefined)
    }
  })
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const error = asCkanError(err)
    if (error.statusCode >= 500) request.log.error({ err }, 'CKAN action failed')
    else request.log.info({ err: { message: error.message } }, 'CKAN action rejected')
    const name = (request.params as { name?: string }).name ?? ''
    return sendEnvelope(request, reply, error.statusCode, { help: help(name), success: false, error: error.error })
  })
  // Browsers preflight POSTs of JSON; the anonymous CORS policy allows only reads elsewhere.
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'OPTIONS') reply.header('access-control-allow-methods', 'GET, POST, OPTIONS')
  })

  async function run (request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply, input: ActionInput) {
    const name = request.params.name
    const action = actionNamed(name)
    if (action === undefined) throw unknownAction(name)
    const result = await action({ db: app.db, registry: new Registry(app.db), dto, config, siteUrl, packages }, input)
    return sendEnvelope(request, reply, 200, { help: help(name), success: true, result })
  }

  const hide = root !== ''
  const described = (method: 'GET' | 'POST', version: string) => ({
    tags: ['ckan'],
    hide,
    operationId: `ckanAction${method === 'GET' ? 'Get' : 'Post'}${version === '' ? '' : 'V3'}`,
    summary: `CKAN Action API${version === '' ? '' : ' v3'} (${method})`,
    description: 'A read-only CKAN Action API over the published datasets: package_search, package_show, package_list, ' +
      'current_package_list_with_resources, resource_show, organization_list, organization_show, group_list, group_show, tag_list, ' +
      'license_list, status_show, site_read, help_show. ' +
      (method === 'GET' ? 'Parameters in the query string; `callback` wraps a successful answer as JSONP.' : 'Parameters as a JSON object, a form body or nothing.') +
      ` Also served under the legacy prefix (${config.ckanLegacyPrefix ?? '/ckan'}). Errors use CKAN's envelope, not problem+json.`,
    params: Params,
    ...(method === 'GET' ? { querystring: Query } : {}),
    response: { 200: CkanEnvelope, 304: Type.Null({ description: 'Not modified' }), '4xx': CkanErrorSchema }
  })

  for (const version of ['', '/3']) {
    const url = `/api${version}/action/:name`
    app.get(url, { schema: described('GET', version) }, async (request, reply) => run(request, reply, request.query as ActionInput))
    app.post(url, { schema: described('POST', version) }, async (request, reply) => run(request, reply, (request.body ?? {}) as ActionInput))
    app.options(url, { schema: { hide: true } }, async (_request, reply) => reply.code(204).send())
  }
  for (const [url, version] of [['/api', 1], ['/api/3', 3]] as const) {
    app.get(url, {
      schema: {
        tags: ['ckan'],
        hide,
        operationId: `ckanApiVersion${version}`,
        summary: `CKAN API version probe (${version})`,
        response: { 200: Type.Object({ version: Type.Literal(version) }) }
      }
    }, async (request, reply) => sendEnvelope(request, reply, 200, { version }))
  }
}

export default api
