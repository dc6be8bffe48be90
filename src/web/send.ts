// Sending a page: HTML with its charset, Vary: Accept (the same URI serves JSON and RDF), a policy that
// lets no script run, and the strong validators every resource has.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { etagOfText, notModified } from '../http/conditional.js'
import type { Html } from './html.js'
import { STYLE_HASH } from './layout.js'

/** No script, no frame, no plugin; only the pages' own style; forms only to this site. */
export function pageCsp (publicUrl: string): string {
  return `default-src 'none'; style-src ${STYLE_HASH}; form-action 'self' ${new URL(publicUrl).origin}; ` +
    "base-uri 'none'; frame-ancestors 'none'"
}

/** Vary with `name` added once. */
export function varyWith (current: unknown, name: string): string {
  const names = String(current ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '')
  return names.some((n) => n.toLowerCase() === name.toLowerCase()) ? names.join(', ') : [...names, name].join(', ')
}

export function pageHeaders (reply: FastifyReply, publicUrl: string): FastifyReply {
  return reply.type('text/html; charset=utf-8')
    .header('vary', varyWith(reply.getHeader('vary'), 'Accept'))
    .header('content-security-policy', pageCsp(publicUrl))
}

/**
 * The page, or 304 when the client's copy is current. Pages made of many resources (lists) have no
 * single date to give: `lastModified` null, and only their ETag validates.
 */
export function sendPage (request: FastifyRequest, reply: FastifyReply, body: Html, lastModified: Date | null): FastifyReply {
  pageHeaders(reply, request.server.feedConfig.publicUrl)
  const etag = etagOfText(body.text)
  if (lastModified !== null) {
    if (notModified(request, reply, etag, lastModified)) return reply.send()
  } else {
    reply.header('etag', etag)
    if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag) === true) return reply.code(304).send()
  }
  return reply.send(body.text)
}
