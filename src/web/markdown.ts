// Publishers' Markdown, parsed by our own code into a small tree and rendered through the escaping
// template: raw HTML is shown as text, and a link keeps its target only when safeUrl() allows it
// (http, https, mailto). A subset of CommonMark: what catalogue descriptions use.
import { html, safeUrl, type Html } from './html.js'

export type Inline =
  | { type: 'text', text: string }
  | { type: 'code', text: string }
  | { type: 'strong' | 'em', children: Inline[] }
  | { type: 'link', href: string | null, children: Inline[] }
  | { type: 'break' }

export type Block =
  | { type: 'heading', level: number, children: Inline[] }
  | { type: 'paragraph', children: Inline[] }
  | { type: 'list', ordered: boolean, start: number, items: Inline[][] }
  | { type: 'code', text: string }
  | { type: 'quote', blocks: Block[] }
  | { type: 'rule' }

const FENCE = /^ {0,3}(`{3,}|~{3,})/
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const QUOTE = /^ {0,3}> ?/
const ITEM = /^ {0,3}([-*+]|(\d{1,9})[.)])[ \t]+(.*)$/
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/
const BLANK = /^[ \t]*$/

/** Nesting deeper than this (quotes, emphasis) is kept as text: bounded recursion for any input. */
const MAX_DEPTH = 8
/** How far an opening delimiter looks for its closer: keeps hostile input linear. */
const WINDOW = 2000

const startsBlock = (line: string): boolean =>
  FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line)

export function parseMarkdown (source: string, depth = 0): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]!
    let match: RegExpExecArray | null
    if (BLANK.test(line)) {
      i++
    } else if ((match = FENCE.exec(line)) !== null) {
      const fence = match[1]!
      const body: string[] = []
      for (i++; i < lines.length && !(lines[i]!.trim().startsWith(fence) && lines[i]!.trim().replaceAll(fence[0]!, '') === ''); i++) body.push(lines[i]!)
      i++
      blocks.push({ type: 'code', text: body.join('\n') })
    } else if ((match = HEADING.exec(line)) !== null) {
      blocks.push({ type: 'heading', level: match[1]!.length, children: parseInline(match[2] ?? '') })
      i++
    } else if (RULE.test(line)) {
      blocks.push({ type: 'rule' })
      i++
    } else if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const body: string[] = []
      for (; i < lines.length && QUOTE.test(lines[i]!); i++) body.push(lines[i]!.replace(QUOTE, ''))
      blocks.push({ type: 'quote', blocks: parseMarkdown(body.join('\n'), depth + 1) })
    } else if ((match = ITEM.exec(line)) !== null) {
      i = list(lines, i, blocks)
    } else {
      const body = [line]
      for (i++; i < lines.length && !BLANK.test(lines[i]!) && !startsBlock(lines[i]!) && !SETEXT.test(lines[i]!); i++) body.push(lines[i]!)
      const underline = i < lines.length ? SETEXT.exec(lines[i]!) : null
      if (underline !== null) i++
      const text = body.map((l) => l.trimStart()).join('\n').trimEnd()
      blocks.push(underline === null ? { type: 'paragraph', children: parseInline(text) } : { type: 'heading', level: underline[1]!.startsWith('=') ? 1 : 2, children: parseInline(text) })
    }
  }
  return blocks
}

/** A list from line `i`: items of the same kind, with their lazy continuation lines; returns the next line. */
function list (lines: string[], i: number, blocks: Block[]): number {
  const first = ITEM.exec(lines[i]!)!
  const ordered = first[2] !== undefined
  const items: string[][] = []
  while (i < lines.length) {
    const match = ITEM.exec(lines[i]!)
    if (match === null || (match[2] !== undefined) !== ordered) break
    const item = [match[3]!]
    for (i++; i < lines.length && !BLANK.test(lines[i]!) && !startsBlock(lines[i]!); i++) item.push(lines[i]!.trim())
    items.push(item)
    // A blank line between two items keeps the list going.
    let next = i
    while (next < lines.length && BLANK.test(lines[next]!)) next++
    const following = next < lines.length ? ITEM.exec(lines[next]!) : null
    if (following === null || (following[2] !== undefined) !== ordered) break
    i = next
  }
  blocks.push({ type: 'list', ordered, start: ordered ? Number(first[2]) : 1, items: items.map((item) => parseInline(item.join('\n'))) })
  return i
}

const PUNCTUATION = /[!-/:-@[-`{-~]/
const WORD = /[\p{L}\p{N}]/u
const AUTOLINK = /^<([a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>/
const BARE_URL = /^https?:\/\/[^\s<>]+/

export function parseInline (text: string, depth = 0): Inline[] {
  const out: Inline[] = []
  let buffer = ''
  const flush = (): void => {
    if (buffer !== '') out.push({ type: 'text', text: buffer })
    buffer = ''
  }
  const push = (node: Inline): void => { flush(); out.push(node) }
  // Per delimiter, where the search for a closer already failed: whether a run closes does not depend
  // on its opener, so later openers start there (a line of unmatched `*` stays linear).
  const searched = new Map<string, number>()
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    const rest = (): string => text.slice(i, i + WINDOW)
    if (c === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1]!)) {
      buffer += text[i + 1]
      i += 2
    } else if (c === '\\' && text[i + 1] === '\n') {
      push({ type: 'break' })
      i += 2
    } else if (c === '`') {
      const run = /^`+/.exec(text.slice(i, i + 100))![0]
      const close = findRun(text, i + run.length, run)
      if (close === -1) {
        buffer += run
        i += run.length
      } else {
        const code = text.slice(i + run.length, close).replace(/\n/g, ' ')
        push({ type: 'code', text: /^ .*[^ ].* $/.test(code) ? code.slice(1, -1) : code })
        i = close + run.length
      }
    } else if ((c === '[' || (c === '!' && text[i + 1] === '[')) && depth < MAX_DEPTH) {
      const link = parseLink(text, c === '!' ? i + 1 : i)
      if (link === null) {
        buffer += c
        i++
      } else {
        push({ type: 'link', href: safeUrl(link.destination), children: parseInline(link.label, depth + 1) })
        i = link.end
      }
    } else if (c === '<' && AUTOLINK.test(rest())) {
      const target = AUTOLINK.exec(rest())![1]!
      const href = target.includes(':') ? target : `mailto:${target}`
      push({ type: 'link', href: safeUrl(href), children: [{ type: 'text', text: target }] })
      i += target.length + 2
    } else if (c === 'h' && (i === 0 || !WORD.test(text[i - 1]!)) && BARE_URL.test(rest())) {
      const url = trimUrl(BARE_URL.exec(rest())![0])
      push({ type: 'link', href: safeUrl(url), children: [{ type: 'text', text: url }] })
      i += url.length
    } else if ((c === '*' || c === '_') && depth < MAX_DEPTH) {
      const emphasis = parseEmphasis(text, i, searched)
      if (emphasis === null) {
        const run = c === '*' ? /^\*+/ : /^_+/
        const delimiters = run.exec(text.slice(i, i + 100))![0]
        buffer += delimiters
        i += delimiters.length
      } else {
        push({ type: emphasis.strong ? 'strong' : 'em', children: parseInline(text.slice(emphasis.start, emphasis.end), depth + 1) })
        i = emphasis.end + (emphasis.strong ? 2 : 1)
      }
    } else if (c === '\n') {
      if (buffer.endsWith('  ')) {
        buffer = buffer.trimEnd()
        push({ type: 'break' })
      } else {
        buffer += '\n'
      }
      i++
    } else {
      buffer += c
      i++
    }
  }
  flush()
  return out
}

/** The next backtick run exactly as long as `run`, within the window; -1 when there is none. */
function findRun (text: string, from: number, run: string): number {
  for (let j = text.indexOf(run, from); j !== -1 && j < from + WINDOW; j = text.indexOf(run, j + 1)) {
    if (text[j - 1] !== '`' && text[j + run.length] !== '`') return j
    while (text[j + 1] === '`') j++
  }
  return -1
}

/** `[label](destination "title")` starting at `start`, or null. */
function parseLink (text: string, start: number): { label: string, destination: string, end: number } | null {
  if (text.indexOf(']', start) === -1) return null
  let depth = 0
  let close = -1
  for (let j = start; j < Math.min(text.length, start + WINDOW); j++) {
    const c = text[j]
    if (c === '\\') j++
    else if (c === '[') depth++
    else if (c === ']' && --depth === 0) { close = j; break }
  }
  if (close === -1 || text[close + 1] !== '(') return null
  const target = /^\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)(?:\s+("[^"]*"|'[^']*'))?\s*\)/.exec(text.slice(close + 1, close + 1 + WINDOW))
  if (target === null) return null
  const destination = target[1]!.startsWith('<') ? target[1]!.slice(1, -1) : target[1]!
  return { label: text.slice(start + 1, close), destination: destination.replace(/\\([!-/:-@[-`{-~])/g, '$1'), end: close + 1 + target[0].length }
}

/** `*em*`, `**strong**` (or with `_`, not inside words) starting at `start`: the content's bounds, or null. */
function parseEmphasis (text: string, start: number, searched: Map<string, number>): { strong: boolean, start: number, end: number } | null {
  const c = text[start]!
  const strong = text[start + 1] === c
  const delimiter = strong ? c + c : c
  const open = start + delimiter.length
  if (open >= text.length || /\s/.test(text[open]!) || text[open] === c) return null
  if (c === '_' && start > 0 && WORD.test(text[start - 1]!)) return null
  const limit = open + WINDOW
  for (let j = text.indexOf(delimiter, Math.max(open + 1, searched.get(delimiter) ?? 0)); j !== -1 && j < limit; j = text.indexOf(delimiter, j + 1)) {
    if (/\s/.test(text[j - 1]!) || text[j + delimiter.length] === c || text[j - 1] === c) continue
    if (c === '_' && j + delimiter.length < text.length && WORD.test(text[j + delimiter.length]!)) continue
    return { strong, start: open, end: j }
  }
  searched.set(delimiter, limit)
  return null
}

/** A bare URL without the punctuation that ends its sentence, or an unbalanced closing parenthesis. */
function trimUrl (url: string): string {
  let end = url.length
  while (end > 0) {
    const c = url[end - 1]!
    const opens = url.slice(0, end).split('(').length - 1
    const closes = url.slice(0, end).split(')').length - 1
    if ('.,;:!?\'"*_'.includes(c) || (c === ')' && closes > opens)) end--
    else break
  }
  return url.slice(0, end)
}

function inlineHtml (nodes: readonly Inline[]): Html[] {
  return nodes.map(inlineNodeHtml)
}

function inlineNodeHtml (node: Inline): Html {
  switch (node.type) {
    case 'text': return html`${node.text}`
    case 'code': return html`<code>${node.text}</code>`
    case 'strong': return html`<strong>${inlineHtml(node.children)}</strong>`
    case 'em': return html`<em>${inlineHtml(node.children)}</em>`
    case 'break': return html`<br>`
    case 'link': return node.href === null
      ? html`${inlineHtml(node.children)}`
      : html`<a href="${node.href}" rel="nofollow ugc">${inlineHtml(node.children)}</a>`
  }
}

/**
 * The blocks as HTML. Headings start at `<h${firstHeading}>`, below the page's own headings.
 */
export function blocksHtml (blocks: readonly Block[], firstHeading = 2): Html[] {
  return blocks.map((block) => blockHtml(block, firstHeading))
}

function blockHtml (block: Block, firstHeading: number): Html {
  switch (block.type) {
    case 'heading': {
      const level = Math.min(6, block.level + firstHeading - 1)
      return html`<h${String(level)}>${inlineHtml(block.children)}</h${String(level)}>\n`
    }
    case 'paragraph': return html`<p>${inlineHtml(block.children)}</p>\n`
    case 'code': return html`<pre><code>${block.text}</code></pre>\n`
    case 'rule': return html`<hr>\n`
    case 'quote': return html`<blockquote>\n${blocksHtml(block.blocks, firstHeading)}</blockquote>\n`
    case 'list': {
      const items = block.items.map((item) => html`<li>${inlineHtml(item)}</li>\n`)
      return block.ordered
        ? html`<ol${block.start === 1 ? '' : html` start="${String(block.start)}"`}>\n${items}</ol>\n`
        : html`<ul>\n${items}</ul>\n`
    }
  }
}

export function markdownHtml (source: string, firstHeading = 2): Html {
  return html`${blocksHtml(parseMarkdown(source), firstHeading)}`
}

function inlineText (nodes: readonly Inline[]): string {
  return nodes.map((node) => {
    switch (node.type) {
      case 'text': case 'code': return node.text.replace(/\n/g, ' ')
      case 'break': return ' '
      default: return inlineText(node.children)
    }
  }).join('')
}

function blockText (block: Block): string {
  switch (block.type) {
    case 'heading': case 'paragraph': return inlineText(block.children)
    case 'code': return block.text
    case 'rule': return ''
    case 'quote': return block.blocks.map(blockText).filter((text) => text !== '').join('\n')
    case 'list': return block.items.map((item) => `- ${inlineText(item)}`).join('\n')
  }
}

/** The text a reader sees, without the markup: for meta descriptions and schema.org. */
export function markdownText (source: string): string {
  return parseMarkdown(source).map(blockText).filter((text) => text !== '').join('\n').trim()
}
