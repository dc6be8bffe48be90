// The metadata fields an upload form may carry, validated like the JSON bodies they mirror
// (CreateDistribution), plus the database checks of licence and format codes.
import type { Kysely } from 'kysely'
import { Type, type Static, type TObject } from 'typebox'
import { Compile } from 'typebox/compile'
import { CreateDistribution } from '../schemas/distribution.js'
import { invalid } from '../errors.js'
import type { DB } from '../db/types.js'
import { findLicence } from '../db/licences.js'
import { unknownCodes } from '../db/vocabularies.js'
import { invalidFields } from './form.js'

const { title, description, format, licence, issued } = CreateDistribution.properties

/** Fields of POST /datasets/{idOrSlug}/distributions as multipart; `title` defaults to the file name. */
export const UploadFields = Type.Object({ title: Type.Optional(title), description, format, licence, issued }, { additionalProperties: false })

/** Fields of PUT /distributions/{id}/file: only a format, to override the one sniffed. */
export const ReplaceFields = Type.Object({ format }, { additionalProperties: false })

export const UPLOAD_FIELD_NAMES = Object.keys(UploadFields.properties)
export const REPLACE_FIELD_NAMES = Object.keys(ReplaceFields.properties)

/** A validator for one of the schemas above: shape first, then licence and format against the database. */
export function fieldValidator<S extends TObject> (db: Kysely<DB>, schema: S): (raw: Record<string, string>) => Promise<Static<S>> {
  const check = Compile(schema)
  return async raw => {
    if (!check.Check(raw)) {
      throw invalidFields(check.Errors(raw).map(e => ({ path: `body${e.instancePath}`, message: e.message })))
    }
    const fields = raw as { format?: string | null, licence?: string | null }
    if (typeof fields.licence === 'string' && await findLicence(db, fields.licence) === undefined) {
      throw invalid('body/licence', `${fields.licence} is not a known licence`)
    }
    if (typeof fields.format === 'string' && (await unknownCodes(db, 'file-type', [fields.format])).length > 0) {
      throw invalid('body/format', `${fields.format} is not a known file-type code`)
    }
    return raw as Static<S>
  }
}

/** The sniffed format when the vocabulary knows it, else none (a code outside it would break the feed). */
export async function knownFormat (db: Kysely<DB>, code: string | null): Promise<string | null> {
  if (code === null) return null
  return (await unknownCodes(db, 'file-type', [code])).length === 0 ? code : null
}
