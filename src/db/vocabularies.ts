// Reference vocabularies (EU tables, ADMS publisher types): lookups used to validate and to label codes.
import type { Kysely } from 'kysely'
import type { DB, VocabularyTermRow } from './types.js'

export const VOCABULARIES = ['data-theme', 'frequency', 'file-type', 'language', 'access-right', 'publisher-type'] as const
export type VocabularyName = typeof VOCABULARIES[number]

export async function listTerms (db: Kysely<DB>, vocabulary: VocabularyName): Promise<VocabularyTermRow[]> {
  return db.selectFrom('vocabulary_terms').selectAll().where('vocabulary', '=', vocabulary).orderBy('code').execute()
}

/** The codes among `codes` that the vocabulary does not know (empty when all are valid). */
export async function unknownCodes (db: Kysely<DB>, vocabulary: VocabularyName, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const known = await db.selectFrom('vocabulary_terms').select('code')
    .where('vocabulary', '=', vocabulary).where('code', 'in', [...new Set(codes)]).execute()
  const knownCodes = new Set(known.map(row => row.code))
  return codes.filter(code => !knownCodes.has(code))
}
