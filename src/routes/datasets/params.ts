// Path parameters and per-media-type response maps of the dataset routes.
import { Type } from 'typebox'
import { RDF_EXTENSIONS, RDF_FORMATS } from '../../dcat/serialize/index.js'
import { ref } from '../../schemas/common.js'
import { Dataset } from '../../schemas/dataset.js'

const description = 'The dataset id (UUID) or its slug.'

/** Reads also accept `{idOrSlug}.{ttl,rdf,jsonld,nt}` for DCAT-AP. */
export const ReadParams = Type.Object({
  idOrSlug: Type.String({ minLength: 1, maxLength: 110, description: `${description} A .ttl, .rdf, .jsonld or .nt suffix asks for DCAT-AP.`, examples: ['arrets-de-bus'] })
}, { additionalProperties: false })

export const WriteParams = Type.Object({
  idOrSlug: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]*$', minLength: 1, maxLength: 100, description, examples: ['arrets-de-bus'] })
}, { additionalProperties: false })

/** 200 of GET /datasets/{idOrSlug}: the JSON, or DCAT-AP by extension or Accept. */
export const datasetOrRdf = {
  description: 'The dataset with its distributions, or DCAT-AP RDF, or its page, or its schema.org Dataset.',
  content: {
    'application/json': { schema: ref(Dataset) },
    ...Object.fromEntries(RDF_EXTENSIONS.map(format => [
      RDF_FORMATS[format].mediaType,
      { schema: Type.String({ description: `${RDF_FORMATS[format].mediaType}; charset=utf-8` }) }
    ])),
    'text/html': { schema: Type.String({ description: 'The dataset\'s page, for browsers: text/html; charset=utf-8' }) },
    'application/ld+json; profile="https://schema.org"': { schema: Type.String({ description: 'The schema.org Dataset, as embedded in the page' }) }
  }
}
