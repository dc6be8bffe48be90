// A publisher's page: who it is and its published datasets, a page at a time.
import type { PublisherRow } from '../../db/types.js'
import { html, safeUrl, type Html } from '../html.js'
import { page } from '../layout.js'
import { datasetList, type DatasetItem } from './lists.js'

export interface PublisherPageInput {
  publisher: PublisherRow
  catalogTitle: string
  publicUrl: string
  items: readonly DatasetItem[]
  total: number
  /** The next page of the list, or null on the last. */
  next: string | null
}

export function publisherPage (input: PublisherPageInput): Html {
  const { publisher, publicUrl } = input
  const uri = `${publicUrl}/publishers/${encodeURIComponent(publisher.id)}`
  const homepage = safeUrl(publisher.homepage)
  return page({
    title: publisher.name,
    catalogTitle: input.catalogTitle,
    publicUrl,
    description: `Les jeux de données publiés par ${publisher.name}.`,
    canonical: uri,
    alternates: [
      { type: 'application/json', href: uri, title: 'JSON' },
      { type: 'text/turtle', href: `${uri}/catalog.ttl`, title: 'DCAT-AP' }
    ],
    main: html`<h1>${publisher.name}</h1>
${homepage === null ? null : html`<p><a href="${homepage}">${homepage}</a></p>\n`}<section aria-labelledby="datasets">
<h2 id="datasets">Jeux de données publiés (${String(input.total)})</h2>
${datasetList(input.items, publicUrl)}${input.next === null ? null : html`<nav aria-label="Pages"><a href="${input.next}" rel="next">Page suivante</a></nav>\n`}</section>
`
  })
}
