// The metadata fields an upload form may carry, validated like the JSON bodies they mirror
// (CreateDistribution), plus the database checks of licence and format codes.
import type { Kysely } from 'kysely'
import { Type, type Static, type TObject, type TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { CreateDistribution } from '../schemas/distribution.js'
// The API's date formats, set in TypeBox's registry before the form validators below are compiled.
import '../schemas/formats.js'
import { invalid } from '../errors.js'
import type { DB } from '../db/types.js'
import { findLicence } from '../db/licences.js'
import { unknownCodes } from '../db/vocabularies.js'
import { invalidFields } from './form.js'

const fields = CreateDistribution.properties
/** A form field is text or absent, never null: the text member of a JSON field's `T | null`. */
const text = <T extends TSchema>(schema: { anyOf: [T, ...TSchema[]] }) => Type.Optional(schema.anyOf[0])
const format = text(fields.format)

/** Fields of POST /datasets/{idOrSlug}/distributions as multipart; `title` defaults to the file name. */
export const UploadFields = Type.Object({
  title: Type.Optional(fields.title),
  description: text(fields.description),
  format,
  licence: text(fields.licence),
  issued: text(fields.issued)
}, { additionalProperties: false })

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
    const { licence, format } = raw
    if (licence !== undefined && await findLicence(db, licence) === undefined) {
      throw invalid('body/licence', `${licence} is not a known licence`)
    }
    if (format !== undefined && (await unknownCodes(db, 'file-type', [format])).length > 0) {
      throw invalid('body/format', `${format} is not a known file-type code`)
    }
    return raw as Static<S>
  }
}

/** The sniffed format when the vocabulary knows it, else none (a code outside it would break the feed). */
export async function knownFormat (db: Kysely<DB>, code: string | null): Promise<string | null> {
  if (code === null) return null
  return (await unknownCodes(db, 'file-type', [code])).length === 0 ? code : null
}
