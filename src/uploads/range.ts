// One `Range: bytes=…` request header against a file of known size (RFC 9110 §14). Multiple ranges
// and malformed headers are ignored (the whole file is served), as the RFC allows.

export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'partial', start: number, end: number }
  | { kind: 'unsatisfiable' }

const WHOLE: RangeRequest = { kind: 'whole' }
const UNSATISFIABLE: RangeRequest = { kind: 'unsatisfiable' }
const SINGLE = /^bytes=(\d*)-(\d*)$/

export function parseRange (header: string | undefined, size: number): RangeRequest {
  const match = SINGLE.exec(header?.trim() ?? '')
  if (match === null) return WHOLE
  const [, first = '', last = ''] = match
  if (first === '' && last === '') return WHOLE
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last)
    if (length === 0 || size === 0) return UNSATISFIABLE
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 }
  }
  const start = Number(first)
  if (last !== '' && Number(last) < start) return WHOLE
  if (start >= size) return UNSATISFIABLE
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1)
  return { kind: 'partial', start, end }
}
