// The licence registry: its JSON shape and request bodies (SPEC §2).
import { Type, type Static, type TSchema } from 'typebox'
import { HttpUrl, ref, Timestamp } from './common.js'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const LicenceSlug = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]*$',
  minLength: 1,
  maxLength: 100,
  description: 'Lowercase letters, digits, `.`, `-` and `_`; the seeded ones are SPDX ids in lower case.',
  examples: ['etalab-2.0']
})
const Title = Type.String({
  minLength: 1,
  maxLength: 300,
  description: 'Exactly the title data.gouv.fr knows, which its harvester matches on.',
  examples: ['Licence Ouverte / Open Licence version 2.0']
})
const SpdxId = Type.String({ pattern: '^[A-Za-z0-9.+-]+$', maxLength: 100, examples: ['etalab-2.0'] })
const EuUri = Type.String({
  format: 'uri',
  pattern: '^http://publications\\.europa\\.eu/resource/authority/licence/[A-Za-z0-9_-]+$',
  description: 'The licence in the EU licence authority table.',
  examples: ['http://publications.europa.eu/resource/authority/licence/CC_BY_4_0']
})
const Url = { ...HttpUrl, description: 'The canonical URL, as data.gouv.fr matches it.', examples: ['https://www.etalab.gouv.fr/licence-ouverte-open-licence'] }
const AlternateUrls = Type.Array(HttpUrl, { maxItems: 20, description: 'Other URLs that name this licence.' })
const Open = Type.Boolean({ description: 'Whether it is an open licence (Open Definition).', examples: [true] })

const EXAMPLE = {
  title: 'Licence Ouverte / Open Licence version 2.0',
  url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence',
  alternateUrls: ['https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf'],
  spdxId: 'etalab-2.0',
  euUri: null,
  open: true
}

export const Licence = Type.Object({
  id: LicenceSlug,
  title: Title,
  url: Nullable(Url),
  alternateUrls: AlternateUrls,
  spdxId: Nullable(SpdxId),
  euUri: Nullable(EuUri),
  open: Open,
  createdAt: Timestamp,
  updatedAt: Timestamp
}, {
  $id: 'Licence',
  description: 'A licence datasets and distributions may carry.',
  examples: [{ id: 'etalab-2.0', ...EXAMPLE, createdAt: '2026-01-15T09:30:00.000Z', updatedAt: '2026-01-15T09:30:00.000Z' }]
})
export type Licence = Static<typeof Licence>

const writable = {
  title: Title,
  url: Type.Optional(Nullable(Url)),
  alternateUrls: Type.Optional(AlternateUrls),
  spdxId: Type.Optional(Nullable(SpdxId)),
  euUri: Type.Optional(Nullable(EuUri)),
  open: Open
}

export const CreateLicence = Type.Object({ id: LicenceSlug, ...writable }, {
  $id: 'CreateLicence',
  additionalProperties: false,
  description: 'A new licence; `id` is its permanent slug.',
  examples: [{ id: 'etalab-2.0', ...EXAMPLE }]
})
export type CreateLicence = Static<typeof CreateLicence>

export const ReplaceLicence = Type.Object(writable, {
  $id: 'ReplaceLicence',
  additionalProperties: false,
  description: 'A whole licence, its id taken from the path; omitted optional fields become empty.',
  examples: [EXAMPLE]
})
export type ReplaceLicence = Static<typeof ReplaceLicence>

export const LicenceList = Type.Object({
  items: Type.Array(ref(Licence)),
  total: Type.Integer({ minimum: 0, examples: [9] })
}, { $id: 'LicenceList', description: 'Every licence of the registry, by id.' })
export type LicenceList = Static<typeof LicenceList>
