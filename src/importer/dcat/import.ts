// Reads a DCAT catalogue page by page through hydra:next (PartialCollectionView) or hydra:nextPage
// (the older PagedCollection), in either Hydra namespace, with loop detection and a page cap; each
// dataset is written as soon as its page is read.
import type { ImportContext } from '../context.js'
import { SourceError } from '../http.js'
import { WriteBatch } from '../batch.js'
import { Graph, NS } from './graph.js'
import { mapDataset } from './map-dataset.js'
import { parsePage } from './parse.js'

const ACCEPT = 'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7, */*;q=0.1'
const NEXT = [`${NS.hydra}next`, `${NS.hydra}nextPage`, `${NS.hydraLegacy}next`, `${NS.hydraLegacy}nextPage`]
const DEFAULT_MAX_PAGES = 10_000

export async function importDcat (context: ImportContext): Promise<void> {
  const maxPages = context.options.maxPages ?? DEFAULT_MAX_PAGES
  const visited = new Set<string>()
  let complete = true
  let url: string | null = context.options.url
  let pages = 0
  while (url !== null) {
    context.options.signal?.throwIfAborted()
    if (visited.has(url)) {
      context.report.warn(`hydra:next leads back to ${url}, already read: paging stopped there`)
      break
    }
    if (pages >= maxPages) {
      context.report.warn(`Stopped after ${maxPages} pages: the catalogue may have more`)
      complete = false
      break
    }
    visited.add(url)
    let graph: Graph
    try {
      const doc = await context.http.document(url, { accept: ACCEPT })
      graph = new Graph(await parsePage(doc))
    } catch (err) {
      if (!(err instanceof SourceError) || pages === 0) throw err
      context.report.warn(`Page ${pages + 1} (${url}) could not be read: ${err.message}`)
      complete = false
      break
    }
    pages++
    const writes = new WriteBatch(context)
    await importPage(context, graph, writes)
    await writes.flush()
    url = nextPage(graph, url)
    context.progress(`page ${pages} read${url === null ? ', the last' : ''}`)
  }
  context.listingComplete = complete
}

async function importPage (context: ImportContext, graph: Graph, writes: WriteBatch): Promise<void> {
  for (const node of graph.subjectsOfType(`${NS.dcat}Dataset`)) {
    const mapped = mapDataset(context, graph, node)
    if ('skip' in mapped) {
      context.report.add({ type: 'dataset', outcome: 'skipped', sourceId: mapped.key, reason: mapped.skip })
      continue
    }
    if (context.listed.has(mapped.record.sourceId)) {
      context.report.add({ type: 'dataset', outcome: 'skipped', sourceId: mapped.record.sourceId, title: mapped.record.body.title, reason: 'a second dataset with the same identifier in this catalogue' })
      continue
    }
    context.listed.add(mapped.record.sourceId)
    await writes.add(mapped.record)
  }
}

/** The next page's absolute URL, from any node of the page that names one. */
function nextPage (graph: Graph, current: string): string | null {
  for (const predicate of NEXT) {
    const next = graph.store.getObjects(null, predicate, null)[0]
    if (next === undefined) continue
    try {
      return new URL(next.value, current).href
    } catch {
      return null
    }
  }
  return null
}
