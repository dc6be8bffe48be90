// What every tus test needs: two publishers with an editor token each, and A's distribution with a file.
import type { FastifyInstance, InjectOptions } from 'fastify'
import { ADMIN } from '../support/build-app.js'

export interface Seed {
  /** Headers of A's editor, with Tus-Resumable. */
  A: Record<string, string>
  B: Record<string, string>
  distribution: string
  uploads: string
}

async function ok (app: FastifyInstance, options: InjectOptions, status: number): Promise<any> {
  const res = await app.inject(options)
  if (res.statusCode !== status) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json()
}

export async function seed (app: FastifyInstance, status: 'published' | 'draft' = 'published'): Promise<Seed> {
  for (const id of ['pub-a', 'pub-b']) {
    await ok(app, { method: 'POST', url: '/publishers', headers: ADMIN, payload: { id, name: id, type: 'LocalAuthority' } }, 201)
  }
  const token = async (publisher: string) =>
    (await ok(app, { method: 'POST', url: '/tokens', headers: ADMIN, payload: { name: publisher, publisher } }, 201)).secret as string
  const A = { authorization: `Bearer ${await token('pub-a')}`, 'tus-resumable': '1.0.0' }
  const B = { authorization: `Bearer ${await token('pub-b')}`, 'tus-resumable': '1.0.0' }
  const dataset = await ok(app, { method: 'POST', url: '/datasets', headers: A, payload: { slug: 'target', title: 'Target', status } }, 201)
  const boundary = 'seed-boundary'
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nFile\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="old.csv"\r\nContent-Type: text/csv\r\n\r\nid\n1\n\r\n--${boundary}--\r\n`
  const distribution = (await ok(app, {
    method: 'POST',
    url: `/datasets/${dataset.id as string}/distributions`,
    headers: { ...A, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload
  }, 201)).id as string
  return { A, B, distribution, uploads: `/distributions/${distribution}/uploads` }
}

/** `Upload-Metadata` from plain values. */
export const metadata = (entries: Record<string, string>): string =>
  Object.entries(entries).map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`).join(',')
