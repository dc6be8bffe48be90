// The serialised JSON of recently read datasets, so that a read whose dataset has not changed skips the
// mapping, serialisation and ETag hashing. An entry is used only when the database, asked on every read,
// reports the version it was rendered from (the md5 of everything the body is built from): no entry
// outlives a change, whichever process made it, and visibility is checked on every read all the same.
// The REST read keeps its JSON here, the CKAN package_show its package dict.

export interface RenderedBody {
  /** What the database reported for the content this body was rendered from. */
  version: string
  body: Buffer
}

export interface RenderedDataset extends RenderedBody {
  etag: string
  lastModified: Date
}

/** Bodies of most recently read datasets, evicted oldest-read first past `maxBytes`. */
export class BodyCache<T extends RenderedBody = RenderedDataset> {
  readonly #entries = new Map<string, T>()
  #bytes = 0

  constructor (readonly maxBytes: number) {}

  /** The entry of a key (an id or a slug, as requested), now the most recently used. */
  get (key: string): T | undefined {
    const entry = this.#entries.get(key)
    if (entry !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, entry)
    }
    return entry
  }

  set (key: string, entry: T): T {
    this.#remove(key)
    // A body bigger than a sixteenth of the budget would push out many others: it is not kept.
    if (sizeOf(key, entry) > this.maxBytes / 16) return entry
    this.#entries.set(key, entry)
    this.#bytes += sizeOf(key, entry)
    for (const oldest of this.#entries.keys()) {
      if (this.#bytes <= this.maxBytes) break
      this.#remove(oldest)
    }
    return entry
  }

  get bytes (): number {
    return this.#bytes
  }

  #remove (key: string): void {
    const entry = this.#entries.get(key)
    if (entry === undefined) return
    this.#entries.delete(key)
    this.#bytes -= sizeOf(key, entry)
  }
}

/** Roughly what an entry holds on to: its body, and its strings at two bytes a character. */
function sizeOf (key: string, entry: RenderedBody): number {
  return entry.body.length + 2 * (key.length + entry.version.length) + 100
}
