// The small reference tables a CKAN request may need (publishers, themes, licences, legacy groups), each
// read at most once per request and only when needed.
import type { Kysely } from 'kysely'
import { listLicences } from '../db/licences.js'
import { listPublishers } from '../db/publishers.js'
import type { DB, LicenceRow, PublisherRow, VocabularyTermRow } from '../db/types.js'
import { listTerms } from '../db/vocabularies.js'
import { listLegacyGroups, type LegacyGroupRow } from './db/groups.js'
import { organizationId } from './ids.js'
import type { Lookups } from './solr/compile.js'

function once<T> (load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined
  return () => (value ??= load())
}

export class Registry implements Lookups {
  readonly publishers: () => Promise<PublisherRow[]>
  readonly themes: () => Promise<VocabularyTermRow[]>
  readonly licences: () => Promise<LicenceRow[]>
  readonly legacyGroups: () => Promise<LegacyGroupRow[]>

  constructor (db: Kysely<DB>) {
    this.publishers = once(() => listPublishers(db))
    this.themes = once(() => listTerms(db, 'data-theme'))
    this.licences = once(() => listLicences(db))
    this.legacyGroups = once(() => listLegacyGroups(db))
  }

  /** The publisher an organisation id or name stands for. */
  async publisher (idOrName: string): Promise<PublisherRow | undefined> {
    const id = idOrName.toLowerCase()
    return (await this.publishers()).find(p => p.id === idOrName || organizationId(p) === id)
  }

  publisherOf = async (ownerOrg: string): Promise<string | undefined> => (await this.publisher(ownerOrg))?.id

  themeOf = async (group: string): Promise<string | undefined> =>
    (await this.themes()).find(t => t.code.toLowerCase() === group.toLowerCase())?.code

  isLegacyGroup = async (group: string): Promise<boolean> => (await this.legacyGroups()).some(g => g.name === group)
}
