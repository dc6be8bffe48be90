// Datasets: their JSON shape, request bodies, list and query (SPEC §2, §3).
import { Type, type Static } from 'typebox'
import { HttpUrl, IsoDate, ref, Slug, Timestamp, Uuid } from './common.js'
import { Distribution, LicenceId, Nullable } from './distribution.js'

const Code = (vocabulary: string, example: string) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 50, description: `A code of the \`${vocabulary}\` vocabulary.`, examples: [example] })
const PublisherId = Type.String({ minLength: 1, maxLength: 100, description: 'A publisher id from GET /publishers.', examples: ['metropole'] })
const Title = Type.String({ minLength: 1, maxLength: 500, examples: ['Arrêts de bus du réseau urbain'] })
const Description = Type.String({ maxLength: 100000, description: 'Markdown.', examples: ['Position et nom de **tous les arrêts**.'] })
const Keyword = Type.String({ minLength: 1, maxLength: 100, examples: ['transport'] })
const AccessRights = Type.Union([Type.Literal('PUBLIC'), Type.Literal('RESTRICTED'), Type.Literal('NON_PUBLIC')], { examples: ['PUBLIC'] })
const Status = Type.Union([Type.Literal('draft'), Type.Literal('published')], { description: 'Drafts are seen only by their publisher and admins.', examples: ['published'] })
const Version = Type.String({ minLength: 1, maxLength: 100, examples: ['2026.1'] })

export const Temporal = Type.Object({
  start: Type.Optional(Nullable(IsoDate)),
  end: Type.Optional(Nullable(IsoDate))
}, { additionalProperties: false, description: 'Period covered, ISO dates, `start` ≤ `end`.' })

export const Spatial = Type.Object({
  bbox: Type.Optional(Nullable(Type.Array(Type.Number({ minimum: -180, maximum: 180 }), {
    minItems: 4,
    maxItems: 4,
    description: '[west, south, east, north] in WGS 84 degrees: longitudes within ±180, latitudes within ±90, south ≤ north.',
    examples: [[4.77, 45.70, 4.90, 45.81]]
  }))),
  uri: Type.Optional(Nullable(HttpUrl))
}, { additionalProperties: false })

export const ContactPoint = Type.Object({
  name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200, examples: ['Service données'] }))),
  email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 200, examples: ['data@example.org'] }))),
  url: Type.Optional(Nullable(HttpUrl))
}, { additionalProperties: false })

const writable = {
  slug: Type.Optional(Slug),
  identifier: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 2000, description: 'dct:identifier; defaults to the dataset URI.' }))),
  publisher: Type.Optional(PublisherId),
  title: Title,
  description: Type.Optional(Description),
  keywords: Type.Optional(Type.Array(Keyword, { maxItems: 100 })),
  themes: Type.Optional(Type.Array(Code('data-theme', 'TRAN'), { maxItems: 20 })),
  licence: Type.Optional(Nullable(LicenceId)),
  accessRights: Type.Optional(AccessRights),
  frequency: Type.Optional(Nullable(Code('frequency', 'MONTHLY'))),
  temporal: Type.Optional(Nullable(Temporal)),
  spatial: Type.Optional(Nullable(Spatial)),
  landingPage: Type.Optional(Nullable(HttpUrl)),
  contactPoint: Type.Optional(Nullable(ContactPoint)),
  language: Type.Optional(Type.Array(Code('language', 'FRA'), { maxItems: 20 })),
  conformsTo: Type.Optional(Type.Array(HttpUrl, { maxItems: 20 })),
  version: Type.Optional(Nullable(Version)),
  issued: Type.Optional(Nullable(Timestamp)),
  status: Type.Optional(Status)
}

export const CreateDataset = Type.Object(writable, {
  $id: 'CreateDataset',
  additionalProperties: false,
  description: 'A whole dataset. `publisher` is required with an admin token and defaults to the editor token\'s publisher; omitted fields are empty.',
  examples: [{
    slug: 'arrets-de-bus',
    publisher: 'metropole',
    title: 'Arrêts de bus du réseau urbain',
    description: 'Position et nom de **tous les arrêts**.',
    keywords: ['transport', 'bus'],
    themes: ['TRAN'],
    licence: 'etalab-2.0',
    frequency: 'MONTHLY',
    temporal: { start: '2026-01-01', end: '2026-12-31' },
    spatial: { bbox: [4.77, 45.70, 4.90, 45.81] },
    contactPoint: { name: 'Service données', email: 'data@example.org' },
    language: ['FRA']
  }]
})
export type CreateDataset = Static<typeof CreateDataset>

export const DatasetPatch = Type.Object({ ...writable, title: Type.Optional(Title) }, {
  $id: 'DatasetPatch',
  additionalProperties: false,
  description: 'A JSON merge patch (RFC 7396): listed fields replace, `null` removes, objects merge.',
  examples: [{ keywords: ['transport', 'bus', 'arrêt'], temporal: { end: null } }]
})
export type DatasetPatch = Static<typeof DatasetPatch>

