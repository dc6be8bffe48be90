// At start-up, stored files that no distribution refers to are removed: a node killed between placing
// a file and committing its row, or between deleting a row and its file, left them (SPEC §6).
import fp from 'fastify-plugin'
import { referencedFileKeys } from '../db/file-keys.js'

export default fp(async function orphanFiles (app) {
  try {
    const removed = await app.storage.removeOrphanObjects(async keys => await referencedFileKeys(app.db, keys))
    if (removed > 0) app.log.info({ removed }, 'removed stored files no distribution refers to')
  } catch (err) {
    // Worth a warning, not a refusal to start: the next start-up tries again.
    app.log.warn({ err }, 'could not sweep orphan stored files')
  }
}, { name: 'orphan-files', dependencies: ['db', 'storage'] })
