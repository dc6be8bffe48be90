// Every shared schema with an `$id`, added once to Fastify, Ajv and the OpenAPI components.
import type { TSchema } from 'typebox'
import { Problem } from './common.js'
import { CreateLicence, Licence, LicenceList, ReplaceLicence } from './licence.js'
import { CreatePublisher, Publisher, PublisherList, PublisherPatch, ReplacePublisher } from './publisher.js'
import { Vocabulary, VocabularyList, VocabularyTerm } from './vocabulary.js'
import { CreatedToken, CreateToken, Token, TokenList } from './token.js'
import { DatasetChange, DatasetHistory } from './history.js'
import { CreateDataset, Dataset, DatasetList, DatasetPatch } from './dataset.js'
import { CreateDistribution, Distribution, DistributionList, DistributionPatch } from './distribution.js'

export const SHARED_SCHEMAS: TSchema[] = [Problem,
  Publisher, PublisherList, CreatePublisher, ReplacePublisher, PublisherPatch,
  Licence, LicenceList, CreateLicence, ReplaceLicence,
  VocabularyTerm, Vocabulary, VocabularyList,
  Token, TokenList, CreateToken, CreatedToken,
  DatasetChange, DatasetHistory,
  Distribution, DistributionList, CreateDistribution, DistributionPatch,
  Dataset, DatasetList, CreateDataset, DatasetPatch]
