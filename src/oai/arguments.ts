// The request's arguments, from the query string (GET) or the form body (POST), checked per verb as the
// protocol lists them. One liberty, for data.europa.eu: piveau's importer repeats `verb` and
// `metadataPrefix` beside a resumptionToken, so list arguments equal to the token's own are accepted.
// @see ../../../shared/notes/future-features.md §2.6
import { checkDates } from './dates.js'
import { OaiError } from './errors.js'
import { decodeToken, type ListPosition, type ListQuery } from './token.js'

export const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'ListIdentifiers', 'ListRecords', 'GetRecord'] as const
export type Verb = typeof VERBS[number]

export type RawArguments = Record<string, string | string[] | undefined>

export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats', identifier: string | null }
  | { verb: 'ListSets' }
  | { verb: 'ListIdentifiers' | 'ListRecords', query: ListQuery, position: ListPosition | null }
  | { verb: 'GetRecord', identifier: string, metadataPrefix: string }

/** What each verb accepts besides `verb`; resumptionToken is exclusive where it appears. */
const ALLOWED: Record<Verb, readonly string[]> = {
  Identify: [],
  ListMetadataFormats: ['identifier'],
  ListSets: ['resumptionToken'],
  ListIdentifiers: ['metadataPrefix', 'from', 'until', 'set', 'resumptionToken'],
  ListRecords: ['metadataPrefix', 'from', 'until', 'set', 'resumptionToken'],
  GetRecord: ['identifier', 'metadataPrefix']
}

const isVerb = (value: string): value is Verb => (VERBS as readonly string[]).includes(value)

/** Single-valued arguments; a repeated one is badVerb or badArgument. */
export function singleValued (raw: RawArguments): Record<string, string> {
  const args: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue
    if (Array.isArray(value)) throw new OaiError(name === 'verb' ? 'badVerb' : 'badArgument', `The argument ${name} is repeated`)
    args[name] = value
  }
  return args
}

function required (args: Record<string, string>, name: string): string {
  const value = args[name]
  if (value === undefined || value === '') throw new OaiError('badArgument', `The argument ${name} is required`)
  return value
}

function listRequest (verb: 'ListIdentifiers' | 'ListRecords', args: Record<string, string>, prefixes: readonly string[]): OaiRequest {
  const token = args.resumptionToken
  if (token !== undefined) {
    const position = decodeToken(token, prefixes)
    const names = { metadataPrefix: position.metadataPrefix, set: position.set, from: position.from, until: position.until }
    for (const [name, value] of Object.entries(names)) {
      if (args[name] !== undefined && args[name] !== value) throw new OaiError('badArgument', `resumptionToken is exclusive: ${name} differs from the list it resumes`)
    }
    return { verb, query: names, position }
  }
  const query: ListQuery = { metadataPrefix: required(args, 'metadataPrefix'), set: args.set ?? null, from: args.from ?? null, until: args.until ?? null }
  checkDates(query.from, query.until)
  return { verb, query, position: null }
}

/** The request, or an OaiError naming what is wrong with it. */
export function parseRequest (raw: RawArguments, prefixes: readonly string[]): OaiRequest {
  const args = singleValued(raw)
  const verb = args.verb
  if (verb === undefined) throw new OaiError('badVerb', 'The argument verb is missing')
  if (!isVerb(verb)) throw new OaiError('badVerb', `${verb} is not an OAI-PMH verb`)
  for (const name of Object.keys(args)) {
    if (name !== 'verb' && !ALLOWED[verb].includes(name)) throw new OaiError('badArgument', `${verb} does not take the argument ${name}`)
  }
  switch (verb) {
    case 'Identify':
      return { verb }
    case 'ListMetadataFormats':
      return { verb, identifier: args.identifier ?? null }
    case 'ListSets':
      // Sets fit in one response: this repository never issues a ListSets token.
      if (args.resumptionToken !== undefined) throw new OaiError('badResumptionToken', 'ListSets is never split: there is no token to resume')
      return { verb }
    case 'GetRecord':
      return { verb, identifier: required(args, 'identifier'), metadataPrefix: required(args, 'metadataPrefix') }
    default:
      return listRequest(verb, args, prefixes)
  }
}
