// The one rule for text the API accepts anywhere (path, query, JSON, form fields): what PostgreSQL
// stores and every feed syntax can write. PostgreSQL refuses NUL in text and JSON; XML 1.0 (the RDF/XML
// feed) refuses the other C0 controls but tab and line breaks, and U+FFFE/U+FFFF; an unpaired surrogate
// is no Unicode at all (node-postgres would silently store U+FFFD, jsonb refuses its escape).

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/

export const UNSAFE_TEXT_MESSAGE = 'must not contain NUL, control characters other than tab and line breaks, U+FFFE/U+FFFF or unpaired surrogates'

export const isSafeText = (value: string): boolean => !FORBIDDEN.test(value) && value.isWellFormed()

/**
 * The JSON pointer of the first unsafe string (key or value) in a parsed input, or undefined.
 * Iterative, so a deeply nested body cannot exhaust the stack before the schema refuses it.
 */
export function findUnsafeText (input: unknown): string | undefined {
  const pending: Array<[unknown, string]> = [[input, '']]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, pointer] = next
    if (typeof value === 'string') {
      if (!isSafeText(value)) return pointer
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const path = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
        if (!isSafeText(key)) return path
        pending.push([item, path])
      }
    }
  }
  return undefined
}
