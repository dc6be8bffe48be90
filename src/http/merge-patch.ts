// PATCH bodies are JSON merge patches (RFC 7396): accept their media type beside plain JSON.
import type { FastifyInstance } from 'fastify'

export const MERGE_PATCH = 'application/merge-patch+json'

/** Parses `application/merge-patch+json` like JSON in this plugin's scope (idempotent). */
export function acceptMergePatch (app: FastifyInstance): void {
  if (app.hasContentTypeParser(MERGE_PATCH)) return
  app.addContentTypeParser(MERGE_PATCH, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
}
