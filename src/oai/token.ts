// Resumption tokens: stateless and opaque (base64url of a small JSON), naming the list's query, the
// position reached (the `seq` of the last dataset served: a keyset that new datasets only extend) and
// the figures the token element reports. Every field is validated on the way back in, and the list's
// public filters are applied again on each page, so an edited token can only name another position in
// the same public list: it reaches nothing a first request could not.
import { checkDates } from './dates.js'
import { OaiError } from './errors.js'

export interface ListQuery {
  metadataPrefix: string
  set: string | null
  from: string | null
  until: string | null
}

export interface ListPosition extends ListQuery {
  /** The seq of the last dataset served. */
  after: string
  /** completeListSize: counted when the walk began, raised when the list has grown past it. */
  size: number
  /** How many records were served before this page. */
  cursor: number
}

interface TokenJson { v: 1, p: string, s: string | null, f: string | null, u: string | null, a: string, n: number, c: number }

export const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/

export function encodeToken (position: ListPosition): string {
  const json: TokenJson = { v: 1, p: position.metadataPrefix, s: position.set, f: position.from, u: position.until, a: position.after, n: position.size, c: position.cursor }
  return Buffer.from(JSON.stringify(json)).toString('base64url')
}

const nullableString = (value: unknown): value is string | null => value === null || (typeof value === 'string' && value.length <= 200)
const count = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0

/** The position a token names; badResumptionToken when it is not one this service could have issued. */
export function decodeToken (token: string, prefixes: readonly string[]): ListPosition {
  const bad = new OaiError('badResumptionToken', 'The resumptionToken is not one this repository issued; start the list again without it')
  let json: Partial<TokenJson> | null = null
  try {
    if (/^[A-Za-z0-9_-]{1,1000}$/.test(token)) json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {}
  if (json === null || typeof json !== 'object' || json.v !== 1 || typeof json.p !== 'string' || !prefixes.includes(json.p) ||
    !nullableString(json.s) || (json.s !== null && !SET_SPEC.test(json.s)) || !nullableString(json.f) || !nullableString(json.u) ||
    typeof json.a !== 'string' || !/^\d{1,18}$/.test(json.a) || !count(json.n) || !count(json.c)) throw bad
  try {
    checkDates(json.f, json.u)
  } catch {
    throw bad
  }
  return { metadataPrefix: json.p, set: json.s, from: json.f, until: json.u, after: json.a, size: json.n, cursor: json.c }
}