export const Dataset = Type.Object({
  id: Uuid,
  uri: Type.String({ format: 'uri', examples: ['https://data.example.org/datasets/0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d'] }),
  slug: Slug,
  identifier: Type.String(),
  publisher: PublisherId,
  title: Title,
  description: Description,
  keywords: Type.Array(Keyword),
  themes: Type.Array(Code('data-theme', 'TRAN')),
  licence: Nullable(LicenceId),
  accessRights: AccessRights,
  frequency: Nullable(Code('frequency', 'MONTHLY')),
  temporal: Nullable(Type.Object({ start: Nullable(IsoDate), end: Nullable(IsoDate) })),
  spatial: Nullable(Type.Object({ bbox: Nullable(Type.Array(Type.Number())), uri: Nullable(HttpUrl) })),
  landingPage: HttpUrl,
  contactPoint: Nullable(Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()), url: Nullable(HttpUrl) })),
  language: Type.Array(Type.String()),
  conformsTo: Type.Array(HttpUrl),
  version: Nullable(Version),
  issued: Nullable(Timestamp),
  modified: Type.String({ format: 'date-time', description: 'Last change of the content, distributions included.' }),
  status: Status,
  distributions: Type.Array(ref(Distribution)),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, {
  $id: 'Dataset',
  description: 'A dataset with its distributions embedded.',
  examples: [{
    id: '0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d',
    uri: 'https://data.example.org/datasets/0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d',
    slug: 'arrets-de-bus',
    identifier: 'https://data.example.org/datasets/0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d',
    publisher: 'metropole',
    title: 'Arrêts de bus du réseau urbain',
    description: 'Position et nom de **tous les arrêts**.',
    keywords: ['transport', 'bus'],
    themes: ['TRAN'],
    licence: 'etalab-2.0',
    accessRights: 'PUBLIC',
    frequency: 'MONTHLY',
    temporal: { start: '2026-01-01', end: '2026-12-31' },
    spatial: { bbox: [4.77, 45.70, 4.90, 45.81], uri: null },
    landingPage: 'https://data.example.org/datasets/0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d',
    contactPoint: { name: 'Service données', email: 'data@example.org', url: null },
    language: ['FRA'],
    conformsTo: [],
    version: null,
    issued: '2026-01-15T09:30:00.000Z',
    modified: '2026-01-15T09:30:00.000Z',
    status: 'published',
    distributions: [],
    createdAt: '2026-01-15T09:30:00.000Z',
    updatedAt: '2026-01-15T09:30:00.000Z'
  }]
})
export type Dataset = Static<typeof Dataset>

export const FACETS = ['publisher', 'theme', 'keyword', 'licence', 'format'] as const
export type FacetName = typeof FACETS[number]

export const DatasetQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'French full-text search over title, keywords and description; tolerant of accents, plurals and one typo.', examples: ['mobilite'] })),
  publisher: Type.Optional(PublisherId),
  keyword: Type.Optional(Keyword),
  theme: Type.Optional(Code('data-theme', 'TRAN')),
  licence: Type.Optional(LicenceId),
  format: Type.Optional(Type.String({ maxLength: 50, examples: ['CSV'] })),
  modifiedSince: Type.Optional({ ...Timestamp, examples: ['2026-01-01T00:00:00Z'] }),
  quality: Type.Optional(Type.Union(['excellent', 'good', 'sufficient', 'bad'].map(s => Type.Literal(s)), {
    description: 'Minimum MQA band (piveau\'s: bad 0–119, sufficient 120–220, good 221–350, excellent 351–405): `good` lists good and ' +
      'excellent datasets. Datasets not scored yet are left out.',
    examples: ['good']
  })),
  sort: Type.Optional(Type.Union(['relevance', 'modified', '-modified', 'title', '-title', 'created', '-created', 'quality', '-quality'].map(s => Type.Literal(s)), {
    description: 'Default: `relevance` with `q`, otherwise `-modified`. `-` sorts descending: `-quality` is best score first ' +
      '(datasets not scored yet last).'
  })),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'Opaque; from `next`.' })),
  facets: Type.Optional(Type.String({ pattern: '^(publisher|theme|keyword|licence|format)(,(publisher|theme|keyword|licence|format))*$', description: 'Comma-separated facets to count.', examples: ['publisher,theme'] }))
}, { additionalProperties: false })
export type DatasetQuery = Static<typeof DatasetQuery>

const FacetCounts = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }))
export const DatasetList = Type.Object({
  items: Type.Array(ref(Dataset)),
  total: Type.Integer({ description: 'Datasets matching the query, all pages together (see `totalExact`).' }),
  totalExact: Type.Boolean({
    description: 'False when `q`, `modifiedSince` or `quality` matched more datasets than the server counts (`SEARCH_MATCH_LIMIT`, ' +
      'default 10,000): the search then keeps the most recently added of them, and `total`, the facets and the relevance ' +
      'ranking cover only those. Sorting by another key still pages through every match.'
  }),
  next: Nullable(Type.String({ format: 'uri', description: 'The next page, absent on the last one.' })),
  facets: Type.Optional(Type.Partial(Type.Object({
    publisher: FacetCounts, theme: FacetCounts, keyword: FacetCounts, licence: FacetCounts, format: FacetCounts
  })))
}, { $id: 'DatasetList' })
export type DatasetList = Static<typeof DatasetList>
