// Browser-facing safety: security headers for a JSON API (helmet) and CORS where any origin may read
// anonymously but only allow-listed origins may send a token (SPEC §5, config.corsCredentialsOrigins).
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import cors, { type FastifyCorsOptions } from '@fastify/cors'
import type { FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import { TUS_REQUEST_HEADERS, TUS_RESPONSE_HEADERS } from '../tus/protocol.js'

/** JSON never needs to load or frame anything. */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] }

/** Swagger UI at /docs loads its own scripts and styles (with inline style attributes) and fetches the contract. */
const DOCS_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"]
}

const READ_METHODS = ['GET', 'HEAD']
const WRITE_METHODS = [...READ_METHODS, 'POST', 'PUT', 'PATCH', 'DELETE']
const REQUEST_HEADERS = ['Accept', 'Content-Type', 'If-Match', 'If-None-Match', 'If-Modified-Since', 'Range', 'X-Request-Id', ...TUS_REQUEST_HEADERS]
/** What reusers' applications need to read: caching, paging, rate limits, downloads. */
const EXPOSED_HEADERS = [
  'ETag', 'Last-Modified', 'Link', 'Location', 'Content-Disposition', 'Content-Range', 'Accept-Ranges',
  'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'X-Request-Id', ...TUS_RESPONSE_HEADERS
]

// Not strict: an OPTIONS without Origin gets a 204 too, rather than a plain-text 400 outside the problem format.
const COMMON: FastifyCorsOptions = { exposedHeaders: EXPOSED_HEADERS, maxAge: 600, strictPreflight: false }
/** Anonymous reads from anywhere; without Authorization in the allowed headers, browsers never send a token. */
const ANONYMOUS: FastifyCorsOptions = { ...COMMON, origin: '*', methods: READ_METHODS, allowedHeaders: REQUEST_HEADERS }

export default fp<{ config: Config }>(async function security (app, { config }) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    // Open data: files and JSON may be embedded or fetched from any site.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    frameguard: { action: 'deny' }
  })
  // Registered before the openapi plugin, so the /docs routes it adds get the page-friendly policy.
  app.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = Object.assign({}, route.config, { helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } } })
    }
  })

  const trusted = new Set(config.corsCredentialsOrigins)
  const credentialed: FastifyCorsOptions = {
    ...COMMON,
    // Reflected origin: `*` cannot be used with credentials.
    origin: true,
    credentials: true,
    methods: WRITE_METHODS,
    allowedHeaders: [...REQUEST_HEADERS, 'Authorization']
  }
  if (trusted.size === 0) {
    await app.register(cors, ANONYMOUS)
  } else {
    await app.register(cors, {
      delegator: (request: FastifyRequest, callback: (err: Error | null, options: FastifyCorsOptions) => void) => {
        callback(null, trusted.has(request.headers.origin ?? '') ? credentialed : ANONYMOUS)
      }
    })
  }
}, { name: 'security' })
