// The error catalogue: stable codes, printf messages, HTTP statuses (STYLE C8, RFC 9457).
import createError from '@fastify/error'

export const NotFoundError = createError('BASTILLE_NOT_FOUND', '%s %s not found', 404)
export const RouteNotFoundError = createError('BASTILLE_ROUTE_NOT_FOUND', 'No route %s %s', 404)
export const GoneError = createError('BASTILLE_GONE', '%s %s was deleted', 410)
export const UnauthorizedError = createError('BASTILLE_UNAUTHORIZED', '%s', 401)
export const ForbiddenError = createError('BASTILLE_FORBIDDEN', '%s', 403)
export const ConflictError = createError('BASTILLE_CONFLICT', '%s', 409)
export const PreconditionFailedError = createError('BASTILLE_PRECONDITION_FAILED', 'If-Match %s does not match the current ETag', 412)
export const PreconditionRequiredError = createError('BASTILLE_PRECONDITION_REQUIRED', '%s', 428)
export const UnsupportedMediaTypeError = createError('BASTILLE_UNSUPPORTED_MEDIA_TYPE', '%s', 415)
export const NotAcceptableError = createError('BASTILLE_NOT_ACCEPTABLE', 'None of the acceptable types is served here; available: %s', 406)
export const PayloadTooLargeError = createError('BASTILLE_PAYLOAD_TOO_LARGE', 'The file is larger than the limit of %s bytes', 413)
export const RangeNotSatisfiableError = createError('BASTILLE_RANGE_NOT_SATISFIABLE', 'Range %s cannot be served', 416)
export const BadRequestError = createError('BASTILLE_BAD_REQUEST', '%s', 400)
/** A /changes cursor older than the retention window: the client must read the catalogue in full again. */
export const CursorExpiredError = createError('BASTILLE_CURSOR_EXPIRED', '%s', 410)

/** A well-formed request that refers to something unknown (a licence id, a vocabulary code…). */
export const InvalidReferenceError = createError('BASTILLE_INVALID_REFERENCE', '%s', 422)

export interface FieldError { path: string, message: string }

/** An error carrying per-field details for the problem's `errors[]`. */
export function invalid (path: string, message: string, status: 400 | 422 = 422): Error & { statusCode: number, errors: FieldError[] } {
  const err = status === 400 ? new BadRequestError(message) : new InvalidReferenceError(message)
  return Object.assign(err, { errors: [{ path, message }] })
}

/** A bearer token that is unknown, malformed, expired or revoked (RFC 6750 `invalid_token`). */
export const InvalidTokenError = createError('BASTILLE_TOKEN_INVALID', 'The bearer token is unknown, malformed, expired or revoked', 401)
export const TooManyFailuresError = createError('BASTILLE_AUTH_RATE_LIMITED', 'Too many failed authentication attempts from this client; retry in %s seconds', 429)

/** The database cannot be reached (down, restarting, too slow): the client should retry later. */
export const DatabaseUnavailableError = createError('BASTILLE_DATABASE_UNAVAILABLE', 'The database is unavailable: %s', 503)
/** The object store failed or timed out (after the SDK's retries): the client should retry later. */
export const StorageUnavailableError = createError('BASTILLE_STORAGE_UNAVAILABLE', 'The file store is unavailable: %s', 503)
/** The store dropped a multipart upload (aborted, or its lifecycle rule ran): its parts are lost for good. */
export const MultipartGoneError = createError('BASTILLE_MULTIPART_GONE', 'The file store no longer has the parts received for this upload (%s); start a new one', 410)
/** A hand edit of a dataset a harvest source owns (its next run would overwrite it). */
export const HarvestedDatasetError = createError(
  'BASTILLE_DATASET_HARVESTED',
  'Dataset %s is harvested from %s and changes only through its harvests; POST /datasets/%s/detach to edit it by hand',
  409
)
