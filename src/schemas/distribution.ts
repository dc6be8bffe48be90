// Distributions (a file or a link of a dataset): their JSON shape and request bodies (SPEC §2).
import { Type, type Static, type TSchema } from 'typebox'
import { HttpUrl, MAX_INTEGER, ref, Timestamp, Uuid } from './common.js'

const Title = Type.String({ minLength: 1, maxLength: 500, examples: ['Arrêts de bus (CSV)'] })
const Description = Type.String({ maxLength: 20000, examples: ['Un arrêt par ligne, coordonnées en WGS 84.'] })
const MediaType = Type.String({ pattern: '^[a-zA-Z0-9!#$&^_.+-]+/[a-zA-Z0-9!#$&^_.+-]+(\\s*;.*)?$', maxLength: 200, examples: ['text/csv'] })
const FileType = Type.String({ pattern: '^[A-Z0-9_]+$', maxLength: 50, description: 'EU file-type code (vocabulary `file-type`).', examples: ['CSV'] })
const Checksum = Type.Object({
  algorithm: Type.Literal('sha256'),
  value: Type.String({ pattern: '^[0-9a-f]{64}$', examples: ['9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'] })
}, { additionalProperties: false })
// Writes stop at 2^53 - 1 (a JSON number past it loses digits); reads serialise whatever PostgreSQL's
// bigint holds, so a size stored some other way (an import, SQL) never turns a read into a 500.
const ByteSize = Type.Integer({ minimum: 0, examples: [48213] })
const WritableByteSize = Type.Integer({ minimum: 0, maximum: MAX_INTEGER, examples: [48213] })
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
export const LicenceId = Type.String({ minLength: 1, maxLength: 100, description: 'A licence id from GET /licences.', examples: ['etalab-2.0'] })

export const Distribution = Type.Object({
  id: Uuid,
  uri: Type.String({ format: 'uri', examples: ['https://data.example.org/distributions/0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d'] }),
  dataset: Uuid,
  title: Title,
  description: Nullable(Description),
  accessUrl: Nullable(HttpUrl),
  downloadUrl: Nullable(HttpUrl),
  mediaType: Nullable(MediaType),
  format: Nullable(FileType),
  byteSize: Nullable(ByteSize),
  checksum: Nullable(Checksum),
  licence: Nullable(LicenceId),
  file: Nullable(Type.Object({
    name: Type.String({ examples: ['arrets.csv'] }),
    url: HttpUrl
  }, { description: 'Set when the bytes were uploaded to the portal.' })),
  issued: Nullable(Timestamp),
  modified: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp
}, {
  $id: 'Distribution',
  description: 'A file or link through which a dataset is available.',
  examples: [{
    id: '5a0c6f0e-8f43-4a53-9d2a-3b7c8e1d2f40',
    uri: 'https://data.example.org/distributions/5a0c6f0e-8f43-4a53-9d2a-3b7c8e1d2f40',
    dataset: '0b4d1a2c-3e5f-4a6b-8c7d-9e0f1a2b3c4d',
    title: 'Arrêts de bus (CSV)',
    description: null,
    accessUrl: 'https://transports.example.org/gtfs',
    downloadUrl: 'https://transports.example.org/gtfs/arrets.csv',
    mediaType: 'text/csv',
    format: 'CSV',
    byteSize: null,
    checksum: null,
    licence: 'lov2',
    file: null,
    issued: null,
    modified: '2026-01-15T09:30:00.000Z',
    createdAt: '2026-01-15T09:30:00.000Z',
    updatedAt: '2026-01-15T09:30:00.000Z'
  }]
})
export type Distribution = Static<typeof Distribution>

const writable = {
  title: Title,
  description: Type.Optional(Nullable(Description)),
  accessUrl: Type.Optional(Nullable(HttpUrl)),
  downloadUrl: Type.Optional(Nullable(HttpUrl)),
  mediaType: Type.Optional(Nullable(MediaType)),
  format: Type.Optional(Nullable(FileType)),
  byteSize: Type.Optional(Nullable(WritableByteSize)),
  checksum: Type.Optional(Nullable(Checksum)),
  licence: Type.Optional(Nullable(LicenceId)),
  issued: Type.Optional(Nullable(Timestamp))
}

export const CreateDistribution = Type.Object(writable, {
  $id: 'CreateDistribution',
  additionalProperties: false,
  description: 'A link distribution; `accessUrl` or `downloadUrl` is required. Omitted fields are empty; `licence` defaults to the dataset\'s.',
  examples: [{ title: 'Arrêts de bus (CSV)', downloadUrl: 'https://transports.example.org/gtfs/arrets.csv', mediaType: 'text/csv', format: 'CSV' }]
})
export type CreateDistribution = Static<typeof CreateDistribution>

export const DistributionPatch = Type.Object({ ...writable, title: Type.Optional(Title) }, {
  $id: 'DistributionPatch',
  additionalProperties: false,
  description: 'A JSON merge patch (RFC 7396): listed fields replace, `null` removes.',
  examples: [{ title: 'Arrêts de bus', checksum: null }]
})
export type DistributionPatch = Static<typeof DistributionPatch>

export const DistributionList = Type.Object({
  items: Type.Array(ref(Distribution))
}, { $id: 'DistributionList', description: 'The distributions of one dataset, oldest first.' })
export type DistributionList = Static<typeof DistributionList>
