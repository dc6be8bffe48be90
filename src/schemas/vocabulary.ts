// Reference vocabularies (EU authority tables, ADMS publisher types) as served at GET /vocabularies.
import { Type, type Static } from 'typebox'
import { ref } from './common.js'

export const VocabularyName = Type.String({
  pattern: '^[a-z-]+$',
  maxLength: 50,
  description: 'data-theme, frequency, file-type, language, access-right or publisher-type.',
  examples: ['data-theme']
})

export const VocabularyTerm = Type.Object({
  code: Type.String({ description: 'The code the API accepts and returns.', examples: ['TRAN'] }),
  uri: Type.String({ format: 'uri', description: 'The code\'s IRI in the RDF feed.', examples: ['http://publications.europa.eu/resource/authority/data-theme/TRAN'] }),
  labels: Type.Object({
    fr: Type.String({ examples: ['Transports'] }),
    en: Type.String({ examples: ['Transport'] })
  })
}, { $id: 'VocabularyTerm', description: 'One entry of a reference vocabulary.' })
export type VocabularyTerm = Static<typeof VocabularyTerm>

export const Vocabulary = Type.Object({
  name: Type.String({ examples: ['data-theme'] }),
  items: Type.Array(ref(VocabularyTerm))
}, { $id: 'Vocabulary', description: 'The terms of one vocabulary, by code.' })
export type Vocabulary = Static<typeof Vocabulary>

export const VocabularyList = Type.Object({
  items: Type.Array(Type.Object({
    name: Type.String({ examples: ['data-theme'] }),
    url: Type.String({ format: 'uri', examples: ['https://data.example.org/vocabularies/data-theme'] })
  }))
}, { $id: 'VocabularyList', description: 'The vocabularies codes are validated against.' })
export type VocabularyList = Static<typeof VocabularyList>
