// Opaque keyset cursors: base64url JSON of the sort and the last row's sort value and seq. A cursor
// names a position, not an offset, so rows inserted while a client pages never shift the pages.
import type { Position, SortKey } from '../../db/search.js'
import { BadRequestError } from '../../errors.js'

interface CursorJson { s: string, v: string | null, i: string }

export function encodeCursor (sort: SortKey, position: Position): string {
  const json: CursorJson = { s: sort, v: position.value, i: position.seq }
  return Buffer.from(JSON.stringify(json)).toString('base64url')
}

/** The position a cursor names; 400 when it is malformed or was made for another sort. */
export function decodeCursor (cursor: string, sort: SortKey): Position {
  let json: Partial<CursorJson>
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    json = {}
  }
  if (json === null || typeof json !== 'object' || typeof json.i !== 'string' || !/^\d{1,19}$/.test(json.i) ||
    !(typeof json.v === 'string' || json.v === null)) {
    throw new BadRequestError('The cursor is malformed; use the `next` link of a previous page')
  }
  if (json.s !== sort) throw new BadRequestError(`The cursor was made for sort=${String(json.s)}, not sort=${sort}`)
  // The value is cast to the sort key's type in SQL: a score must be an integer.
  if (sort.endsWith('quality') && !/^-?\d{1,3}$/.test(json.v ?? '')) throw new BadRequestError('The cursor is malformed; use the `next` link of a previous page')
  return { value: json.v, seq: json.i }
}
