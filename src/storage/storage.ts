// The storage contract uploads and downloads use, so that a local folder today and an
// S3-compatible object store tomorrow are interchangeable without touching routes (SPEC §6, §7).
//
// Adapters: local.ts (a folder) and s3.ts (an S3-compatible bucket), chosen by `STORAGE` (create.ts).
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
  /**
   * The bytes of `key`, whole or one range, once the store has answered: a missing object rejects
   * with a 404 error and an unreachable store with a 503 one, before any header is sent.
   */
  read: (key: string, range?: ByteRange) => Promise<Readable>
  /** null when no object has this key. */
  stat: (key: string) => Promise<StoredObject | null>
  /** Removes `key`; never throws when it is already gone. */
  delete: (key: string) => Promise<void>
  /** Removes temporaries whose writer is gone (a crash, a kill -9), never a live node's; returns how many. */
  removeOrphanTemporaries: () => Promise<number>
  /**
   * Removes objects no row refers to (a crash between placing a file and committing its row, or between
   * deleting a row and its file), never one a live node is placing; `referenced` tells which of the
   * given keys rows use. Returns how many.
   */
  removeOrphanObjects: (referenced: (keys: string[]) => Promise<Set<string>>) => Promise<number>
  /** Proves this node alive to the others sharing the storage; called every few seconds. */
  renewLease: () => Promise<void>
  /** On a clean stop. */
  releaseLease: () => Promise<void>
  /** Rejects when a remote store does not answer (for /ready); absent when there is nothing to probe. */
  probe?: () => Promise<void>
  /** Present when the store assembles parts itself (S3 multipart): a resumable upload sends its parts there. */
  multipart?: MultipartTemporaries
}

/** A multipart upload of `length` bytes in `partSize` parts (the last one shorter); kept by the caller. */
export interface MultipartHandle {
  key: string
  uploadId: string
  length: number
  partSize: number
}

export interface StoredPart {
  number: number
  etag: string
  size: number
}

/**
 * Parts written straight to the store and assembled there. The handle and the parts' ETags are the whole
 * state, so that any process holding them (any node) continues the upload.
 */
export interface MultipartTemporaries {
  /** Starts an upload of `length` bytes (at least 1), with a part size within the store's limits. */
  start: (length: number) => Promise<MultipartHandle>
  /** Stores part `number` (from 1), exactly its size of `body`; returns its ETag. */
  uploadPart: (handle: MultipartHandle, number: number, body: Readable) => Promise<string>
  /** Assembles the parts, in order, into a temporary object to read, then commit() or discard(). */
  complete: (handle: MultipartHandle, parts: StoredPart[]) => Promise<TempObject>
  /** The bytes of a temporary complete() returned. */
  readTemp: (temp: TempObject) => Promise<Readable>
  /** Drops the upload, or the object it completed into; best effort, never throws (a store without Abort relies on its lifecycle rule). */
  abort: (handle: MultipartHandle) => Promise<void>
}

/** Keys are made by the server (never from client file names): letters, digits and dashes only. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{7,127}$/

export function assertKey (key: string): void {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key ${JSON.stringify(key)}`)
}
