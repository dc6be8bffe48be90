// What the resource routes hand over to when a browser (or a schema.org client) asks: each loads through
// the same db functions and views as the JSON and DCAT-AP representations, then renders.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { searchDatasets, type DatasetFilter } from '../db/search.js'
import { distributionsOf } from '../db/distributions.js'
import { findPublisher } from '../db/publishers.js'
import { summarizeFeed } from '../db/catalog.js'
import type { DatasetRecord } from '../db/datasets.js'
import type { DistributionRow } from '../db/types.js'
import { loadDatasetView } from '../routes/catalog/dataset-rdf.js'
import { encodeCursor } from '../routes/datasets/cursor.js'
import { NotFoundError } from '../errors.js'
import { etagOfText, notModified } from '../http/conditional.js'
import { findQualityBand, listPublisherEntries, publisherNames } from './queries.js'
import { schemaOrgDataset, scriptJson } from './schema-org.js'
import { sendPage } from './send.js'
import { datasetPage } from './pages/dataset.js'
import { homePage } from './pages/home.js'
import { publisherPage } from './pages/publisher.js'
import { searchPage } from './pages/search.js'
import type { DatasetItem } from './pages/lists.js'
import type { PageKind } from './negotiate.js'

const PAGE_SIZE = 20
const ANONYMOUS = { all: false, publisherId: null } as const

export const SCHEMA_ORG_TYPE = 'application/ld+json; profile="https://schema.org"; charset=utf-8'

/** GET /datasets/{idOrSlug} for a browser (its page) or a schema.org client (the JSON-LD alone). */
export async function sendDatasetPage (request: FastifyRequest, reply: FastifyReply, idOrSlug: string, kind: PageKind): Promise<FastifyReply> {
  const config = request.server.feedConfig
  const { view, lastModified } = await loadDatasetView(request, idOrSlug)
  const jsonLd = schemaOrgDataset(view, { name: config.catalog.title, url: `${config.publicUrl}/` })
  if (kind === 'schema.org') {
    const body = JSON.stringify(jsonLd)
    reply.type(SCHEMA_ORG_TYPE).header('vary', 'Accept')
    if (notModified(request, reply, etagOfText(body), lastModified)) return reply.send()
    return reply.send(body)
  }
  const band = await findQualityBand(request.server.db, view.id)
  const body = datasetPage({ dataset: view, catalogTitle: config.catalog.title, publicUrl: config.publicUrl, band, jsonLd: scriptJson(jsonLd) })
  return sendPage(request, reply, body, lastModified)
}

async function items (request: FastifyRequest, rows: readonly DatasetRecord[], distributions: ReadonlyMap<string, readonly DistributionRow[]>): Promise<DatasetItem[]> {
  const names = await publisherNames(request.server.db, rows.map((row) => row.publisher_id))
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    description: row.description,
    modified: row.modified,
    publisher: { id: row.publisher_id, name: names.get(row.publisher_id) ?? row.publisher_id },
    formats: [...new Set((distributions.get(row.id) ?? []).map((d) => d.format).filter((f): f is string => f !== null))]
  }))
}

/** `/` for everyone, and `/catalog` for browsers. */
export async function sendHomePage (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { db, feedConfig: config } = request.server
  const [summary, rows, publishers] = await Promise.all([
    summarizeFeed(db, {}),
    searchDatasets(db, { visibility: ANONYMOUS }, '-modified', null, 10),
    listPublisherEntries(db)
  ])
  const body = homePage({
    title: config.catalog.title,
    description: config.catalog.description,
    publicUrl: config.publicUrl,
    recent: await items(request, rows, await distributionsOf(db, rows.map((row) => row.id))),
    total: summary.total,
    publishers
  })
  return sendPage(request, reply, body, null)
}

/**
 * GET /publishers/{id} for a browser: the publisher and the first page of its published datasets by
 * title; the next pages are the dataset list filtered on it, which takes the same cursor.
 */
export async function sendPublisherPage (request: FastifyRequest, reply: FastifyReply, id: string): Promise<FastifyReply> {
  const { db, feedConfig: config } = request.server
  const publisher = await findPublisher(db, id)
  if (publisher === undefined) throw new NotFoundError('Publisher', id)
  const filter: DatasetFilter = { publisher: id, visibility: ANONYMOUS }
  const [summary, rows] = await Promise.all([summarizeFeed(db, { publisherId: id }), searchDatasets(db, filter, 'title', null, PAGE_SIZE + 1)])
  const shown = rows.slice(0, PAGE_SIZE)
  const last = shown.at(-1)
  const next = rows.length > PAGE_SIZE && last !== undefined
    ? `${config.publicUrl}/datasets?publisher=${encodeURIComponent(id)}&sort=title&limit=${PAGE_SIZE}&cursor=${encodeCursor('title', { value: last.sort_value, seq: last.seq })}`
    : null
  const body = publisherPage({
    publisher,
    catalogTitle: config.catalog.title,
    publicUrl: config.publicUrl,
    items: await items(request, shown, await distributionsOf(db, shown.map((row) => row.id))),
    total: summary.total,
    next
  })
  return sendPage(request, reply, body, null)
}

export interface DatasetListPage {
  rows: readonly DatasetRecord[]
  distributions: ReadonlyMap<string, readonly DistributionRow[]>
  total: number
  exact: boolean
  next: string | null
  q: string | undefined
  corrected: string | null
}

/** GET /datasets for a browser: the page of results the route found. */
export async function sendDatasetListPage (request: FastifyRequest, reply: FastifyReply, list: DatasetListPage): Promise<FastifyReply> {
  const config = request.server.feedConfig
  const body = searchPage({
    catalogTitle: config.catalog.title,
    publicUrl: config.publicUrl,
    q: list.q,
    corrected: list.corrected,
    items: await items(request, list.rows, list.distributions),
    total: list.total,
    exact: list.exact,
    next: list.next
  })
  return sendPage(request, reply, body, null)
}
