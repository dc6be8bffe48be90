// Client file names are labels only: cleaned before they are stored, encoded for Content-Disposition
// (RFC 6266 with an RFC 5987 `filename*`), and never used to build a path.

const MAX_NAME_LENGTH = 255

/** The last path segment, without control characters or non-characters, well-formed, trimmed; null when nothing is left. */
export function cleanFileName (name: string | undefined): string | null {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[/\\]/).pop()!.toWellFormed().replace(/[\u0000-\u001f\u007f-\u009f\ufffe\uffff]/g, '').trim()
  if (base === '' || base === '.' || base === '..') return null
  return [...base].slice(0, MAX_NAME_LENGTH).join('')
}

/** Printable ASCII only, accents dropped, quotes and backslashes replaced, for the plain `filename`. */
function asciiFallback (name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]|["\\%]/g, '_')
}

/** RFC 5987 value-chars: encodeURIComponent leaves `'()*` and `!` alone, which the grammar allows except `'()*`. */
function encodeExtValue (name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

export function contentDisposition (type: 'attachment' | 'inline', name: string): string {
  const fallback = asciiFallback(name)
  const header = `${type}; filename="${fallback}"`
  return fallback === name ? header : `${header}; filename*=UTF-8''${encodeExtValue(name)}`
}
