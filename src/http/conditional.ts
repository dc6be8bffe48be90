// Validators (strong ETag, Last-Modified) and conditional requests for single resources (RFC 9110 §13).
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { PreconditionFailedError } from '../errors.js'

/** A strong ETag over the JSON representation: it changes exactly when the body does. */
export function etagOf (body: unknown): string {
  return etagOfText(JSON.stringify(body))
}

/** A strong ETag over a body already rendered. */
export function etagOfText (body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
}

function matches (header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header.split(',').map(tag => tag.trim()).some(tag => tag === '*' || tag === etag || tag === `W/${etag}`)
}

/**
 * Sets ETag and Last-Modified and answers 304 when the client's copy is current.
 * @returns true when a 304 was prepared and the body must not be sent.
 */
export function notModified (request: FastifyRequest, reply: FastifyReply, etag: string, lastModified: Date): boolean {
  reply.header('etag', etag).header('last-modified', lastModified.toUTCString())
  const ifNoneMatch = request.headers['if-none-match']
  if (ifNoneMatch !== undefined) {
    if (!matches(ifNoneMatch, etag)) return false
  } else {
    const since = Date.parse(request.headers['if-modified-since'] ?? '')
    if (Number.isNaN(since) || Math.floor(lastModified.getTime() / 1000) * 1000 > since) return false
  }
  reply.code(304)
  return true
}

/** Sends a JSON resource with its validators, or 304. */
export function sendResource<T> (request: FastifyRequest, reply: FastifyReply, body: T, lastModified: Date): FastifyReply {
  if (notModified(request, reply, etagOf(body), lastModified)) return reply.send()
  return reply.send(body)
}

/** Throws 412 when the request's If-Match does not name the current representation. */
export function checkIfMatch (request: FastifyRequest, currentEtag: string | null): void {
  const ifMatch = request.headers['if-match']
  if (ifMatch === undefined) return
  if (currentEtag === null || !matches(ifMatch, currentEtag)) throw new PreconditionFailedError(ifMatch)
}
