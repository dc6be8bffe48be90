// The page of one dataset: what a person needs to judge and download it, and links to its other
// representations (JSON, the four DCAT-AP syntaxes, schema.org) for the machines.
import type { DatasetView, DistributionView } from '../../dcat/types.js'
import { RDF_EXTENSIONS, RDF_FORMATS } from '../../dcat/serialize/index.js'
import { html, safeUrl, type Html } from '../html.js'
import { markdownHtml, markdownText } from '../markdown.js'
import { BAND_LABELS, dateHtml, excerpt, formatBytes } from '../format.js'
import { page, type Alternate } from '../layout.js'
import type { StoredBand } from '../queries.js'

const RDF_NAMES = { ttl: 'Turtle', rdf: 'RDF/XML', jsonld: 'JSON-LD', nt: 'N-Triples' } as const

const ACCESS_RIGHTS: Record<string, string> = { PUBLIC: 'public', RESTRICTED: 'restreint', NON_PUBLIC: 'non public' }

export interface DatasetPageInput {
  dataset: DatasetView
  catalogTitle: string
  publicUrl: string
  band: StoredBand | null
  /** The schema.org JSON-LD, escaped for its script element. */
  jsonLd: string
}

export function datasetAlternates (uri: string): Alternate[] {
  return [
    { type: 'application/json', href: uri, title: 'JSON' },
    ...RDF_EXTENSIONS.map((format) => ({ type: RDF_FORMATS[format].mediaType, href: `${uri}.${format}`, title: `DCAT-AP (${RDF_NAMES[format]})` }))
  ]
}

/** A link when the URL is safe to follow, else the text alone. */
function link (url: string | null, text: Html | string): Html {
  const href = safeUrl(url)
  return href === null ? html`${text}` : html`<a href="${href}">${text}</a>`
}

function distributionRow (distribution: DistributionView): Html {
  const download = safeUrl(distribution.downloadUrl)
  const access = safeUrl(distribution.accessUrl)
  const format = distribution.format?.code ?? distribution.mediaType
  return html`<tr>
<td>${distribution.title}${distribution.description === null || distribution.description === ''
    ? null
    : html`<br><span class="muted">${excerpt(markdownText(distribution.description), 200)}</span>`}</td>
<td>${format ?? '—'}</td>
<td>${distribution.byteSize === null ? '—' : formatBytes(distribution.byteSize)}</td>
<td>${dateHtml(distribution.modified)}</td>
<td>${download !== null
    ? html`<a href="${download}" download>Télécharger<span class="sr"> ${distribution.title}</span></a>`
    : access !== null ? html`<a href="${access}">Accéder<span class="sr"> à ${distribution.title}</span></a>` : '—'}</td>
</tr>
`
}

function details (input: DatasetPageInput): Html {
  const { dataset, band, publicUrl } = input
  const temporal = dataset.temporal
  const bbox = dataset.spatial?.bbox ?? null
  const contact = dataset.contactPoint
  const rows: Array<[string, Html | string] | null> = [
    ['Licence', dataset.licence === null ? 'non précisée' : link(dataset.licence.uri, dataset.licence.title)],
    ['Accès', ACCESS_RIGHTS[dataset.accessRights.code] ?? dataset.accessRights.code],
    dataset.issued === null ? null : ['Publié le', dateHtml(dataset.issued)],
    ['Mis à jour le', dateHtml(dataset.modified)],
    temporal === null
      ? null
      : ['Période couverte', html`${temporal.start === null ? 'jusqu’au' : html`du ${dateHtml(temporal.start)}`}${
          temporal.end === null ? temporal.start === null ? null : ' (en cours)' : html` ${temporal.start === null ? '' : 'au '}${dateHtml(temporal.end)}`}`],
    bbox === null ? null : ['Emprise', `ouest ${bbox[0]}, sud ${bbox[1]}, est ${bbox[2]}, nord ${bbox[3]} (WGS 84)`],
    dataset.spatial?.uri == null ? null : ['Lieu', link(dataset.spatial.uri, dataset.spatial.uri)],
    dataset.frequency === null ? null : ['Fréquence', dataset.frequency.code],
    dataset.version === null ? null : ['Version', dataset.version],
    contact === null ? null : ['Contact', html`${contact.name ?? ''}${contact.email === null ? null : html` ${link(`mailto:${contact.email}`, contact.email)}`}${contact.url === null ? null : html` ${link(contact.url, contact.url)}`}`],
    band === null
      ? null
      : ['Qualité des métadonnées', html`${BAND_LABELS[band.band]} (${String(band.score)} / 405 points, <a href="${publicUrl}/datasets/${dataset.id}/quality">détail</a>)`],
    ['Identifiant', dataset.identifier]
  ]
  return html`<dl>
${rows.map((row) => row === null ? null : html`<dt>${row[0]}</dt><dd>${row[1]}</dd>\n`)}</dl>
`
}

export function datasetPage (input: DatasetPageInput): Html {
  const { dataset, publicUrl } = input
  const publisherUrl = `${publicUrl}/publishers/${encodeURIComponent(dataset.publisher.id)}`
  const alternates = datasetAlternates(dataset.uri)
  const main = html`<article>
<h1>${dataset.title}</h1>
<p>Publié par <a href="${publisherUrl}">${dataset.publisher.name}</a></p>
${dataset.description === ''
? null
: html`<section class="description" aria-label="Description">
${markdownHtml(dataset.description)}</section>
`}${details(input)}${dataset.keywords.length === 0
? null
: html`<h2>Mots-clés</h2>
<ul class="tags">${dataset.keywords.map((keyword) => html`<li><a href="${publicUrl}/datasets?keyword=${encodeURIComponent(keyword)}">${keyword}</a></li>`)}</ul>
`}${dataset.themes.length === 0
? null
: html`<h2>Thèmes</h2>
<ul class="tags">${dataset.themes.map((theme) => html`<li><a href="${publicUrl}/datasets?theme=${encodeURIComponent(theme.code)}">${theme.labelFr}</a></li>`)}</ul>
`}<section aria-labelledby="files">
<h2 id="files">Données</h2>
${dataset.distributions.length === 0
    ? html`<p>Aucun fichier ni service pour l’instant.</p>\n`
    : html`<table>
<thead><tr><th scope="col">Nom</th><th scope="col">Format</th><th scope="col">Taille</th><th scope="col">Mis à jour</th><th scope="col">Lien</th></tr></thead>
<tbody>
${dataset.distributions.map(distributionRow)}</tbody>
</table>
`}</section>
<section aria-labelledby="machines">
<h2 id="machines">Pour les machines</h2>
<ul>
${alternates.map((alternate) => html`<li><a href="${alternate.href}" type="${alternate.type}">${alternate.title ?? alternate.type}</a></li>\n`)}</ul>
</section>
</article>
`
  return page({
    title: dataset.title,
    catalogTitle: input.catalogTitle,
    publicUrl,
    description: excerpt(markdownText(dataset.description) || dataset.title, 200),
    canonical: dataset.uri,
    alternates,
    jsonLd: input.jsonLd,
    main
  })
}
