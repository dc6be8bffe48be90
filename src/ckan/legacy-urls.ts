// The old portal's browser-facing pages (issue 14): `{prefix}/dataset/{name}` and
// `{prefix}/dataset/{pkg}/resource/{res}[/download/{file}]` move permanently to the dataset and to the
// distribution's file (or its link). Drafts and unknown ids are the usual 404 problem.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { Config } from '../config.js'
import { datasetUri } from '../dto/dataset.js'
import { NotFoundError } from '../errors.js'
import { problems } from '../schemas/common.js'
import { findPackage } from './db/packages.js'

const Name = Type.String({ minLength: 1, maxLength: 110, description: 'The dataset\'s id, name or former name on the old portal.' })
const Moved = Type.Null({ description: 'Moved permanently: `Location` is the new address.' })

const legacyUrls: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  const prefix = config.ckanLegacyPrefix ?? '/ckan'
  if (prefix === '') return
  const moved = (reply: FastifyReply, location: string) => reply.code(301).header('location', location).send()

  app.get(`${prefix}/dataset/:name`, {
    schema: {
      tags: ['ckan'],
      operationId: 'ckanLegacyDataset',
      summary: 'Old portal dataset page',
      description: 'Moves permanently to the dataset\'s page (the front end\'s, when configured, else the dataset).',
      params: Type.Object({ name: Name }, { additionalProperties: false }),
      response: { 301: Moved, ...problems(404) }
    }
  }, async (request, reply) => {
    const row = await findPackage(app.db, request.params.name)
    if (row === undefined) throw new NotFoundError('Dataset', request.params.name)
    const template = config.landingPageTemplate
    return moved(reply, template === undefined ? datasetUri(config.publicUrl, row.id) : template.replaceAll('{slug}', encodeURIComponent(row.slug)))
  })

  const resource = { name: Name, resource: Type.String({ minLength: 1, maxLength: 100, description: 'The distribution id.' }) }
  const File = Type.String({ maxLength: 500, description: 'The file name on the old portal (ignored).' })
  for (const suffix of ['', '/download/:file']) {
    const Resource = Type.Object(suffix === '' ? resource : { ...resource, file: File }, { additionalProperties: false })
    app.get(`${prefix}/dataset/:name/resource/:resource${suffix}`, {
      schema: {
        tags: ['ckan'],
        operationId: suffix === '' ? 'ckanLegacyResource' : 'ckanLegacyDownload',
        summary: suffix === '' ? 'Old portal resource page' : 'Old portal file download',
        description: 'Moves permanently to the distribution\'s file, or to its URL when it is a link.',
        params: Resource,
        response: { 301: Moved, ...problems(404) }
      }
    }, async (request, reply) => {
      const { name, resource } = request.params
      const row = await findPackage(app.db, name)
      const distribution = row?.distributions.find(d => d.id === resource.toLowerCase())
      const location = distribution === undefined
        ? null
        : distribution.file_key !== null ? `${config.publicUrl}/distributions/${distribution.id}/file` : distribution.download_url ?? distribution.access_url
      if (location === null) throw new NotFoundError('Resource', resource)
      return moved(reply, location)
    })
  }
}

export default legacyUrls
