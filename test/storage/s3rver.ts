// An S3 server on loopback for one test file (s3rver, in-process, files in a temporary folder), and
// the adapter on it. s3rver checks signatures: the SDK's default chain finds its fixed credentials here.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import type { Test } from 'tap'
import { createS3Client, S3Storage, type S3Settings, type S3Tuning } from '../../src/storage/s3.js'

export const BUCKET = 'bastille-test'
/** The smallest part S3 allows, so that a 12 MiB file takes three parts. */
export const PART_SIZE = 5 * 1024 * 1024

process.env.AWS_ACCESS_KEY_ID = 'S3RVER'
process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER'

export interface S3Server { settings: S3Settings, url: string }

export async function startS3 (t: Test): Promise<S3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'bastille-s3rver-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] })
  const { port } = await server.run()
  t.teardown(async () => {
    await server.close()
    await rm(directory, { recursive: true, force: true })
  })
  const url = `http://127.0.0.1:${port}`
  return { url, settings: { bucket: BUCKET, endpoint: url, region: 'us-east-1', forcePathStyle: true } }
}

export async function s3Storage (server: S3Server, tuning: S3Tuning = {}): Promise<S3Storage> {
  const storage = new S3Storage(createS3Client(server.settings), BUCKET, { partSize: PART_SIZE, ...tuning })
  await storage.init()
  return storage
}

/** Stored data (committed objects and temporaries), not the nodes' leases and markers. */
export async function listData (storage: S3Storage): Promise<string[]> {
  const names: string[] = []
  for (const prefix of ['tmp/', 'objects/']) {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix }))
    names.push(...(page.Contents ?? []).map(item => item.Key ?? ''))
  }
  return names.sort()
}
