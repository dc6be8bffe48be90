// The Solr/Lucene subset real CKAN clients send in `q` and `fq` (ckan-compat.md §5.3): field:value,
// phrases, prefix wildcards, ranges, +/-/NOT, AND/OR, parentheses, field:(a OR b), *:*. Boosts and fuzzy
// marks are parsed and ignored. Anything else is a SearchSyntaxError, which the action answers with 400.

export type Value =
  | { type: 'term', text: string, prefix: boolean }
  | { type: 'phrase', text: string }
  | { type: 'range', from: string | null, to: string | null, fromInclusive: boolean, toInclusive: boolean }
  | { type: 'any' }

export type Query =
  | { type: 'all' }
  | { type: 'and', items: Query[] }
  | { type: 'or', items: Query[] }
  | { type: 'not', item: Query }
  /** `field` is null for free text (dismax over every text field in CKAN). */
  | { type: 'match', field: string | null, value: Value }

export class SearchSyntaxError extends Error {
  override name = 'SearchSyntaxError'
}

const MAX_DEPTH = 32
/** Solr's own limit is 1024 boolean clauses; real clients send a handful. */
const MAX_CLAUSES = 100
const STOP = new Set([' ', '\t', '\n', '\r', '(', ')', '"', '[', ']', '{', '}'])

class Parser {
  private pos = 0
  private depth = 0
  private clauses = 0
  constructor (private readonly source: string) {}

  parse (): Query {
    const query = this.or(null)
    this.space()
    if (this.pos < this.source.length) throw this.error(`unexpected "${this.source[this.pos]}"`)
    return query
  }

  private error (message: string): SearchSyntaxError {
    return new SearchSyntaxError(`${message} at position ${this.pos + 1}`)
  }

  private space (): void {
    while (this.pos < this.source.length && /\s/.test(this.source[this.pos]!)) this.pos++
  }

  /** Consumes an operator word (AND, OR, NOT, &&, ||) when it stands alone. */
  private keyword (...words: string[]): boolean {
    this.space()
    for (const word of words) {
      const end = this.pos + word.length
      if (this.source.startsWith(word, this.pos) && (end >= this.source.length || STOP.has(this.source[end]!) || /[&|]/.test(word))) {
        this.pos = end
        return true
      }
    }
    return false
  }

  private or (field: string | null): Query {
    const items = [this.and(field)]
    while (this.keyword('OR', '||')) items.push(this.and(field))
    return items.length === 1 ? items[0]! : { type: 'or', items }
  }

  private and (field: string | null): Query {
    const items = [this.unary(field)]
    for (;;) {
      this.space()
      if (this.pos >= this.source.length || this.source[this.pos] === ')') break
      const save = this.pos
      if (this.keyword('OR', '||')) {
        this.pos = save
        break
      }
      this.keyword('AND', '&&')
      items.push(this.unary(field))
    }
    return items.length === 1 ? items[0]! : { type: 'and', items }
  }

  private unary (field: string | null): Query {
    this.space()
    const c = this.source[this.pos]
    if (c === '-' || c === '!') {
      this.pos++
      return { type: 'not', item: this.unary(field) }
    }
    if (c === '+') {
      this.pos++
      return this.unary(field)
    }
    if (this.keyword('NOT')) return { type: 'not', item: this.unary(field) }
    return this.primary(field)
  }

  private primary (field: string | null): Query {
    if (++this.clauses > MAX_CLAUSES) throw this.error(`more than ${MAX_CLAUSES} clauses`)
    this.space()
    const c = this.source[this.pos]
    if (c === undefined) throw this.error('unexpected end of query')
    if (c === '(') return this.group(field)
    if (c === '"') return { type: 'match', field, value: this.phrase() }
    if (c === '[' || c === '{') {
      if (field === null) throw this.error('a range needs a field')
      return { type: 'match', field, value: this.range() }
    }
    if (this.source.startsWith('{!', this.pos)) throw this.error('local parameters are not allowed')
    const token = this.token(field !== null)
    if (field === null && this.source[this.pos] === ':') {
      this.pos++
      if (token === '*') {
        if (this.source[this.pos] !== '*') throw this.error('only *:* may use a wildcard field')
        this.pos++
        return { type: 'all' }
      }
      if (!/^[\w.-]+$/.test(token)) throw this.error(`invalid field name "${token}"`)
      return this.fieldValue(token)
    }
    return { type: 'match', field, value: this.term(token) }
  }

