// What every action receives: the database, the per-request registry, and how to build links.
import type { Kysely } from 'kysely'
import type { Config } from '../../config.js'
import type { DB } from '../../db/types.js'
import type { DatasetDtoOptions } from '../../dto/dataset.js'
import type { ActionInput } from '../params.js'
import type { Registry } from '../registry.js'

export interface ActionContext {
  db: Kysely<DB>
  registry: Registry
  dto: DatasetDtoOptions
  config: Config
  /** The CKAN site root the client called: PUBLIC_URL, plus the legacy prefix when it used it. */
  siteUrl: string
}

export type Action = (context: ActionContext, input: ActionInput) => Promise<unknown>
