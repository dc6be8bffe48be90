// The tus-specific refusals (tus 1.0 §§ core, checksum); the rest come from src/errors.ts.
import createError from '@fastify/error'

export const TusVersionError = createError('BASTILLE_TUS_VERSION', 'This server speaks tus %s only (Tus-Resumable)', 412)
export const OffsetMismatchError = createError('BASTILLE_TUS_OFFSET_MISMATCH', 'Upload-Offset %s does not match the upload\'s offset %s', 409)
export const UploadLockedError = createError('BASTILLE_TUS_LOCKED', 'Upload %s is being written by another request; retry once it ends', 423)
export const ChecksumMismatchError = createError('BASTILLE_TUS_CHECKSUM_MISMATCH', '%s', 460)
export const PastLengthError = createError('BASTILLE_TUS_PAST_LENGTH', 'The body goes past Upload-Length (%s bytes remain)', 413)
export const LengthRequiredError = createError('BASTILLE_TUS_LENGTH_REQUIRED', 'A body for an upload to the object store needs Content-Length', 411)
