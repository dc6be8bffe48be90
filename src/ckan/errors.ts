// CKAN's error envelope and status codes (ckan-compat.md §1.2), not problem+json: ckanapi turns
// `error.__type` back into exceptions and aborts a whole dump on a body it does not know.

export class CkanError extends Error {
  constructor (readonly statusCode: number, readonly error: string | Record<string, unknown>) {
    super(typeof error === 'string' ? error : String(error.message ?? error.__type))
  }
}

export const notFound = (message = 'Not found'): CkanError =>
  new CkanError(404, { __type: 'Not Found Error', message })

/** The body of unknown actions and bad requests is a JSON string, not an object, as in CKAN 2.9-2.11. */
export const badRequest = (message: string): CkanError => new CkanError(400, `Bad request - ${message}`)

export const unknownAction = (name: string): CkanError => badRequest(`Action name not known: ${name}`)

/** Field errors sit next to `__type`, without a message. */
export const validationError = (field: string, message: string): CkanError =>
  new CkanError(409, { __type: 'Validation Error', [field]: [message] })

export const searchQueryError = (message: string): CkanError =>
  new CkanError(400, { __type: 'Search Query Error', message: `Search Query is invalid: ${message}` })

export const internalError = (): CkanError =>
  new CkanError(500, { __type: 'Internal Server Error', message: 'Internal Server Error' })
