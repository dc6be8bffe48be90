// Lists of datasets as the home, search and publisher pages show them.
import { html, type Html } from '../html.js'
import { markdownText } from '../markdown.js'
import { dateHtml, excerpt } from '../format.js'

export interface DatasetItem {
  id: string
  title: string
  description: string
  modified: Date
  publisher: { id: string, name: string } | null
  formats: readonly string[]
}

export function datasetList (items: readonly DatasetItem[], publicUrl: string): Html {
  if (items.length === 0) return html`<p>Aucun jeu de données.</p>\n`
  return html`<ol class="results">
${items.map((item) => html`<li><a href="${publicUrl}/datasets/${item.id}">${item.title}</a><br>
${item.description === '' ? null : html`<span>${excerpt(markdownText(item.description), 240)}</span><br>\n`}<span class="muted">${
  item.publisher === null ? null : html`<a href="${publicUrl}/publishers/${encodeURIComponent(item.publisher.id)}">${item.publisher.name}</a> · `}mis à jour le ${dateHtml(item.modified)}${
  item.formats.length === 0 ? null : html` · ${item.formats.join(', ')}`}</span></li>
`)}</ol>
`
}
