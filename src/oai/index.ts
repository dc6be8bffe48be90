// OAI-PMH 2.0 at /oai (GET and form-encoded POST), for harvesters such as data.europa.eu's piveau.
// Protocol errors are OAI XML with HTTP 200, as the protocol requires, not problem+json.
// @see ../../../shared/notes/future-features.md §2.5–2.7
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import { parseRequest, singleValued, type RawArguments } from './arguments.js'
import { OaiError } from './errors.js'
import { PREFIXES } from './metadata.js'
import { answer, type VerbContext } from './verbs.js'
import { envelope, errorElement, OAI_XML_TYPE } from './xml.js'

export const DEFAULT_PAGE_SIZE = 100

const FORM = 'application/x-www-form-urlencoded'

const value = (description: string, example?: string) => Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], {
  description, ...(example === undefined ? {} : { examples: [example] })
}))

// Open to any argument: an illegal one must be answered with the protocol's badArgument, not a 400.
const OaiArguments = Type.Object({
  verb: value('Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords or GetRecord.', 'ListRecords'),
  metadataPrefix: value('`dcat_ap` (DCAT-AP RDF/XML) or `oai_dc` (Dublin Core).', 'dcat_ap'),
  identifier: value('`oai:<host>:<dataset id>`, for GetRecord and ListMetadataFormats.'),
  from: value('Records changed at or after this UTC instant: YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.'),
  until: value('Records changed at or before this UTC instant, same granularity as from.'),
  set: value('`publisher:<id>`, `theme:<code>`, or `publisher` / `theme` (see ListSets).'),
  resumptionToken: value('The token of the previous response, to get the next page of a list.')
}, { additionalProperties: true })

const xmlResponse = {
  description: 'An OAI-PMH 2.0 response (text/xml), protocol errors included (`<error code=…>`, still HTTP 200).',
  content: { 'text/xml': { schema: Type.String() } }
}

/** Identify's adminEmail: the configured one, else admin@ the public host. */
export function adminEmailOf (config: Pick<Config, 'oaiAdminEmail'>, host: string): string {
  // The OAI schema wants a dotted domain after the @.
  return config.oaiAdminEmail ?? `admin@${host.includes('.') ? host : `${host}.invalid`}`
}

const oai: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const host = new URL(config.publicUrl).hostname
  const ctx: VerbContext = {
    db: app.db,
    config,
    host,
    baseUrl: `${config.publicUrl}/oai`,
    adminEmail: adminEmailOf(config, host),
    pageSize: config.oaiPageSize ?? DEFAULT_PAGE_SIZE
  }

  app.addContentTypeParser(FORM, { parseAs: 'string' }, (request, body, done) => {
    const args: Record<string, string | string[]> = {}
    for (const [name, item] of new URLSearchParams(body as string)) {
      const current = args[name]
      args[name] = current === undefined ? item : [...(Array.isArray(current) ? current : [current]), item]
    }
    done(null, args)
  })

  async function send (reply: FastifyReply, raw: RawArguments): Promise<FastifyReply> {
    const now = new Date()
    let body: string
    let echo: Record<string, string> | null = null
    try {
      const request = parseRequest(raw, PREFIXES)
      echo = singleValued(raw)
      body = await answer(ctx, request)
    } catch (err) {
      if (!(err instanceof OaiError)) throw err
      if (err.malformed) echo = null
      body = errorElement(err.code, err.message)
    }
    return reply.type(OAI_XML_TYPE).header('cache-control', 'no-store').send(envelope(ctx.baseUrl, echo, body, now))
  }

  const description = 'OAI-PMH 2.0: Identify, ListMetadataFormats, ListSets, ListIdentifiers, ListRecords, GetRecord. ' +
    'Metadata prefixes `dcat_ap` (each dataset as DCAT-AP RDF/XML) and `oai_dc`; sets are publishers and data themes. ' +
    'Unpublished and deleted datasets are headers with `status="deleted"` while the change log keeps them (deletedRecord transient). ' +
    `Lists come ${ctx.pageSize} records at a time with a resumptionToken carrying completeListSize and cursor.`

  app.get('/oai', {
    schema: { tags: ['oai-pmh'], operationId: 'oaiPmh', summary: 'OAI-PMH 2.0 repository', description, querystring: OaiArguments, response: { 200: xmlResponse } }
  }, async (request, reply) => await send(reply, request.query as RawArguments))

  app.post('/oai', {
    schema: {
      tags: ['oai-pmh'],
      operationId: 'oaiPmhPost',
      summary: 'OAI-PMH 2.0 repository, arguments form-encoded',
      description,
      body: { content: { [FORM]: { schema: OaiArguments } } },
      response: { 200: xmlResponse }
    }
  }, async (request, reply) => await send(reply, request.body as RawArguments))
}

export default oai
