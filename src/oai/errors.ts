// OAI-PMH errors: answered as `<error code=…>` inside an HTTP 200, never as problem+json (spec §3.6).
export type OaiErrorCode = 'badArgument' | 'badResumptionToken' | 'badVerb' | 'cannotDisseminateFormat' |
  'idDoesNotExist' | 'noRecordsMatch' | 'noMetadataFormats' | 'noSetHierarchy'

export class OaiError extends Error {
  override name = 'OaiError'
  constructor (readonly code: OaiErrorCode, message: string) {
    super(message)
  }

  /** Whether the request itself was malformed: then `request` carries no attributes (spec §3.2). */
  get malformed (): boolean {
    return this.code === 'badVerb' || this.code === 'badArgument'
  }
}
