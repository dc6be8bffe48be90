// Vocabulary row → API JSON: the labels grouped by language.
import type { VocabularyTermRow } from '../db/types.js'
import type { VocabularyTerm } from '../schemas/vocabulary.js'

export function toVocabularyTermDto (row: VocabularyTermRow): VocabularyTerm {
  return { code: row.code, uri: row.uri, labels: { fr: row.label_fr, en: row.label_en } }
}
