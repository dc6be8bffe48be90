// The storage contract on the S3 adapter, against s3rver on loopback.
import t from 'tap'
import { storageContract } from './contract.js'
import { listData, s3Storage, startS3 } from './s3rver.js'

const server = await startS3(t)
const probe = await s3Storage(server)

storageContract(t, {
  node: async () => await s3Storage(server),
  data: async () => await listData(probe)
})
