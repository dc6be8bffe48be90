// The catalogue's home page (`/`, and `/catalog` for browsers): what it is, a search box, the latest
// datasets and the publishers, and where machines read it.
import { RDF_EXTENSIONS, RDF_FORMATS } from '../../dcat/serialize/index.js'
import { html, type Html } from '../html.js'
import { page } from '../layout.js'
import type { PublisherEntry } from '../queries.js'
import { datasetList, type DatasetItem } from './lists.js'

export interface HomeInput {
  title: string
  description: string
  publicUrl: string
  recent: readonly DatasetItem[]
  total: number
  publishers: readonly PublisherEntry[]
}

export function homePage (input: HomeInput): Html {
  const { publicUrl } = input
  const catalog = `${publicUrl}/catalog`
  return page({
    title: input.title,
    catalogTitle: input.title,
    publicUrl,
    description: input.description,
    canonical: `${publicUrl}/`,
    alternates: RDF_EXTENSIONS.map((format) => ({ type: RDF_FORMATS[format].mediaType, href: `${catalog}.${format}`, title: 'DCAT-AP' })),
    main: html`<h1>${input.title}</h1>
<p>${input.description}</p>
<p>${String(input.total)} ${input.total > 1 ? 'jeux de données publiés' : 'jeu de données publié'}. <a href="${publicUrl}/datasets">Tous les jeux de données</a></p>
<section aria-labelledby="recent">
<h2 id="recent">Mis à jour récemment</h2>
${datasetList(input.recent, publicUrl)}</section>
<section aria-labelledby="publishers">
<h2 id="publishers">Producteurs</h2>
<ul>
${input.publishers.map((publisher) => html`<li><a href="${publicUrl}/publishers/${encodeURIComponent(publisher.id)}">${publisher.name}</a> <span class="muted">(${String(publisher.published)})</span></li>\n`)}</ul>
</section>
`
  })
}