  private fieldValue (field: string): Query {
    const c = this.source[this.pos]
    if (c === undefined || /\s/.test(c)) throw this.error(`no value for field ${field}`)
    return this.primary(field)
  }

  private group (field: string | null): Query {
    if (++this.depth > MAX_DEPTH) throw this.error('too deeply nested')
    this.pos++
    const query = this.or(field)
    this.space()
    if (this.source[this.pos] !== ')') throw this.error('missing ")"')
    this.pos++
    this.depth--
    return query
  }

  private phrase (): Value {
    this.pos++
    let text = ''
    while (this.pos < this.source.length && this.source[this.pos] !== '"') {
      if (this.source[this.pos] === '\\') this.pos++
      text += this.source[this.pos] ?? ''
      this.pos++
    }
    if (this.source[this.pos] !== '"') throw this.error('unterminated phrase')
    this.pos++
    this.modifiers()
    return { type: 'phrase', text }
  }

  private range (): Value {
    const fromInclusive = this.source[this.pos] === '['
    const close = this.source.slice(this.pos + 1).search(/[\]}]/)
    if (close < 0) throw this.error('unterminated range')
    const body = this.source.slice(this.pos + 1, this.pos + 1 + close)
    const toInclusive = this.source[this.pos + 1 + close] === ']'
    const bounds = body.trim().split(/\s+TO\s+/)
    if (bounds.length !== 2 || bounds.some(b => b === '' || /\s/.test(b))) throw this.error('a range is [from TO to]')
    this.pos += close + 2
    const bound = (b: string): string | null => b === '*' ? null : b.replace(/^"(.*)"$/, '$1')
    return { type: 'range', from: bound(bounds[0]!), to: bound(bounds[1]!), fromInclusive, toInclusive }
  }

  /** A bare word, with `\` escapes; a value (after `field:`) may contain colons, as dates do. */
  private token (value: boolean): string {
    let text = ''
    while (this.pos < this.source.length) {
      const c = this.source[this.pos]!
      if (STOP.has(c) || (!value && c === ':')) break
      if (c === '\\') {
        this.pos++
        if (this.pos >= this.source.length) throw this.error('dangling escape')
      }
      text += this.source[this.pos]
      this.pos++
    }
    if (text === '') throw this.error(`unexpected "${this.source[this.pos]}"`)
    return text
  }

  private term (token: string): Value {
    const text = token.replace(/\^[\d.]*$/, '').replace(/~[\d.]*$/, '').replace(/\^[\d.]*$/, '')
    if (text === '*') return { type: 'any' }
    const prefix = text.endsWith('*')
    const bare = text.replace(/\*+$/, '')
    if (bare === '' || /[*?]/.test(bare)) throw new SearchSyntaxError(`unsupported wildcard in "${token}"`)
    return { type: 'term', text: bare, prefix }
  }

  /** Boost `^2` and proximity/fuzzy `~2` after a phrase: parsed, ignored. */
  private modifiers (): void {
    const match = /^(?:[~^][\d.]*)+/.exec(this.source.slice(this.pos))
    if (match !== null) this.pos += match[0].length
  }
}

/** The query a `q` or `fq` string means; empty, `""` and `''` mean everything, as in CKAN. */
export function parseSolr (source: string): Query {
  const trimmed = source.trim()
  if (trimmed === '' || trimmed === '""' || trimmed === "''") return { type: 'all' }
  if (trimmed.length > 4000) throw new SearchSyntaxError('the query is longer than 4000 characters')
  return new Parser(trimmed).parse()
}
