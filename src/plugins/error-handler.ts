// Every error, 404 included, leaves as RFC 9457 application/problem+json; 5xx details stay in the log.
import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { RouteNotFoundError, type FieldError } from '../errors.js'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
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

function problemCode (err: FastifyError, status: number): string {
  if (err.validation) return 'validation'
  const code = status >= 500 || !err.code ? (TITLES[status] ?? 'error') : err.code.replace(/^(BASTILLE|FST_ERR)_/, '')
  return code.toLowerCase().replace(/[^a-z0-9]+/g, '-')
}

export function sendProblem (request: FastifyRequest, reply: FastifyReply, err: FastifyError): FastifyReply {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500
  const errors = validationErrors(err) ?? (err as { errors?: FieldError[] }).errors
  if (status >= 500) request.log.error({ err }, 'request failed')
  else request.log.info({ err: { code: err.code, message: err.message } }, 'request rejected')
  const detail = status >= 500
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

export default fp(async function errorHandler (app) {
  app.setErrorHandler((err: FastifyError, request, reply) => sendProblem(request, reply, err))
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new RouteNotFoundError(request.method, request.url.split('?')[0])))
}, { name: 'error-handler' })
