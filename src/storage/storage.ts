// The storage contract uploads and downloads use, so that a local folder today and an
// S3-compatible object store tomorrow are interchangeable without touching routes (SPEC §6, §7).
//
// Mapping to S3: createTemp starts a multipart upload under `tmp/<id>`; commit completes it and
// copies it server-side to the final key (or completes straight under the key); read is GetObject
// with `Range`; stat is HeadObject; delete is DeleteObject; removeStaleTemporaries lists `tmp/` and
// aborts stale multipart uploads (a bucket lifecycle rule can do the same).
import type { Readable, Writable } from 'node:stream'

/** An object being written: its bytes go to `stream`; then commit() or discard() it. */
export interface TempObject {
  readonly id: string
  readonly stream: Writable
}

export interface StoredObject {
  size: number
}

/** Inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number
  end: number
}

export interface Storage {
  /** A new temporary object, invisible to read() until committed. */
  createTemp: () => Promise<TempObject>
  /** Moves a completely written temporary object to `key`, atomically. */
  commit: (temp: TempObject, key: string) => Promise<void>
  /** Drops a temporary object; never throws when it is already gone. */
  discard: (temp: TempObject) => Promise<void>
  /** The bytes of `key`, whole or one range; the stream errors when the object is missing. */
  read: (key: string, range?: ByteRange) => Readable
  /** null when no object has this key. */
  stat: (key: string) => Promise<StoredObject | null>
  /** Removes `key`; never throws when it is already gone. */
  delete: (key: string) => Promise<void>
  /** Removes temporaries untouched for `olderThanMs` (left by crashes); returns how many. */
  removeStaleTemporaries: (olderThanMs: number) => Promise<number>
}

/** Keys are made by the server (never from client file names): letters, digits and dashes only. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{7,127}$/

export function assertKey (key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key ${JSON.stringify(key)}`)
}
