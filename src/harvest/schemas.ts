// Harvest sources and their runs: JSON shapes and request bodies (issue 14). Inline schemas, as they are
// used by the harvest routes only.
import { Type, type Static } from 'typebox'
import { HttpUrl, Slug, Timestamp, Uuid } from '../schemas/common.js'
import { SCHEDULE_DESCRIPTION } from './schedule.js'

const Kind = Type.Union([Type.Literal('ckan'), Type.Literal('dcat')], {
  description: '`ckan`: a CKAN site (its Action API is found, also under `/ckan`); `dcat`: a DCAT-AP catalogue in Turtle, RDF/XML or JSON-LD, paged with Hydra.'
})
const SourceUrl = { ...HttpUrl, description: 'Where the catalogue is read; it must resolve to a public address.', examples: ['https://data.ville-exemple.fr/catalog.ttl'] }
const Schedule = Type.String({ minLength: 1, maxLength: 40, description: SCHEDULE_DESCRIPTION, examples: ['daily', 'PT6H'] })

export const HarvestSource = Type.Object({
  id: Uuid,
  publisher: Slug,
  kind: Kind,
  url: Type.String({ format: 'uri' }),
  schedule: Schedule,
  nextRunAt: Type.Union([Timestamp, Type.Null()], { description: 'When the next scheduled run is due; null for `manual`.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, { description: 'A catalogue harvested on a schedule into one publisher.' })
export type HarvestSourceJson = Static<typeof HarvestSource>

export const HarvestSourceList = Type.Object({
  items: Type.Array(HarvestSource),
  total: Type.Integer({ minimum: 0 })
}, { description: 'The sources the token may manage: all for an admin, its publisher\'s for an editor.' })

export const CreateHarvestSource = Type.Object({
  kind: Kind,
  url: SourceUrl,
  publisher: Type.Optional({ ...Slug, description: 'Required with an admin token; an editor token may only name its own publisher (the default).' }),
  schedule: Schedule
}, { additionalProperties: false, examples: [{ kind: 'dcat', url: 'https://data.ville-exemple.fr/catalog.ttl', publisher: 'ville-exemple', schedule: 'daily' }] })

export const HarvestSourcePatch = Type.Object({
  kind: Type.Optional(Kind),
  url: Type.Optional(SourceUrl),
  schedule: Type.Optional(Schedule)
}, { additionalProperties: false, description: 'A JSON merge patch (RFC 7396); the publisher of a source does not change.', examples: [{ schedule: 'PT6H' }] })

export const HarvestRun = Type.Object({
  id: Uuid,
  source: Uuid,
  trigger: Type.Union([Type.Literal('manual'), Type.Literal('schedule')]),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer({ minimum: 0, description: 'Times a node started it (a run whose node died is started again).' }),
  force: Type.Boolean({ description: 'Started with `?force=true`: withdraws past HARVEST_WITHDRAW_MAX_SHARE.' }),
  queuedAt: Timestamp,
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  report: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
    description: 'The import report (counts created/updated/unchanged/skipped/failed per type, items with reasons, `seen` and `vanished` dataset ids), plus `unpublished`: the datasets this run turned back to drafts because the source withdrew them, `missing`: those still within the grace of HARVEST_WITHDRAW_AFTER_RUNS (id → consecutive runs missing), and `held` when the run withdrew nothing because it would have withdrawn more than HARVEST_WITHDRAW_MAX_SHARE.'
  }),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why the run failed.' })
}, { description: 'One harvest of a source.' })
export type HarvestRunJson = Static<typeof HarvestRun>

export const HarvestRunList = Type.Object({
  items: Type.Array(HarvestRun),
  total: Type.Integer({ minimum: 0 })
}, { description: 'Runs of the source, newest first.' })

export const SourceParams = Type.Object({ id: { ...Uuid, description: 'The harvest source id.' } }, { additionalProperties: false })
export const RunParams = Type.Object({ id: { ...Uuid, description: 'The harvest source id.' }, runId: { ...Uuid, description: 'The run id.' } }, { additionalProperties: false })
export const RunNowQuery = Type.Object({
  force: Type.Boolean({
    default: false,
    description: 'Withdraw what the source no longer lists even when it is more than HARVEST_WITHDRAW_MAX_SHARE of its datasets.'
  })
}, { additionalProperties: false })
export const RunQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'How many of the latest runs.' })
}, { additionalProperties: false })
