// A dataset's audit trail as its publisher and admins read it (SPEC §5: every write records who made it).
import { Type, type Static, type TSchema } from 'typebox'
import { ref, Timestamp, Uuid } from './common.js'

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const DatasetChange = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'Increases with every change.', examples: [42] }),
  action: Type.String({ description: 'What happened: `dataset.created`, `dataset.updated`, `dataset.deleted`, `distribution.created`, `file.replaced`…', examples: ['dataset.updated'] }),
  at: Timestamp,
  by: Type.Object({
    token: Nullable({ ...Uuid, description: 'The API token used; null for the ADMIN_TOKEN of the configuration.' }),
    publisher: Nullable(Type.String({ description: 'The publisher of an editor token; null for admins.', examples: ['tisseo'] }))
  }),
  summary: Type.Object({}, { additionalProperties: true, description: 'What changed (field names, distribution id…).', examples: [{ fields: ['title', 'keywords'] }] })
}, { $id: 'DatasetChange', description: 'One write to a dataset or its distributions.' })
export type DatasetChange = Static<typeof DatasetChange>

export const DatasetHistory = Type.Object({
  items: Type.Array(ref(DatasetChange), { description: 'Newest first.' }),
  next: Nullable(Type.String({ format: 'uri', description: 'The next (older) page; null on the last one.' }))
}, { $id: 'DatasetHistory' })
export type DatasetHistory = Static<typeof DatasetHistory>
