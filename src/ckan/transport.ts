// CKAN's transport (ckan-compat.md §1.1, §1.2): body forms, the {help, success, result} envelope, JSONP
// on successful GETs only, and a strong ETag (CKAN has none) with 304.
import { parse as parseQuery } from 'node:querystring'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { etagOfText } from '../http/conditional.js'
import { badRequest } from './errors.js'
import type { ActionInput } from './params.js'

/**
 * A POST body as CKAN reads it: empty is `{}`; a JSON object; a form body, or a form body whose single key is
 * a JSON document (jQuery's old style). Anything else is a 400 "JSON Error".
 */
export function parseBody (body: string, contentType: string | undefined): ActionInput {
  const trimmed = body.trim()
  if (trimmed === '') return {}
  const json = (contentType ?? '').includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')
  if (json) return jsonObject(trimmed)
  const form = parseQuery(body) as Record<string, string | string[]>
  const keys = Object.keys(form)
  if (keys.length === 1 && keys[0]!.trim().startsWith('{') && (form[keys[0]!] === '' || form[keys[0]!] === '1')) return jsonObject(keys[0]!)
  return form
}

function jsonObject (text: string): ActionInput {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw badRequest(`JSON Error: ${(err as Error).message}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('JSON Error: Request data JSON decoded to a non-object')
  }
  return value as ActionInput
}

/** A JSONP callback name, or null when there is none or it is not a plain identifier path. */
function callbackName (request: FastifyRequest): string | null {
  if (request.method !== 'GET') return null
  const value = (request.query as Record<string, unknown>).callback
  return typeof value === 'string' && /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(value) && value.length <= 100 ? value : null
}

function matches (header: string | undefined, etag: string): boolean {
  return header !== undefined && header.split(',').some(tag => {
    const t = tag.trim()
    return t === '*' || t === etag || t === `W/${etag}`
  })
}

/** An action's result serialised beforehand (a cached package dict): put into the envelope as it is. */
export class SerializedResult {
  constructor (readonly json: string) {}
}

function envelopeJson (envelope: Record<string, unknown>): string {
  const { result, ...rest } = envelope
  if (!(result instanceof SerializedResult)) return JSON.stringify(envelope)
  return `${JSON.stringify(rest).slice(0, -1)},"result":${result.json}}`
}

/** Sends a CKAN envelope: JSONP when a GET asked for it and succeeded, 304 when the client's copy is current. */
export function sendEnvelope (request: FastifyRequest, reply: FastifyReply, status: number, envelope: Record<string, unknown>): FastifyReply {
  const json = envelopeJson(envelope)
  const callback = status === 200 ? callbackName(request) : null
  // `/**/` keeps a callback from starting a file some plugin would take for another format.
  const body = callback === null ? json : `/**/${callback}(${json});`
  reply.code(status).type(callback === null ? 'application/json;charset=utf-8' : 'application/javascript;charset=utf-8')
  if (status !== 200) return reply.send(body)
  const etag = etagOfText(body)
  reply.header('etag', etag)
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send()
  return reply.send(body)
}
