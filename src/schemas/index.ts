// Every shared schema with an `$id`, added once to Fastify, Ajv and the OpenAPI components.
import type { TSchema } from 'typebox'
import { Problem } from './common.js'

export const SHARED_SCHEMAS: TSchema[] = [Problem]
