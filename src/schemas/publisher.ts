// Publishers (the public bodies of the portal): their JSON shape and request bodies (SPEC §2).
import { Type, type Static, type TSchema } from 'typebox'
import { HttpUrl, ref, Slug, Timestamp } from './common.js'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const Name = Type.String({ minLength: 1, maxLength: 300, examples: ['Ville de Lugdunum'] })
const PublisherType = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'An ADMS publisher type code (GET /vocabularies/publisher-type).',
  examples: ['LocalAuthority']
})
const Email = Type.String({ format: 'email', maxLength: 200, examples: ['opendata@lugdunum.example.org'] })
const Homepage = { ...HttpUrl, examples: ['https://www.lugdunum.example.org'] }

const EXAMPLE = {
  name: 'Ville de Lugdunum',
  type: 'LocalAuthority',
  homepage: 'https://www.lugdunum.example.org',
  email: 'opendata@lugdunum.example.org'
}

export const Publisher = Type.Object({
  id: Slug,
  name: Name,
  type: PublisherType,
  homepage: Nullable(Homepage),
  email: Nullable(Email),
  catalog: Type.String({ format: 'uri', description: 'This publisher\'s DCAT-AP sub-catalogue.', examples: ['https://data.example.org/publishers/lugdunum/catalog'] }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}, {
  $id: 'Publisher',
  description: 'A public body that publishes datasets on the portal.',
  examples: [{
    id: 'lugdunum',
    ...EXAMPLE,
    catalog: 'https://data.example.org/publishers/lugdunum/catalog',
    createdAt: '2026-01-15T09:30:00.000Z',
    updatedAt: '2026-01-15T09:30:00.000Z'
  }]
})
export type Publisher = Static<typeof Publisher>

const writable = {
  name: Name,
  type: PublisherType,
  homepage: Type.Optional(Nullable(Homepage)),
  email: Type.Optional(Nullable(Email))
}

export const CreatePublisher = Type.Object({ id: Slug, ...writable }, {
  $id: 'CreatePublisher',
  additionalProperties: false,
  description: 'A new publisher; `id` is its permanent slug.',
  examples: [{ id: 'lugdunum', ...EXAMPLE }]
})
export type CreatePublisher = Static<typeof CreatePublisher>

export const ReplacePublisher = Type.Object(writable, {
  $id: 'ReplacePublisher',
  additionalProperties: false,
  description: 'A whole publisher, its id taken from the path; omitted optional fields become null.',
  examples: [EXAMPLE]
})
export type ReplacePublisher = Static<typeof ReplacePublisher>

export const PublisherPatch = Type.Object({
  name: Type.Optional(Name),
  type: Type.Optional(PublisherType),
  homepage: Type.Optional(Nullable(Homepage)),
  email: Type.Optional(Nullable(Email))
}, {
  $id: 'PublisherPatch',
  additionalProperties: false,
  description: 'A JSON merge patch (RFC 7396): listed fields replace, `null` removes.',
  examples: [{ email: null, homepage: 'https://lugdunum.example.org' }]
})
export type PublisherPatch = Static<typeof PublisherPatch>

export const PublisherList = Type.Object({
  items: Type.Array(ref(Publisher)),
  total: Type.Integer({ minimum: 0, examples: [3] })
}, { $id: 'PublisherList', description: 'Every publisher, by id.' })
export type PublisherList = Static<typeof PublisherList>
