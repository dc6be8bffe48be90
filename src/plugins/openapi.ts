// The OpenAPI 3.1 contract, generated from the route schemas, and a browsable page at /docs.
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { Config } from '../config.js'

export const TAGS = [
  { name: 'datasets', description: 'Search, read and publish datasets' },
  { name: 'distributions', description: 'Files and links of a dataset' },
  { name: 'uploads', description: 'Resumable uploads (tus 1.0) of a distribution\'s file' },
  { name: 'publishers', description: 'The public bodies that publish on the portal' },
  { name: 'licences', description: 'The licence registry' },
  { name: 'vocabularies', description: 'EU reference vocabularies (themes, frequencies, file types…)' },
  { name: 'tokens', description: 'API tokens for publishers’ scripts' },
  { name: 'catalog', description: 'The DCAT-AP 3 feed for harvesters' },
  { name: 'ckan', description: 'CKAN Action API (read-only) and the old portal\'s URLs, for clients of the CKAN this portal replaced' },
  { name: 'quality', description: 'Metadata quality scores (data.europa.eu MQA) and what to fix' },
  { name: 'harvesting', description: 'Towns’ own catalogues (CKAN, DCAT) harvested on a schedule into their publisher' },
  { name: 'oai-pmh', description: 'OAI-PMH 2.0 repository for data.europa.eu and other harvesters (DCAT-AP RDF/XML and Dublin Core)' },
  { name: 'webhooks', description: 'Signed change events POSTed to your endpoints (Standard Webhooks 1.0)' },
  { name: 'pages', description: 'Pages for people and search engines: HTML, sitemap, robots.txt' },
  { name: 'health', description: 'Probes for load balancers' },
  { name: 'docs', description: 'This contract' }
]

export default fp<{ config: Config }>(async function openapi (app, { config }) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Bastille',
        version: '1.0.0',
        description: 'Open-data catalogue API: publishers, datasets, distributions and licences as JSON, and the catalogue as DCAT-AP 3 RDF.',
        license: { name: 'MIT', identifier: 'MIT' }
      },
      servers: [{ url: config.publicUrl }],
      tags: TAGS,
      // Reads are anonymous; a token shows a publisher its drafts. Write routes require `bearer`.
      security: [{}, { bearer: [] }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`bst_…`)' } }
      }
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } })
  app.get('/openapi.json', {
    schema: { tags: ['docs'], operationId: 'getOpenapi', summary: 'The OpenAPI 3.1 contract of this API' }
  }, async () => app.swagger())
}, { name: 'openapi' })
