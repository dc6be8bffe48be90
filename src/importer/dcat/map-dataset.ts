// A dcat:Dataset node to the dataset Bastille stores, reading the breadth of properties ckanext-dcat's
// parser reads (ckan-compat §3.6); keyed on dct:identifier, else the node URI. Distributions stay links.
import type { Term } from 'n3'
import type { ImportContext } from '../context.js'
import { email, httpUrl, isoDate, text, timestamp } from '../check.js'
import { bboxOf } from '../geometry.js'
import type { ImportedDataset, ImportedDistribution, SourceFile } from '../model.js'
import { Graph, NS } from './graph.js'

const { dcat, dct, vcard, spdx, locn, adms, owl, schema, time, rdfs, skos, foaf } = NS
const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i
/** Nodes whose triples are kept with the dataset's in provenance. */
const FOLLOW = new Set([`${dcat}distribution`, `${dcat}contactPoint`, `${dct}publisher`, `${dct}temporal`, `${dct}spatial`, `${spdx}checksum`])

export type Mapped = { record: ImportedDataset } | { skip: string, key: string }

export function mapDataset (context: ImportContext, graph: Graph, node: Term): Mapped {
  const uri = node.termType === 'NamedNode' ? node.value : null
  const identifier = graph.value(node, `${dct}identifier`)
  const key = identifier ?? uri
  if (key === null) return { skip: 'a dataset with no dct:identifier and no URI cannot be recognised on the next run', key: '(blank node)' }
  const title = graph.texts(node, `${dct}title`)[0]
  if (title === undefined) return { skip: 'no dct:title', key }
  const warnings: string[] = []
  const vocab = context.vocabularies
  const codes = (values: string[], resolve: (value: string) => string | null): string[] =>
    [...new Set(values.map(resolve).filter((code): code is string => code !== null))]

  const keywords = graph.texts(node, `${dcat}keyword`).filter(k => k.length <= 100).slice(0, 100)
  const distributions = graph.objects(node, `${dcat}distribution`)
  const licenceNode = graph.objects(node, `${dct}license`)[0] ?? distributions.flatMap(d => graph.objects(d, `${dct}license`))[0]
  const licence = licenceNode === undefined ? null : resolveLicence(context, graph, licenceNode)
  const frequency = graph.value(node, `${dct}accrualPeriodicity`)
  const frequencyCode = frequency === null ? null : vocab.frequency(frequency)
  if (frequency !== null && frequencyCode === null) warnings.push(`frequency ${frequency} is not in Bastille's vocabulary`)
  const access = graph.value(node, `${dct}accessRights`)

  const record: ImportedDataset = {
    sourceId: key,
    id: uuidIn(identifier) ?? uuidIn(uri),
    slug: null,
    publisher: context.options.publisher!,
    body: {
      identifier: key,
      title: title.slice(0, 500),
      description: graph.texts(node, `${dct}description`)[0] ?? '',
      keywords,
      themes: codes(graph.objects(node, `${dcat}theme`).map(t => t.value), v => vocab.theme(v)),
      licence,
      accessRights: ((access === null ? null : vocab.accessRights(access)) ?? 'PUBLIC') as 'PUBLIC',
      frequency: frequencyCode,
      temporal: temporal(graph, node, warnings),
      spatial: spatial(graph, node),
      landingPage: httpUrl(graph.value(node, `${dcat}landingPage`)),
      contactPoint: contact(graph, graph.objects(node, `${dcat}contactPoint`)[0]),
      language: codes(graph.objects(node, `${dct}language`).map(t => t.value), v => vocab.language(v)),
      conformsTo: graph.objects(node, `${dct}conformsTo`).map(t => httpUrl(t.value)).filter((u): u is string => u !== null).slice(0, 20),
      version: text(graph.value(node, `${owl}versionInfo`, `${dcat}version`, `${adms}version`), 100),
      issued: timestamp(graph.value(node, `${dct}issued`)),
      status: 'published'
    },
    modified: timestamp(graph.value(node, `${dct}modified`)),
    groups: [],
    distributions: [],
    raw: { uri, identifier, triples: graph.describe(node, FOLLOW) },
    warnings
  }
  for (const [index, distribution] of distributions.entries()) {
    const mapped = mapDistribution(context, graph, distribution, index, licence)
    if (typeof mapped !== 'string') record.distributions.push(mapped)
    else context.report.add({ type: 'distribution', outcome: 'skipped', sourceId: distribution.value, reason: mapped })
  }
  return { record }
}

/** A UUID the source already uses (a Bastille or CKAN export), kept as the Bastille id when free. */
function uuidIn (value: string | null): string | null {
  const match = value === null ? null : UUID_AT_END.exec(value)
  return match === null ? null : match[1]!.toLowerCase()
}

function resolveLicence (context: ImportContext, graph: Graph, node: Term): string | null {
  const iri = node.termType === 'NamedNode' ? node.value : null
  const title = node.termType === 'Literal' ? node.value : graph.value(node, `${dct}title`, `${rdfs}label`, `${skos}prefLabel`)
  const match = context.licences.resolve({ id: iri, url: iri, title })
  context.report.licence(match.label, match.licence, match.how)
  return match.licence
}

