// The URLs that exist only for people and search engines: the home page, the sitemap and robots.txt.
// The resources' own URIs (/datasets/…, /publishers/…, /catalog) hand over to handlers.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { NotAcceptableError, NotFoundError } from '../errors.js'
import { etagOfText } from '../http/conditional.js'
import { NotModified, problems } from '../schemas/common.js'
import { sendHomePage } from './handlers.js'
import { acceptsHtml } from './negotiate.js'
import { listPublisherEntries, SITEMAP_LIMIT, sitemapBlocks, sitemapDatasets } from './queries.js'
import { robotsTxt, sitemapIndex, urlset, type SitemapEntry } from './sitemap.js'

const Xml = { description: 'sitemaps.org XML', content: { 'application/xml': { schema: Type.String() } } }

/** A text document with a strong ETag; 304 when the client has it. */
function sendText (request: FastifyRequest, reply: FastifyReply, type: string, body: string): FastifyReply {
  const etag = etagOfText(body)
  reply.type(type).header('etag', etag)
  if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag) === true) return reply.code(304).send()
  return reply.send(body)
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicUrl } = app.feedConfig
  const datasetEntries = async (block: number | null): Promise<SitemapEntry[]> =>
    (await sitemapDatasets(app.db, block)).map((d) => ({ loc: `${publicUrl}/datasets/${d.id}`, lastModified: d.lastModified }))
  const publisherEntries = async (): Promise<SitemapEntry[]> => [
    { loc: `${publicUrl}/` },
    ...(await listPublisherEntries(app.db)).map((p) => ({ loc: `${publicUrl}/publishers/${encodeURIComponent(p.id)}`, lastModified: p.lastChange }))
  ]

  app.get('/', {
    schema: {
      tags: ['pages'],
      operationId: 'getHome',
      summary: 'The catalogue’s home page (HTML)',
      description: 'A search box, the latest datasets and the publishers. HTML only: 406 for an Accept without it.',
      response: { 200: { description: 'The page.', content: { 'text/html': { schema: Type.String() } } }, 304: NotModified, ...problems(406) }
    }
  }, async (request, reply) => {
    reply.header('vary', 'Accept')
    if (!acceptsHtml(request.headers.accept)) throw new NotAcceptableError('text/html')
    return sendHomePage(request, reply)
  })

  app.get('/sitemap.xml', {
    schema: {
      tags: ['pages'],
      operationId: 'getSitemap',
      summary: 'The sitemap of the pages: home, publishers, published datasets',
      description: `One urlset up to ${SITEMAP_LIMIT} URLs; beyond, a sitemap index of \`/sitemaps/publishers.xml\` and \`/sitemaps/datasets-{n}.xml\`.`,
      response: { 200: Xml, 304: NotModified }
    }
  }, async (request, reply) => {
    const [blocks, publishers] = await Promise.all([sitemapBlocks(app.db), publisherEntries()])
    const datasets = blocks.reduce((sum, block) => sum + block.count, 0)
    if (blocks.length <= 1 && publishers.length + datasets <= SITEMAP_LIMIT) {
      return sendText(request, reply, 'application/xml; charset=utf-8', urlset([...publishers, ...await datasetEntries(null)]))
    }
    return sendText(request, reply, 'application/xml; charset=utf-8', sitemapIndex([
      { loc: `${publicUrl}/sitemaps/publishers.xml` },
      ...blocks.map((block) => ({ loc: `${publicUrl}/sitemaps/datasets-${block.block}.xml`, lastModified: block.lastModified }))
    ]))
  })

  app.get('/sitemaps/publishers.xml', {
    schema: { tags: ['pages'], operationId: 'getPublishersSitemap', summary: 'The sitemap of the home page and the publishers', response: { 200: Xml, 304: NotModified } }
  }, async (request, reply) => sendText(request, reply, 'application/xml; charset=utf-8', urlset(await publisherEntries())))

  app.get('/sitemaps/datasets-:block.xml', {
    schema: {
      tags: ['pages'],
      operationId: 'getDatasetsSitemap',
      summary: 'One sitemap of published datasets, as listed by the sitemap index',
      params: Type.Object({ block: Type.String({ pattern: '^(0|[1-9][0-9]{0,9})$', description: 'The number the index gives.' }) }, { additionalProperties: false }),
      response: { 200: Xml, 304: NotModified, ...problems(400, 404) }
    }
  }, async (request, reply) => {
    const entries = await datasetEntries(Number(request.params.block))
    if (entries.length === 0) throw new NotFoundError('Sitemap', `datasets-${request.params.block}.xml`)
    return sendText(request, reply, 'application/xml; charset=utf-8', urlset(entries))
  })

  app.get('/robots.txt', {
    schema: {
      tags: ['pages'],
      operationId: 'getRobots',
      summary: 'robots.txt: everything may be crawled; where the sitemap is',
      response: { 200: { description: 'robots.txt', content: { 'text/plain': { schema: Type.String() } } }, 304: NotModified }
    }
  }, async (request, reply) => sendText(request, reply, 'text/plain; charset=utf-8', robotsTxt(publicUrl)))
}

export default routes
