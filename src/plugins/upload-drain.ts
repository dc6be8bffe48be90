// On close (SIGTERM), uploads still receiving their bytes are cut at once rather than holding the
// shutdown until the grace limit: their connection is destroyed, so the upload code discards the
// temporary and writes no row. Uploads already received finish committing; other requests finish.
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'

export default fp(async function uploadDrain (app) {
  const receiving = new Set<FastifyRequest>()
  app.addHook('onRequest', async (request) => {
    if (!/^multipart\//i.test(request.headers['content-type'] ?? '')) return
    receiving.add(request)
    const done = (): void => { receiving.delete(request) }
    request.raw.once('end', done).once('close', done)
  })
  app.addHook('preClose', async () => {
    for (const request of receiving) {
      request.log.warn('upload cut by shutdown')
      request.raw.destroy()
    }
    receiving.clear()
  })
}, { name: 'upload-drain' })
