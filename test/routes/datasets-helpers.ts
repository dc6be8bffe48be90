// Shared set-up of the dataset, distribution and search tests: publishers and editor tokens.
import type { FastifyInstance } from 'fastify'
import { createApiToken } from '../../src/auth/tokens.js'

export async function seedPublisher (app: FastifyInstance, id: string): Promise<string> {
  await app.db.insertInto('publishers').values({ id, name: `Publisher ${id}`, type: 'LocalAuthority' }).execute()
  return id
}

/** Authorization headers of a fresh editor token of `publisherId`. */
export async function editorOf (app: FastifyInstance, publisherId: string): Promise<{ authorization: string }> {
  const { secret } = await createApiToken(app.db, { name: `editor of ${publisherId}`, role: 'editor', publisherId })
  return { authorization: `Bearer ${secret}` }
}
