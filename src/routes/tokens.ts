// API tokens for publishers' scripts: create (secret shown once), list (metadata only), revoke (SPEC §5).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problems, ref, Slug, Uuid } from '../schemas/common.js'
import { CreatedToken, CreateToken, TokenList } from '../schemas/token.js'
import { createApiToken, toTokenDto } from '../auth/tokens.js'
import { findToken, listTokens, revokeToken } from '../db/tokens.js'
import { ForbiddenError, NotFoundError } from '../errors.js'
import type { Principal } from '../plugins/auth.js'

/** The publisher whose tokens an editor may see or manage; undefined for admins (every publisher). */
const scopeOf = (principal: Principal): string | undefined => principal.role === 'editor' ? principal.publisherId : undefined

const tokens: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/tokens', {
    schema: {
      tags: ['tokens'],
      operationId: 'createToken',
      summary: 'Create an API token',
      description: 'An admin creates an admin token or an editor token for any publisher; an editor creates further editor tokens for its own publisher. The secret is in this response only: it is stored as a hash and cannot be shown again.',
      security: [{ bearer: [] }],
      body: ref(CreateToken),
      response: { 201: ref(CreatedToken), ...problems(400, 401, 403, 422, 429) }
    }
  }, async (request, reply) => {
    const principal = request.principal as Principal
    const { name, role = 'editor', expiresAt } = request.body
    const scope = scopeOf(principal)
    if (scope !== undefined && role === 'admin') throw new ForbiddenError('Only an admin token may create admin tokens')
    const publisherId = request.body.publisher ?? scope
    if (scope !== undefined && publisherId !== scope) throw new ForbiddenError(`This token may not create tokens for publisher ${publisherId}`)
    const { token, secret } = await createApiToken(app.db, {
      name,
      role,
      publisherId: publisherId ?? null,
      expiresAt: expiresAt === undefined ? null : new Date(expiresAt),
      createdBy: principal.tokenId
    })
    // The secret must not linger in any cache.
    return reply.code(201).header('cache-control', 'no-store').send({ ...token, secret })
  })

  app.get('/tokens', {
    schema: {
      tags: ['tokens'],
      operationId: 'listTokens',
      summary: 'List API tokens',
      description: 'Admins see every token, editors their publisher’s; metadata only, never a secret. Revoked and expired tokens are listed too, for the record.',
      security: [{ bearer: [] }],
      querystring: Type.Object({
        publisher: Type.Optional({ ...Slug, description: 'Only this publisher’s tokens (admins).', examples: ['tisseo'] })
      }, { additionalProperties: false }),
      response: { 200: ref(TokenList), ...problems(400, 401, 403, 429) }
    }
  }, async (request) => {
    const scope = scopeOf(request.principal as Principal)
    const { publisher } = request.query
    if (scope !== undefined && publisher !== undefined && publisher !== scope) {
      throw new ForbiddenError(`This token may not list the tokens of publisher ${publisher}`)
    }
    const rows = await listTokens(app.db, scope ?? publisher)
    return { items: rows.map(toTokenDto) }
  })

  app.delete('/tokens/:id', {
    schema: {
      tags: ['tokens'],
      operationId: 'revokeToken',
      summary: 'Revoke an API token',
      description: 'The token stops working at once, on every node. Revoking a revoked token is a no-op, so scripts may retry. An editor may revoke its own publisher’s tokens only.',
      security: [{ bearer: [] }],
      params: Type.Object({ id: Uuid }),
      response: { 204: Type.Null({ description: 'Revoked' }), ...problems(400, 401, 404, 429) }
    }
  }, async (request, reply) => {
    const scope = scopeOf(request.principal as Principal)
    const { id } = request.params
    const token = await findToken(app.db, id)
    // Another publisher's token answers like a missing one: its existence is not theirs to know.
    if (token === undefined || (scope !== undefined && token.publisher_id !== scope)) throw new NotFoundError('Token', id)
    await revokeToken(app.db, id)
    request.log.info({ tokenId: id, by: request.principal?.tokenId ?? 'ADMIN_TOKEN' }, 'token revoked')
    return reply.code(204).send(null)
  })
}

export default tokens
