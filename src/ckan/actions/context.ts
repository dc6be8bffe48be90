// What every action receives: the database, the per-request registry, how to build links, and caches.
import type { Kysely } from 'kysely'
import type { Config } from '../../config.js'
import type { DB } from '../../db/types.js'
import type { DatasetDtoOptions } from '../../dto/dataset.js'
import type { BodyCache, RenderedBody } from '../../http/body-cache.js'
import type { ActionInput } from '../params.js'
import type { Registry } from '../registry.js'

export interface ActionContext {
  db: Kysely<DB>
  registry: Registry
  dto: DatasetDtoOptions
  config: Config
  /** The CKAN site root the client called: PUBLIC_URL, plus the legacy prefix when it used it. */
  siteUrl: string
  /** package_show's serialised dicts, used while the database reports the version they were made from. */
  packages: BodyCache<RenderedBody>
}

export type Action = (context: ActionContext, input: ActionInput) => Promise<unknown>
