// API tokens as the API shows them: metadata only, the secret once at creation (SPEC §5).
import { Type, type Static, type TSchema } from 'typebox'
import { ref, Slug, Timestamp, Uuid } from './common.js'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const TokenProperties = {
  id: Uuid,
  name: Type.String({ examples: ['nightly import'] }),
  role: Type.Union([Type.Literal('admin'), Type.Literal('editor')], { description: '`admin` may do everything; `editor` writes the data of one publisher.' }),
  publisher: Nullable(Type.String({ description: 'The publisher an editor token writes for; null for admin tokens.', examples: ['tisseo'] })),
  expiresAt: Nullable(Timestamp),
  lastUsedAt: Nullable({ ...Timestamp, description: 'Updated at most once a minute.' }),
  revokedAt: Nullable(Timestamp),
  createdBy: Nullable({ ...Uuid, description: 'The token that created this one; null when made with ADMIN_TOKEN or the command line.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp
}

export const Token = Type.Object(TokenProperties, { $id: 'Token', description: 'An API token, without its secret.' })
export type Token = Static<typeof Token>

export const CreatedToken = Type.Object({
  ...TokenProperties,
  secret: Type.String({
    pattern: '^bst_[A-Za-z0-9_-]{43}$',
    description: 'The bearer secret, shown only in this response: store it now.',
    examples: ['bst_3q2-7wQx4yD8b9kz0mV1nR5tJ6uH2pL7cF0aE4sW9gI']
  })
}, { $id: 'CreatedToken', description: 'A new API token, with its secret shown once.' })
export type CreatedToken = Static<typeof CreatedToken>

export const CreateToken = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100, examples: ['nightly import'] }),
  role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('editor')], { default: 'editor' })),
  publisher: Type.Optional({ ...Slug, description: 'Required for an editor token made by an admin; an editor may only name its own publisher (the default).', examples: ['tisseo'] }),
  expiresAt: Type.Optional({ ...Timestamp, description: 'When the token stops working; never when absent.' })
}, { $id: 'CreateToken', additionalProperties: false, examples: [{ name: 'nightly import', publisher: 'tisseo', expiresAt: '2027-01-01T00:00:00.000Z' }] })
export type CreateToken = Static<typeof CreateToken>

export const TokenList = Type.Object({
  items: Type.Array(ref(Token))
}, { $id: 'TokenList' })
export type TokenList = Static<typeof TokenList>
