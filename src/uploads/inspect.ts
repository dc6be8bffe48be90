// A pass-through stage of the upload pipeline: sha256, byte count and the first bytes for sniffing,
// computed while the file streams to storage, so nothing is held in memory (SPEC §6).
import { createHash, type Hash } from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'

/** Bytes kept for content sniffing (magic numbers, and text detection on the first KiB). */
export const SAMPLE_BYTES = 1024

export interface Inspection {
  sha256: string
  byteSize: number
  sample: Buffer
}

export class Inspector extends Transform {
  readonly #hash: Hash = createHash('sha256')
  #byteSize = 0
  readonly #sample: Buffer[] = []
  #sampled = 0

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk)
    this.#byteSize += chunk.length
    if (this.#sampled < SAMPLE_BYTES) {
      const part = chunk.subarray(0, SAMPLE_BYTES - this.#sampled)
      this.#sample.push(Buffer.from(part))
      this.#sampled += part.length
    }
    callback(null, chunk)
  }

  /** Call once, after the pipeline has finished. */
  result (): Inspection {
    return { sha256: this.#hash.digest('hex'), byteSize: this.#byteSize, sample: Buffer.concat(this.#sample) }
  }
}
