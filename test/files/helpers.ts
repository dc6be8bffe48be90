// Shared by the file tests: a seeded catalogue, publisher tokens, multipart bodies and a look at storage.
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { createApiToken } from '../../src/auth/tokens.js'

export const BOUNDARY = '----bastille-test-boundary'
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`

export interface FilePart { filename: string, content: Buffer | string, contentType?: string, name?: string }
export type Part = [name: string, value: string] | FilePart

/** A multipart/form-data body, parts in the given order. */
export function multipart (...parts: Part[]): Buffer {
  const chunks: Buffer[] = []
  for (const part of parts) {
    if (Array.isArray(part)) {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part[0]}"\r\n\r\n${part[1]}\r\n`))
    } else {
      // Names a header cannot carry as they are go in RFC 5987 form, as busboy reads them.
      const filename = /^[\x20-\x7e]*$/.test(part.filename) && !part.filename.includes('"')
        ? `filename="${part.filename}"`
        : `filename*=UTF-8''${encodeURIComponent(part.filename)}`
      const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name ?? 'file'}"; ${filename}\r\n` +
        `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`
      chunks.push(Buffer.from(head), Buffer.from(part.content), Buffer.from('\r\n'))
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`))
  return Buffer.concat(chunks)
}

/** A storage folder the test can inspect, removed on teardown. */
export async function storageDir (t: Test): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bastille-files-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Every file under the storage folder (committed objects and temporaries), relative paths. */
export async function storedFiles (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  // leases/ and placing/ hold the running node's lease and markers (storage/local.ts), not stored data.
  return entries.filter(e => e.isFile() && !['leases', 'placing'].includes(path.basename(e.parentPath))).map(e => path.relative(dir, path.join(e.parentPath, e.name))).sort()
}

export interface Seeded {
  /** Published dataset of the city, with one link distribution. */
  city: { datasetId: string, distributionId: string }
  cityDraft: { datasetId: string, distributionId: string }
  cityDeleted: { datasetId: string, distributionId: string }
  /** Authorization headers of an editor token of each publisher. */
  cityEditor: { authorization: string }
  transportEditor: { authorization: string }
}

async function dataset (app: FastifyInstance, slug: string, publisher: string, status: 'draft' | 'published', deleted = false) {
  const { id } = await app.db.insertInto('datasets').values({
    slug, publisher_id: publisher, title: `Dataset ${slug}`, status, licence_id: 'etalab-2.0', deleted_at: deleted ? new Date() : null
  }).returning('id').executeTakeFirstOrThrow()
  const distribution = await app.db.insertInto('distributions').values({
    dataset_id: id, title: `Link of ${slug}`, access_url: 'https://example.org/data'
  }).returning('id').executeTakeFirstOrThrow()
  return { datasetId: id, distributionId: distribution.id }
}

export async function seed (app: FastifyInstance): Promise<Seeded> {
  await app.db.insertInto('publishers').values([
    { id: 'city', name: 'Ville', type: 'LocalAuthority' },
    { id: 'transport', name: 'Transports', type: 'LocalAuthority' }
  ]).execute()
  const editor = async (publisherId: string) => {
    const { secret } = await createApiToken(app.db, { name: `${publisherId} editor`, role: 'editor', publisherId })
    return { authorization: `Bearer ${secret}` }
  }
  return {
    city: await dataset(app, 'city-data', 'city', 'published'),
    cityDraft: await dataset(app, 'city-draft', 'city', 'draft'),
    cityDeleted: await dataset(app, 'city-deleted', 'city', 'published', true),
    cityEditor: await editor('city'),
    transportEditor: await editor('transport')
  }
}
