// Request and response schemas of the feed routes; the RDF bodies documented per media type (STYLE P4).
import { Type } from 'typebox'
import { FEED_PROFILES } from '../../dcat/feed.js'
import { RDF_EXTENSIONS, RDF_FORMATS } from '../../dcat/serialize/index.js'
import { IsoDate, NotModified, problems, Timestamp } from '../../schemas/common.js'

export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 1000

export const Profile = Type.Union(FEED_PROFILES.map((profile) => Type.Literal(profile)), {
  description: 'The feed\'s profile. `dcat-ap` (default): conformant DCAT-AP 3.0.1, with the quality measurements (DQV). ' +
    '`datagouv`: the deviations data.gouv.fr\'s harvester needs (plain `spdx:checksumValue`, no DQV); register the feed there with `?profile=datagouv`.',
  examples: ['datagouv']
})

export const ProfileQuery = Type.Object({ profile: Type.Optional(Profile) }, { additionalProperties: false })

export const FeedQuery = Type.Object({
  profile: Type.Optional(Profile),
  page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Datasets per page.' })),
  modified_since: Type.Optional(Type.Union([IsoDate, Timestamp], {
    description: 'Only datasets modified at or after this date or instant.',
    examples: ['2025-01-01', '2025-01-01T00:00:00Z']
  })),
  cursor: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'Opaque position in the feed, from a `hydra:next` link.',
    examples: ['MTAw']
  }))
}, { additionalProperties: false })

export const FormatParams = Type.Object({
  format: Type.Union(RDF_EXTENSIONS.map((format) => Type.Literal(format)), { description: 'The RDF syntax.' })
}, { additionalProperties: false })

const PublisherId = Type.String({ minLength: 1, maxLength: 100, description: 'The publisher id.', examples: ['sytral'] })

export const PublisherParams = Type.Object({ id: PublisherId }, { additionalProperties: false })

export const PublisherFormatParams = Type.Object({ id: PublisherId, format: FormatParams.properties.format }, { additionalProperties: false })

const rdfBody = (description: string) => ({
  description,
  content: Object.fromEntries(RDF_EXTENSIONS.map((format) => [
    RDF_FORMATS[format].mediaType,
    { schema: Type.String({ description: `${RDF_FORMATS[format].mediaType}; charset=utf-8` }) }
  ]))
})

/** Responses of a paged feed URL: the RDF page, 304, and problems. */
export const pageResponses = (negotiated: boolean) => {
  const body = rdfBody('A page of the DCAT-AP catalogue (`hydra:PartialCollectionView` with absolute `hydra:next`, absent on the last page).')
  return {
    // The extensionless URLs answer browsers (text/html preferred) with the catalogue's or the publisher's page.
    200: negotiated ? { ...body, content: { ...body.content, 'text/html': { schema: Type.String({ description: 'For browsers.' }) } } } : body,
    304: NotModified,
    ...(negotiated ? problems(400, 404, 406) : problems(400, 404))
  }
}

export const fullResponses = {
  200: rdfBody('The whole DCAT-AP catalogue in one document, streamed.'),
  304: NotModified,
  ...problems(400)
}
