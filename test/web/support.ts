// Shared by the page tests: a publisher with a published dataset (hostile Markdown, a link and an
// uploaded file), a draft and a deleted dataset.
import type { FastifyInstance } from 'fastify'
import { multipart, MULTIPART } from '../files/helpers.js'
import { editorOf, seedPublisher } from '../routes/datasets-helpers.js'

export const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
export const CSV = 'id;nom\n1;République\n'

export const HOSTILE_DESCRIPTION = [
  'Les **arrêts** du réseau, mis à jour _chaque nuit_. Voir [la documentation](https://example.org/doc).',
  '',
  '<script>alert(1)</script>',
  '',
  '- un [x](javascript:alert(1))',
  '- une <img src=x onerror=alert(1)> image',
  '',
  'Fin </script><script>alert(2)</script>'
].join('\n')

export interface Fixture {
  publisher: string
  editor: { authorization: string }
  dataset: { id: string, slug: string }
  draft: { id: string, slug: string }
  deleted: { id: string, slug: string }
  fileDistribution: string
}

export async function seed (app: FastifyInstance): Promise<Fixture> {
  const publisher = await seedPublisher(app, 'ville')
  const editor = await editorOf(app, publisher)
  const create = async (payload: object): Promise<{ id: string, slug: string }> => {
    const res = await app.inject({ method: 'POST', url: '/datasets', headers: editor, payload })
    if (res.statusCode !== 201) throw new Error(res.body)
    return res.json()
  }
  const dataset = await create({
    slug: 'arrets',
    title: 'Arrêts de bus <b>"urbains"</b>',
    description: HOSTILE_DESCRIPTION,
    keywords: ['transport', '"><script>alert(3)</script>'],
    themes: ['TRAN'],
    licence: 'etalab-2.0',
    temporal: { start: '2024-01-01' },
    spatial: { bbox: [4.7, 45.7, 4.9, 45.8] },
    contactPoint: { email: 'data@ville.example' },
    issued: '2024-01-01T00:00:00.000Z'
  })
  const link = await app.inject({
    method: 'POST',
    url: `/datasets/${dataset.id}/distributions`,
    headers: editor,
    payload: { title: 'API', accessUrl: 'https://api.ville.example/arrets', format: 'JSON', mediaType: 'application/json' }
  })
  if (link.statusCode !== 201) throw new Error(link.body)
  const file = await app.inject({
    method: 'POST',
    url: `/datasets/${dataset.id}/distributions`,
    headers: { ...editor, 'content-type': MULTIPART },
    payload: multipart(['title', 'Arrêts (CSV)'], { filename: 'arrets.csv', content: CSV, contentType: 'text/csv' })
  })
  if (file.statusCode !== 201) throw new Error(file.body)
  const draft = await create({ slug: 'brouillon', title: 'Brouillon secret', status: 'draft' })
  const deleted = await create({ slug: 'supprime', title: 'Supprimé' })
  const removed = await app.inject({ method: 'DELETE', url: `/datasets/${deleted.id}`, headers: editor })
  if (removed.statusCode !== 204) throw new Error(removed.body)
  return { publisher, editor, dataset, draft, deleted, fileDistribution: file.json().id }
}
