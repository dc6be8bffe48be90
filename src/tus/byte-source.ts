// A byte stream read in pieces of exact sizes: each part of a multipart upload is exactly its size, whatever
// the sizes of the chunks the request body arrives in.

/** The source ended before the bytes a piece needed. */
export class ShortSourceError extends Error {}

export class ByteSource {
  readonly #iterator: AsyncIterator<Buffer>
  #held: Buffer | undefined
  /** Bytes handed out so far. */
  consumed = 0

  constructor (source: AsyncIterable<Buffer>) {
    this.#iterator = source[Symbol.asyncIterator]()
  }

  async #next (): Promise<Buffer | undefined> {
    const held = this.#held
    this.#held = undefined
    if (held !== undefined) return held
    const { done, value } = await this.#iterator.next()
    return done === true ? undefined : value
  }

  /** The next `size` bytes; throws ShortSourceError when the source ends first. */
  async * take (size: number): AsyncGenerator<Buffer> {
    let left = size
    while (left > 0) {
      const chunk = await this.#next()
      if (chunk === undefined) throw new ShortSourceError(`The body ended ${left} bytes short of a part`)
      if (chunk.length > left) this.#held = chunk.subarray(left)
      const piece = chunk.subarray(0, left)
      left -= piece.length
      this.consumed += piece.length
      yield piece
    }
  }

  /** Every byte left. */
  async * rest (): AsyncGenerator<Buffer> {
    for (let chunk = await this.#next(); chunk !== undefined; chunk = await this.#next()) {
      this.consumed += chunk.length
      yield chunk
    }
  }
}
