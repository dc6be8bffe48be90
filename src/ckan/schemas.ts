// The CKAN dicts as TypeBox schemas: what data.gouv.fr's CKAN harvester requires of a package
// (ckan-compat.md §2.2: udata's voluptuous schema, `required=True, extra=True`), and the envelopes.
// The contract documents them; the tests validate every dict the layer emits against them.
import { Type } from 'typebox'

const Str = Type.String()
const NullableStr = Type.Union([Type.String(), Type.Null()])
/** CKAN's naive UTC timestamps. */
const CkanDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}$', examples: ['2026-03-04T05:06:07.654000'] })
/** A public absolute URL: udata refuses relative and local ones. */
const PublicUrl = Type.String({ pattern: '^https?://(?!localhost[:/]|127\\.)[^/\\s]+' })

export const CkanTag = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Str,
  display_name: Str,
  state: Type.Literal('active'),
  vocabulary_id: Type.Null()
})

export const CkanResource = Type.Object({
  id: Type.String({ format: 'uuid' }),
  package_id: Type.String({ format: 'uuid' }),
  url: PublicUrl,
  name: Str,
  description: NullableStr,
  format: Str,
  mimetype: NullableStr,
  mimetype_inner: Type.Null(),
  size: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  hash: Type.String({ pattern: '^([0-9a-f]{64})?$' }),
  created: CkanDate,
  last_modified: CkanDate,
  metadata_modified: CkanDate,
  position: Type.Integer({ minimum: 0 }),
  resource_type: Type.Union([Type.Null(), Type.Literal('api')]),
  url_type: Type.Union([Type.Null(), Type.Literal('upload')]),
  state: Type.Literal('active'),
  cache_url: Type.Null(),
  cache_last_updated: Type.Null(),
  datastore_active: Type.Boolean()
})

export const CkanOrganization = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Str,
  title: Str,
  type: Type.Literal('organization'),
  description: Str,
  image_url: Str,
  created: CkanDate,
  is_organization: Type.Literal(true),
  approval_status: Str,
  state: Type.Literal('active')
})

export const CkanGroup = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Str,
  title: Str,
  description: Str,
  display_name: Str,
  image_display_url: Str
})

export const CkanPackage = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Str,
  title: Str,
  notes: Str,
  url: NullableStr,
  version: NullableStr,
  author: NullableStr,
  author_email: NullableStr,
  maintainer: NullableStr,
  maintainer_email: NullableStr,
  license_id: Str,
  license_title: Str,
  license_url: Type.Optional(Str),
  isopen: Type.Boolean(),
  type: Type.Literal('dataset'),
  state: Type.Literal('active'),
  private: Type.Literal(false),
  owner_org: Type.String({ format: 'uuid' }),
  creator_user_id: Type.Null(),
  metadata_created: CkanDate,
  metadata_modified: CkanDate,
  num_resources: Type.Integer({ minimum: 0 }),
  num_tags: Type.Integer({ minimum: 0 }),
  tags: Type.Array(CkanTag),
  groups: Type.Array(CkanGroup),
  organization: Type.Union([CkanOrganization, Type.Null()]),
  extras: Type.Array(Type.Object({ key: Str, value: Str }, { additionalProperties: false })),
  relationships_as_subject: Type.Array(Type.Unknown()),
  relationships_as_object: Type.Array(Type.Unknown()),
  resources: Type.Array(CkanResource)
}, { description: 'A CKAN package dict, with every key data.gouv.fr\'s CKAN harvester requires.' })

export const CkanEnvelope = Type.Object({
  help: Str,
  success: Type.Literal(true),
  result: Type.Unknown({ description: 'The action\'s result: a package dict (see the `CkanPackage` shape in the README), a list, or a search result.' })
}, { description: 'CKAN\'s success envelope (`application/json`, or `application/javascript` for JSONP).' })

export const CkanError = Type.Object({
  help: Str,
  success: Type.Literal(false),
  error: Type.Union([
    Type.Object({ __type: Type.String({ examples: ['Not Found Error', 'Validation Error', 'Search Query Error'] }), message: Type.Optional(Str) }, { additionalProperties: true }),
    Type.String({ examples: ['Bad request - Action name not known: foo'] })
  ])
}, { description: 'CKAN\'s error envelope, with CKAN\'s status codes: 400, 404, 409.' })
