// multipart/form-data for uploads, with every limit explicit (STYLE C10): one file, a few fields.
// Also `app.uploadSettings`, the configuration the upload code needs outside route options.
import fp from 'fastify-plugin'
import multipart from '@fastify/multipart'
import type { Config } from '../config.js'

export interface UploadSettings {
  maxBytes: number
  publicUrl: string
}

declare module 'fastify' {
  interface FastifyInstance {
    uploadSettings: UploadSettings
  }
}

export default fp<{ config: Config }>(async function multipartPlugin (app, { config }) {
  await app.register(multipart, {
    limits: {
      fileSize: config.maxUploadBytes,
      files: 1,
      fields: 20,
      parts: 25,
      fieldSize: 64 * 1024,
      fieldNameSize: 100,
      headerPairs: 100
    }
  })
  app.decorate('uploadSettings', { maxBytes: config.maxUploadBytes, publicUrl: config.publicUrl })
}, { name: 'multipart' })