function temporal (graph: Graph, node: Term, warnings: string[]): { start: string | null, end: string | null } | null {
  const period = graph.objects(node, `${dct}temporal`)[0]
  if (period === undefined) return null
  const instant = (p: string): string | null => {
    const at = graph.objects(period, p)[0]
    return at === undefined ? null : graph.value(at, `${time}inXSDDateTimeStamp`, `${time}inXSDDateTime`, `${time}inXSDDate`)
  }
  const start = isoDate(graph.value(period, `${dcat}startDate`, `${schema}startDate`) ?? instant(`${time}hasBeginning`))
  const end = isoDate(graph.value(period, `${dcat}endDate`, `${schema}endDate`) ?? instant(`${time}hasEnd`))
  if (start !== null && end !== null && start > end) {
    warnings.push(`temporal coverage ${start}/${end} ends before it starts: dropped`)
    return null
  }
  return start === null && end === null ? null : { start, end }
}

function spatial (graph: Graph, node: Term): { bbox: number[] | null, uri: string | null } | null {
  let uri: string | null = null
  let bbox: number[] | null = null
  for (const place of graph.objects(node, `${dct}spatial`)) {
    if (place.termType === 'NamedNode') uri ??= httpUrl(place.value)
    bbox ??= bboxOf(graph.value(place, `${dcat}bbox`) ?? graph.value(place, `${locn}geometry`))
  }
  return uri === null && bbox === null ? null : { bbox, uri }
}

function contact (graph: Graph, node: Term | undefined): { name: string | null, email: string | null, url: string | null } | null {
  if (node === undefined) return null
  const point = {
    name: text(graph.value(node, `${vcard}fn`, `${vcard}organization-name`, `${foaf}name`), 200),
    email: email(graph.value(node, `${vcard}hasEmail`, `${foaf}mbox`)),
    url: httpUrl(graph.value(node, `${vcard}hasURL`, `${foaf}homepage`))
  }
  return point.name === null && point.email === null && point.url === null ? null : point
}

/** A distribution, or the reason it is left out. */
function mapDistribution (context: ImportContext, graph: Graph, node: Term, index: number, datasetLicence: string | null): ImportedDistribution | string {
  const downloadUrl = httpUrl(graph.value(node, `${dcat}downloadURL`))
  const accessUrl = httpUrl(graph.value(node, `${dcat}accessURL`))
  if (downloadUrl === null && accessUrl === null) return 'no http(s) dcat:accessURL or dcat:downloadURL'
  const mediaValue = graph.value(node, `${dcat}mediaType`)
  const mediaType = mediaValue?.replace(/^https?:\/\/www\.iana\.org\/assignments\/media-types\//, '') ?? null
  const formatNode = graph.objects(node, `${dct}format`)[0]
  const formatLabel = formatNode === undefined ? null : formatNode.termType === 'BlankNode' ? graph.value(formatNode, `${rdfs}label`, `${skos}prefLabel`, `${rdfs}value`) : formatNode.value
  const format = context.vocabularies.format(formatLabel, mediaType)
  context.report.format(formatLabel ?? mediaType ?? '(none)', format.code, format.how)
  const licenceNode = graph.objects(node, `${dct}license`)[0]
  const checksumNode = graph.objects(node, `${spdx}checksum`)[0]
  const algorithm = checksumNode === undefined ? null : graph.value(checksumNode, `${spdx}algorithm`)
  const checksum = checksumNode === undefined ? null : graph.value(checksumNode, `${spdx}checksumValue`)
  const size = Number(graph.value(node, `${dcat}byteSize`) ?? NaN)
  const sourceId = node.termType === 'NamedNode' ? node.value : (downloadUrl ?? accessUrl)!
  return {
    sourceId,
    id: node.termType === 'NamedNode' ? uuidIn(node.value) : null,
    body: {
      title: graph.texts(node, `${dct}title`)[0]?.slice(0, 500) ?? formatLabel ?? `Distribution ${index + 1}`,
      description: graph.texts(node, `${dct}description`)[0] ?? null,
      accessUrl: accessUrl ?? downloadUrl,
      downloadUrl,
      mediaType: mediaType !== null && /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/.test(mediaType) ? mediaType : null,
      format: format.code,
      byteSize: Number.isSafeInteger(size) && size >= 0 ? size : null,
      checksum: checksum !== null && /sha256$/i.test(algorithm ?? '') && /^[0-9a-f]{64}$/i.test(checksum) ? { algorithm: 'sha256', value: checksum.toLowerCase() } : null,
      licence: (licenceNode === undefined ? null : resolveLicence(context, graph, licenceNode)) ?? datasetLicence,
      issued: timestamp(graph.value(node, `${dct}issued`))
    },
    file: hostedFile(context, downloadUrl, size, /sha256$/i.test(algorithm ?? '') ? checksum : null, graph.value(node, `${dct}modified`)),
    modified: timestamp(graph.value(node, `${dct}modified`))
  }
}

/**
 * A file on the catalogue's own host is the source's to serve: downloaded and stored, as a CKAN upload
 * is. Files elsewhere stay links.
 */
function hostedFile (context: ImportContext, downloadUrl: string | null, size: number, checksum: string | null, modified: string | null): SourceFile | null {
  if (downloadUrl === null || new URL(downloadUrl).host !== new URL(context.options.url).host) return null
  const sha256 = checksum !== null && /^[0-9a-f]{64}$/i.test(checksum) ? checksum.toLowerCase() : null
  const byteSize = Number.isSafeInteger(size) && size >= 0 ? size : null
  return { url: downloadUrl, headers: {}, marker: [downloadUrl, byteSize, sha256, modified].join('|'), sha256, size: byteSize }
}
