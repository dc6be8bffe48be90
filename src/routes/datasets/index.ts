// The /datasets routes, split by sub-resource; they share the JSON mapping options and merge-patch parsing.
import type { FastifyPluginAsync } from 'fastify'
import { SEARCH_MATCH_LIMIT, type Config } from '../../config.js'
import { acceptMergePatch } from '../../http/merge-patch.js'
import type { DatasetDtoOptions } from '../../dto/dataset.js'
import list from './list.js'
import create from './create.js'
import read from './read.js'
import write from './write.js'
import distributions from './distributions.js'

const datasets: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  acceptMergePatch(app)
  const dto: DatasetDtoOptions = { publicUrl: config.publicUrl, landingPageTemplate: config.landingPageTemplate }
  await app.register(list, { dto, matchLimit: config.searchMatchLimit ?? SEARCH_MATCH_LIMIT })
  for (const routes of [create, read, write, distributions]) await app.register(routes, { dto })
}

export default datasets
