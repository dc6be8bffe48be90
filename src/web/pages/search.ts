// The dataset list for browsers (`/datasets`): the search box's results, a page at a time.
import { html, type Html } from '../html.js'
import { page } from '../layout.js'
import { datasetList, type DatasetItem } from './lists.js'

export interface SearchPageInput {
  catalogTitle: string
  publicUrl: string
  q: string | undefined
  /** The query actually run when the one typed found nothing. */
  corrected: string | null
  items: readonly DatasetItem[]
  total: number
  /** False when the search kept only its most recent matches: `total` is then a lower bound. */
  exact: boolean
  next: string | null
}

export function searchPage (input: SearchPageInput): Html {
  const { publicUrl, q } = input
  const title = q === undefined ? 'Jeux de données' : `Recherche « ${q} »`
  return page({
    title,
    catalogTitle: input.catalogTitle,
    publicUrl,
    query: q,
    alternates: [{ type: 'application/json', href: `${publicUrl}/datasets`, title: 'JSON' }],
    main: html`<h1>${title}</h1>
<p>${input.exact ? null : 'Plus de '}${String(input.total)} résultat${input.total > 1 ? 's' : ''}${input.corrected === null ? null : html` pour « ${input.corrected} »`}.</p>
${datasetList(input.items, publicUrl)}${input.next === null ? null : html`<nav aria-label="Pages"><a href="${input.next}" rel="next">Page suivante</a></nav>\n`}`
  })
}
