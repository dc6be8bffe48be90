// Every error, 404 included, leaves as RFC 9457 application/problem+json; 5xx details stay in the log.
// Fastify's own early answers (bad URL encoding, over-long path parameters) and Node's refusals of
// unparsable requests (oversized headers, broken chunking) take the same shape: see server-options.ts.
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import fp from 'fastify-plugin'
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { RouteNotFoundError, type FieldError } from '../errors.js'
import { RETRY_AFTER_SECONDS } from './database-guard.js'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  460: 'Checksum Mismatch',
  500: 'Internal Server Error',
  503: 'Service Unavailable'
}

function validationErrors (err: FastifyError): FieldError[] | undefined {
  if (!err.validation) return undefined
  const part = err.validationContext ?? 'body'
  return err.validation.map(v => {
    const params = v.params as Record<string, string>
    const extra = params.missingProperty ?? params.additionalProperty
    const pointer = extra ? `${v.instancePath}/${extra}` : v.instancePath
    const message = params.additionalProperty ? 'is not a known property' : v.message ?? 'is invalid'
    return { path: `${part}${pointer}`, message }
  })
}

const slug = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]+/g, '-')

const DATABASE_UNAVAILABLE = 'BASTILLE_DATABASE_UNAVAILABLE'

function problemCode (err: FastifyError, status: number): string {
  if (err.validation) return 'validation'
  if (err.code === DATABASE_UNAVAILABLE) return 'database-unavailable'
  return slug(status >= 500 || !err.code ? (TITLES[status] ?? 'error') : err.code.replace(/^(BASTILLE|FST_ERR)_/, ''))
}

export function sendProblem (request: FastifyRequest, reply: FastifyReply, err: FastifyError): FastifyReply {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500
  const errors = validationErrors(err) ?? (err as { errors?: FieldError[] }).errors
  if (err.code === DATABASE_UNAVAILABLE) request.log.warn({ err: { code: err.code, message: err.message } }, 'database unavailable')
  else if (status >= 500) request.log.error({ err }, 'request failed')
  else request.log.info({ err: { code: err.code, message: err.message } }, 'request rejected')
  const detail = err.code === DATABASE_UNAVAILABLE
    ? `The database is unreachable; retry in ${RETRY_AFTER_SECONDS} seconds`
    : status >= 500
      ? 'The server could not complete the request; it has been logged.'
      : err.validation ? `Invalid request ${err.validationContext ?? 'body'}: ${errors?.map(e => `${e.path} ${e.message}`).join('; ')}` : err.message
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `urn:bastille:problem:${problemCode(err, status)}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      instance: request.url,
      ...(errors ? { errors } : {})
    })
}

/** Fastify's `frameworkErrors`: a URL it could not route (bad percent-encoding, over-long parameter). */
export function frameworkErrors (err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(request, reply, err)
}

const CLIENT_ERRORS: Record<string, { status: number, detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'The request line and headers are larger than the server accepts' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request did not arrive in time' }
}

/** A problem written straight on a socket, which is then closed: for requests Fastify never sees. */
function writeProblem (socket: Duplex, log: FastifyBaseLogger, status: number, detail: string, err: { code?: string | undefined, message: string }): void {
  const title = TITLES[status] ?? 'Error'
  // No request URL to name: `instance` names this occurrence, as logged.
  const instance = `urn:uuid:${randomUUID()}`
  log.info({ err: { code: err.code, message: err.message }, instance }, 'request refused before routing')
  const body = JSON.stringify({ type: `urn:bastille:problem:${slug(title)}`, title, status, detail, instance })
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
  }
}

/** Fastify's `clientErrorHandler`: Node could not parse the request, so there is no request to answer through Fastify. */
export function clientErrorHandler (this: FastifyInstance, err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const { status, detail } = CLIENT_ERRORS[err.code ?? ''] ?? { status: 400, detail: 'The request is not valid HTTP/1.1' }
  writeProblem(socket, this.log, status, detail, err)
  socket.destroy(err)
}

export default fp(async function errorHandler (app) {
  // Node hands CONNECT to this event and, with no listener, drops the connection without a word.
  app.server.on('connect', (_request: unknown, socket: Duplex) => {
    writeProblem(socket, app.log, 405, 'This API is not a proxy: CONNECT is not served', { message: 'CONNECT refused' })
    socket.end()
  })
  app.setErrorHandler((err: FastifyError, request, reply) => sendProblem(request, reply, err))
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new RouteNotFoundError(request.method, request.url.split('?')[0])))
}, { name: 'error-handler' })
