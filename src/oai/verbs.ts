// The six verbs: each answers the body of the OAI-PMH envelope or throws an OaiError.
import { UUID } from '../db/datasets.js'
import type { OaiRequest } from './arguments.js'
import { dateRange } from './dates.js'
import { OaiError } from './errors.js'
import { FORMATS, PREFIXES } from './metadata.js'
import { countRecords, earliestDatestamp, findRecord, listSets, recordPage, type RecordRow } from './queries.js'
import { header, readPage, renderRecords, type RecordContext } from './records.js'
import { encodeToken, type ListPosition, type ListQuery } from './token.js'
import { elements, escapeXml, utc } from './xml.js'

export interface VerbContext extends RecordContext {
  baseUrl: string
  adminEmail: string
  /** Records per ListIdentifiers / ListRecords response. */
  pageSize: number
}

function checkPrefix (prefix: string): void {
  if (!PREFIXES.includes(prefix)) throw new OaiError('cannotDisseminateFormat', `${prefix} is not served here; ListMetadataFormats lists ${PREFIXES.join(', ')}`)
}

/** The record an identifier names (live or deleted), or idDoesNotExist. */
async function recordOf (ctx: VerbContext, identifier: string): Promise<RecordRow> {
  const prefix = `oai:${ctx.host}:`
  const id = identifier.startsWith(prefix) ? identifier.slice(prefix.length) : ''
  const row = UUID.test(id) ? await findRecord(ctx.db, id.toLowerCase()) : undefined
  if (row === undefined) throw new OaiError('idDoesNotExist', `${identifier} is not an identifier of this repository`)
  return row
}

async function identify (ctx: VerbContext): Promise<string> {
  const earliest = await earliestDatestamp(ctx.db)
  return '  <Identify>\n' +
    elements('repositoryName', [ctx.config.catalog.title], '    ') +
    elements('baseURL', [ctx.baseUrl], '    ') +
    '    <protocolVersion>2.0</protocolVersion>\n' +
    elements('adminEmail', [ctx.adminEmail], '    ') +
    `    <earliestDatestamp>${utc(earliest ?? new Date(0))}</earliestDatestamp>\n` +
    // Tombstones live as long as the change log keeps them (CHANGES_RETENTION_DAYS).
    '    <deletedRecord>transient</deletedRecord>\n' +
    '    <granularity>YYYY-MM-DDThh:mm:ssZ</granularity>\n' +
    '  </Identify>\n'
}

async function listMetadataFormats (ctx: VerbContext, identifier: string | null): Promise<string> {
  if (identifier !== null && !(await recordOf(ctx, identifier)).live) {
    throw new OaiError('noMetadataFormats', `${identifier} is a deleted record: it has no metadata`)
  }
  return '  <ListMetadataFormats>\n' + FORMATS.map(format => '    <metadataFormat>\n' +
    `      <metadataPrefix>${format.prefix}</metadataPrefix>\n      <schema>${escapeXml(format.schema)}</schema>\n` +
    `      <metadataNamespace>${escapeXml(format.namespace)}</metadataNamespace>\n    </metadataFormat>\n`).join('') +
    '  </ListMetadataFormats>\n'
}

async function listSetsBody (ctx: VerbContext): Promise<string> {
  const sets = await listSets(ctx.db)
  if (sets.length === 0) throw new OaiError('noSetHierarchy', 'The catalogue has no publishers or themes yet, hence no sets')
  return '  <ListSets>\n' + sets.map(set =>
    `    <set>\n      <setSpec>${escapeXml(set.spec)}</setSpec>\n      <setName>${escapeXml(set.name)}</setName>\n    </set>\n`).join('') +
    '  </ListSets>\n'
}

async function getRecord (ctx: VerbContext, identifier: string, metadataPrefix: string): Promise<string> {
  checkPrefix(metadataPrefix)
  const found = await recordOf(ctx, identifier)
  const page = await readPage(ctx.db, async trx => {
    const row = await findRecord(trx, found.id)
    if (row === undefined) throw new OaiError('idDoesNotExist', `${identifier} is not an identifier of this repository`)
    return [row]
  })
  return `  <GetRecord>\n${await renderRecords(ctx, metadataPrefix, page)}  </GetRecord>\n`
}

/**
 * One page of a list: the rows after the token's position (one more than the page, to know whether
 * another follows), and the token element. completeListSize is on every token, the empty last one
 * included: piveau's importer fails without it.
 */
async function listPage (ctx: VerbContext, verb: 'ListIdentifiers' | 'ListRecords', query: ListQuery, position: ListPosition | null): Promise<string> {
  checkPrefix(query.metadataPrefix)
  const filter = { set: query.set, ...dateRange(query.from, query.until) }
  const after = position?.after ?? null
  const fetch = async (db: typeof ctx.db): Promise<RecordRow[]> => await recordPage(db, filter, after, ctx.pageSize + 1)
  const page = verb === 'ListRecords' ? await readPage(ctx.db, fetch) : { rows: await fetch(ctx.db), datasets: [], distributions: [] }
  const rows = page.rows.slice(0, ctx.pageSize)
  if (rows.length === 0) throw new OaiError('noRecordsMatch', 'No record matches these arguments')
  const more = page.rows.length > ctx.pageSize
  const cursor = position?.cursor ?? 0
  const size = Math.max(position?.size ?? await countRecords(ctx.db, filter), cursor + rows.length + (more ? 1 : 0))
  const token = more ? encodeToken({ ...query, after: rows.at(-1)!.seq, size, cursor: cursor + rows.length }) : ''
  const tokenElement = more || position !== null
    ? `    <resumptionToken completeListSize="${size}" cursor="${cursor}">${token}</resumptionToken>\n`
    : ''
  const items = verb === 'ListRecords'
    ? await renderRecords(ctx, query.metadataPrefix, { ...page, rows })
    : rows.map(row => header(ctx, row)).join('')
  return `  <${verb}>\n${items}${tokenElement}  </${verb}>\n`
}

export async function answer (ctx: VerbContext, request: OaiRequest): Promise<string> {
  switch (request.verb) {
    case 'Identify': return await identify(ctx)
    case 'ListMetadataFormats': return await listMetadataFormats(ctx, request.identifier)
    case 'ListSets': return await listSetsBody(ctx)
    case 'GetRecord': return await getRecord(ctx, request.identifier, request.metadataPrefix)
    default: return await listPage(ctx, request.verb, request.query, request.position)
  }
}
