// Opaque /changes cursors: base64url JSON of a position in the log (transaction id, sequence) and when the
// cursor was issued, so one older than the retention window is recognised without reading the log.
import { BadRequestError } from '../errors.js'

export interface Position { xid: string, seq: string }
export interface Cursor extends Position { issuedAt: number }

interface CursorJson { x: string, s: string, t: number }

export function encodeCursor (position: Position, issuedAt: Date): string {
  const json: CursorJson = { x: position.xid, s: position.seq, t: Math.floor(issuedAt.getTime() / 1000) }
  return Buffer.from(JSON.stringify(json)).toString('base64url')
}

/** The position a cursor names; 400 when it is not one this service issued. */
export function decodeCursor (cursor: string): Cursor {
  let json: Partial<CursorJson> | null
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    json = null
  }
  if (json === null || typeof json !== 'object' || typeof json.x !== 'string' || !/^\d{1,19}$/.test(json.x) ||
    typeof json.s !== 'string' || !/^\d{1,18}$/.test(json.s) || !Number.isSafeInteger(json.t) || (json.t as number) < 0) {
    throw new BadRequestError('The cursor is malformed; use the `next` link of a previous answer, or after=latest')
  }
  return { xid: json.x, seq: json.s, issuedAt: json.t as number }
}

/** Positions compare as (xid, seq), both unbounded decimal strings. */
export function comparePositions (a: Position, b: Position): number {
  return Number(BigInt(a.xid) - BigInt(b.xid)) || Number(BigInt(a.seq) - BigInt(b.seq))
}
