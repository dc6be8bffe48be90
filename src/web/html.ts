// HTML built by a tagged template that escapes every interpolated value: markup enters a page only as
// an Html value made by this template, by the renderers here, or by an explicit raw() at its call site.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text made safe for element content and for quoted attribute values alike. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/** A fragment of markup that is already safe: interpolated as is. */
export class Html {
  constructor (readonly text: string) {}
  toString (): string { return this.text }
}

/** Values a template accepts: text is escaped, Html kept, lists joined; null, undefined and false vanish. */
export type Interpolated = Html | string | number | null | undefined | false | readonly Interpolated[]

function render (value: Interpolated): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return (value as readonly Interpolated[]).map(render).join('')
  return escapeHtml(String(value))
}

export function html (strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let text = strings[0]!
  for (let i = 0; i < values.length; i++) text += render(values[i]!) + strings[i + 1]!
  return new Html(text)
}

/** The explicit opt-out: `markup` must be trusted, constant or already escaped. */
export function raw (markup: string): Html {
  return new Html(markup)
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:'])

/** The URL when it is absolute with an allowed scheme (http, https, mailto); null otherwise (never javascript:, data:…). */
export function safeUrl (url: string | null | undefined): string | null {
  if (url === null || url === undefined) return null
  try {
    return SAFE_SCHEMES.has(new URL(url).protocol) ? url : null
  } catch {
    return null
  }
}
