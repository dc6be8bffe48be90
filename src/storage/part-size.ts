// S3's multipart limits, enforced here because the S3 clones and test doubles do not.
// @see {@link https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html} and
// ../shared/notes/future-features.md §3.4.
import { PayloadTooLargeError } from '../errors.js'

const MIB = 1024 * 1024
/** Every part but the last is at least this. */
export const MIN_PART_SIZE = 5 * MIB
export const MAX_PART_SIZE = 5 * 1024 * MIB
/** AWS's limit; some clones allow 1,000 (S3_MAX_PARTS). */
export const MAX_PARTS = 10_000

/** The part size for `length` bytes: `preferred` unless that would take more than `maxParts` parts. */
export function partSizeFor (length: number, preferred: number, maxParts: number): number {
  const size = Math.max(preferred, MIN_PART_SIZE, Math.ceil(length / maxParts))
  if (size > MAX_PART_SIZE) throw new PayloadTooLargeError(MAX_PART_SIZE * maxParts)
  return size
}

/** Part `number`'s size: `partSize`, or what is left for the last one; 0 past the end. */
export function partSizeAt (length: number, partSize: number, number: number): number {
  return Math.max(0, Math.min(partSize, length - (number - 1) * partSize))
}
