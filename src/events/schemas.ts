// /changes: the query and the answer (issue 17). Inline schemas, used by the change-feed routes only.
import { Type } from 'typebox'
import { Timestamp } from '../schemas/common.js'

export const EVENT_TYPES = ['created', 'updated', 'published', 'unpublished', 'deleted'].flatMap(verb =>
  ['dataset', 'distribution', 'publisher', 'licence'].map(entity => `${entity}.${verb}`))
  .filter(type => !/^(distribution|publisher|licence)\.(un)?published$/.test(type))

export const ChangesQuery = Type.Object({
  after: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Where to resume: the `cursor` of the last item handled, the `after` of a `next` link, or `latest` ' +
      '(no items; `next` is the current end of the log, taken before a full read). Absent: the oldest change kept.',
    examples: ['latest']
  })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  publisher: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only changes of this publisher\'s datasets and distributions, and of the publisher itself.', examples: ['metropole'] })),
  type: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 500,
    pattern: `^(${EVENT_TYPES.join('|').replaceAll('.', '\\.')})(,(${EVENT_TYPES.join('|').replaceAll('.', '\\.')}))*$`,
    description: `Comma-separated event types: ${EVENT_TYPES.map(t => `\`${t}\``).join(', ')}.`,
    examples: ['dataset.deleted,dataset.unpublished']
  }))
}, { additionalProperties: false })

export const Change = Type.Object({
  cursor: Type.String({ description: 'This change\'s position: pass it as `after` to resume behind it.' }),
  type: Type.String({
    description: '`<entity>.<verb>`. `dataset.unpublished` and `*.deleted` are tombstones: drop the resource (it is gone for the public).',
    examples: ['dataset.updated']
  }),
  id: Type.String({ description: 'The id of the dataset, distribution, publisher or licence.' }),
  uri: Type.String({ format: 'uri', description: 'Where to read it again (tombstones answer 404 or 410 there).' }),
  occurredAt: Timestamp,
  etag: Type.Union([Type.String(), Type.Null()], {
    description: 'The current ETag of the resource when it is still readable (skip the re-read when your copy has it); null for tombstones and resources gone since.'
  })
}, { additionalProperties: false })

export const ChangeList = Type.Object({
  items: Type.Array(Change),
  next: Type.String({ format: 'uri', description: 'Always present: call it again later to get the changes made since (empty `items` means up to date).' })
}, { description: 'Changes in the order they were committed, oldest first.' })
