// The storage adapter the configuration names: the local folder (default) or an S3-compatible bucket.
import type { Config } from '../config.js'
import { LocalStorage } from './local.js'
import { createS3Client, S3Storage, type S3Tuning } from './s3.js'
import type { Storage } from './storage.js'

export async function createStorage (config: Pick<Config, 'storage' | 's3' | 'storageDir'>, tuning?: S3Tuning): Promise<Storage> {
  if (config.storage === 's3') {
    if (config.s3 === undefined) throw new Error('STORAGE=s3 needs S3_BUCKET')
    const s3 = new S3Storage(createS3Client(config.s3), config.s3.bucket, { partSize: config.s3.partSize, maxParts: config.s3.maxParts, ...tuning })
    await s3.init()
    return s3
  }
  const local = new LocalStorage(config.storageDir)
  await local.init()
  return local
}
