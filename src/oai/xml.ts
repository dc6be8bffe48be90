// The OAI-PMH 2.0 envelope and its small elements, written as text: the responses are flat and fixed,
// and the metadata inside comes already serialised (oai_dc here, DCAT-AP RDF/XML from src/dcat).
// @see ../../../shared/notes/future-features.md §2.5
import { cleanText } from '../dcat/terms.js'

export const OAI_XML_TYPE = 'text/xml; charset=utf-8'

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
/** Text or attribute value: characters XML cannot carry dropped, the markup ones escaped. */
export const escapeXml = (value: string): string => cleanText(value).replace(/[&<>"]/g, c => ESCAPES[c]!)

/** UTCdatetime at the granularity Identify announces (seconds). */
export const utc = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`

const OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n'

/**
 * The whole response. `args` are echoed as attributes of `request` only for a request without
 * badVerb/badArgument errors, as the protocol asks.
 */
export function envelope (baseUrl: string, args: Readonly<Record<string, string>> | null, body: string, now = new Date()): string {
  const attributes = args === null ? '' : Object.entries(args).map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join('')
  return `${OPEN}  <responseDate>${utc(now)}</responseDate>\n  <request${attributes}>${escapeXml(baseUrl)}</request>\n${body}</OAI-PMH>\n`
}

export function errorElement (code: string, message: string): string {
  return `  <error code="${code}">${escapeXml(message)}</error>\n`
}

/** An element per value, e.g. `<dc:subject>`; empty values skipped. */
export function elements (name: string, values: ReadonlyArray<string | null | undefined>, indent = '      '): string {
  return values.filter((value): value is string => value != null && value.trim() !== '')
    .map(value => `${indent}<${name}>${escapeXml(value)}</${name}>\n`).join('')
}
