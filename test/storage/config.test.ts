// STORAGE and the S3_* settings: validated at start-up, one clear message per mistake.
import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'
import { createStorage } from '../../src/storage/create.js'

t.test('local is the default; s3 needs a bucket', async t => {
  t.equal(loadConfig({}).storage, 'local')
  t.equal(loadConfig({}).s3, undefined)
  t.throws(() => loadConfig({ STORAGE: 's3' }), new ConfigError('Invalid configuration: STORAGE=s3 needs S3_BUCKET'))
  t.throws(() => loadConfig({ STORAGE: 'ftp' }), ConfigError)
  t.throws(() => loadConfig({ STORAGE: 's3', S3_BUCKET: 'Bad_Bucket' }), /S3_BUCKET/)
  t.throws(() => loadConfig({ STORAGE: 's3', S3_BUCKET: 'data', S3_ENDPOINT: 's3.example.org' }), /S3_ENDPOINT/)
  t.throws(() => loadConfig({ S3_FORCE_PATH_STYLE: 'maybe' }), /S3_FORCE_PATH_STYLE/)
})

t.test('the bucket settings, with the region from S3_REGION, AWS_REGION or us-east-1', async t => {
  const env = { STORAGE: 's3', S3_BUCKET: 'open-data', S3_ENDPOINT: 'https://s3.fr-par.scw.cloud', S3_FORCE_PATH_STYLE: 'true' }
  t.same(loadConfig({ ...env, S3_REGION: 'fr-par' }).s3, {
    bucket: 'open-data', endpoint: 'https://s3.fr-par.scw.cloud', region: 'fr-par', forcePathStyle: true, partSize: 8 * 1024 ** 2, maxParts: 10_000
  })
  t.equal(loadConfig({ ...env, AWS_REGION: 'eu-west-3' }).s3?.region, 'eu-west-3')
  t.equal(loadConfig(env).s3?.region, 'us-east-1')
  t.equal(loadConfig({ S3_BUCKET: 'open-data' }).s3?.forcePathStyle, false)
  t.match(loadConfig({ S3_BUCKET: 'open-data', S3_PART_SIZE: String(16 * 1024 ** 2), S3_MAX_PARTS: '1000' }).s3, { partSize: 16 * 1024 ** 2, maxParts: 1000 }, 'some clones allow 1,000 parts')
  t.throws(() => loadConfig({ S3_BUCKET: 'open-data', S3_PART_SIZE: String(4 * 1024 ** 2) }), /S3_PART_SIZE/, 'S3 refuses parts under 5 MiB')
  t.throws(() => loadConfig({ S3_BUCKET: 'open-data', S3_MAX_PARTS: '10001' }), /S3_MAX_PARTS/)
  await t.rejects(createStorage({ storage: 's3', s3: undefined, storageDir: '/nonexistent' }), /needs S3_BUCKET/)
})
