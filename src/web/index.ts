// Pages for people and search engines (issue 18): the home page, sitemap and robots.txt, and errors as
// pages for browsers. Dataset, publisher and catalogue URIs hand over to handlers.ts from their routes.
import fp from 'fastify-plugin'
import { prefersHtml } from './negotiate.js'
import { errorPage } from './pages/error.js'
import { pageHeaders, varyWith } from './send.js'
import routes from './routes.js'

export default fp(async function web (app) {
  const config = app.feedConfig
  // A problem to a GET is worded by Accept: a page for a browser, problem+json otherwise, on any URL.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 || reply.statusCode >= 500 || (request.method !== 'GET' && request.method !== 'HEAD')) return payload
    if (!String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json')) return payload
    reply.header('vary', varyWith(reply.getHeader('vary'), 'Accept'))
    if (!prefersHtml(request.headers.accept)) return payload
    pageHeaders(reply, config.publicUrl)
    reply.removeHeader('content-length')
    return errorPage(reply.statusCode, config.catalog.title, config.publicUrl).text
  })
  await app.register(routes)
}, { name: 'web', dependencies: ['feed-config'] })
