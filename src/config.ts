// The only reader of process.env: validates every setting once, at start-up, into a frozen Config.
import path from 'node:path'
import envSchema from 'env-schema'
import { Type, type Static } from 'typebox'
import type { S3Settings } from './storage/s3.js'
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule } from './webhooks/schedule.js'

/** Failed authentications a client may make per minute before 429s. */
export const AUTH_FAILURES_PER_MINUTE = 20

/** How many matches of a search's words, modifiedSince or quality GET /datasets counts and ranks. */
export const SEARCH_MATCH_LIMIT = 10_000

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_READ_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  STORAGE_DIR: Type.Optional(Type.String({ minLength: 1 })),
  STORAGE: Type.Enum(['local', 's3'], { default: 'local' }),
  S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+/?$' })),
  S3_BUCKET: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' })),
  S3_REGION: Type.Optional(Type.String({ minLength: 1 })),
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: false }),
  S3_PART_SIZE: Type.Integer({ minimum: 5 * 1024 ** 2, maximum: 5 * 1024 ** 3, default: 8 * 1024 ** 2 }),
  S3_MAX_PARTS: Type.Integer({ minimum: 1, maximum: 10_000, default: 10_000 }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+(/[^?#]*)?$' })),
  ADMIN_TOKEN: Type.Optional(Type.String({ minLength: 24 })),
  MAX_UPLOAD_BYTES: Type.Integer({ minimum: 1, default: 5 * 1024 ** 3 }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  DEMO_DATA: Type.Optional(Type.Boolean()),
  CATALOG_TITLE: Type.String({ minLength: 1, default: 'Bastille open-data catalogue' }),
  CATALOG_DESCRIPTION: Type.String({ minLength: 1, default: 'Open data published by the public bodies of the portal.' }),
  CATALOG_PUBLISHER_NAME: Type.String({ minLength: 1, default: 'Bastille portal' }),
  CATALOG_HOMEPAGE: Type.Optional(Type.String({ pattern: '^https?://' })),
  LANDING_PAGE_TEMPLATE: Type.Optional(Type.String({ pattern: '^https?://.*\\{slug\\}' })),
  DCAT_CHECKSUM_DATATYPE: Type.Enum(['plain', 'hexBinary'], { default: 'hexBinary' }),
  CORS_CREDENTIALS_ORIGINS: Type.String({ default: '' }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  AUTH_FAILURES_PER_MINUTE: Type.Integer({ minimum: 1, default: AUTH_FAILURES_PER_MINUTE }),
  AUTH_RATE_LIMIT_STORE: Type.Optional(Type.Enum(['memory', 'postgres'])),
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 5000 }),
  DATABASE_QUERY_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 60_000 }),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 10_000 }),
  CKAN_LEGACY_PREFIX: Type.String({ pattern: '^(/[A-Za-z0-9._~-]+)+/?$', default: '/ckan' }),
  OUTBOUND_ALLOW_PRIVATE: Type.Boolean({ default: false }),
  HARVEST_WORKER: Type.Boolean({ default: true }),
  HARVEST_POLL_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  HARVEST_WITHDRAW_AFTER_RUNS: Type.Integer({ minimum: 1, maximum: 100, default: 2 }),
  HARVEST_WITHDRAW_MAX_SHARE: Type.Number({ minimum: 0, maximum: 1, default: 0.5 }),
  CHANGES_RETENTION_DAYS: Type.Integer({ minimum: 30, maximum: 36500, default: 90 }),
  QUALITY_WORKER: Type.Boolean({ default: true }),
  QUALITY_POLL_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
  QUALITY_SHAPES_DIR: Type.Optional(Type.String({ minLength: 1 })),
  SEARCH_MATCH_LIMIT: Type.Integer({ minimum: 1, default: SEARCH_MATCH_LIMIT }),
  OAI_PAGE_SIZE: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  OAI_ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^\\S+@(\\S+\\.)+\\S+$' })),
  WEBHOOK_WORKER: Type.Boolean({ default: true }),
  WEBHOOK_POLL_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 1000 }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 1000, maximum: 60_000, default: 15_000 }),
  WEBHOOK_RETRY_SCHEDULE: Type.String({ minLength: 1, default: DEFAULT_RETRY_SCHEDULE })
})
type Env = Static<typeof EnvSchema>

export interface Config {
  port: number
  host: string
  /** Absent: the embedded PGlite database under dataDir. */
  databaseUrl?: string | undefined
  /** A read replica of `databaseUrl`: anonymous GETs read there (src/db/read-routing.ts). */
  databaseReadUrl?: string | undefined
  dataDir: string
  storageDir: string
  /** Where files live: `storageDir` (default) or an S3-compatible bucket. */
  storage?: 'local' | 's3' | undefined
  /** The bucket when `storage` is s3; credentials come from the AWS SDK's default chain. */
  s3?: S3Settings | undefined
  /** Absolute base of every URI in the RDF and every link in JSON, without a trailing slash. */
  publicUrl: string
  adminToken?: string | undefined
  maxUploadBytes: number
  logLevel: string
  /** Load the demo catalogue into an empty database. */
  demoData: boolean
  catalog: { title: string, description: string, publisherName: string, homepage?: string | undefined }
  /** Portal front-end page of a dataset, with `{slug}` replaced. */
  landingPageTemplate?: string | undefined
  /**
   * `spdx:checksumValue` as a plain literal (data.gouv.fr's harvester fails on `xsd:hexBinary`) or
   * as `xsd:hexBinary` (what the DCAT-AP 3.0.1 shapes require). Absent: plain.
   */
  dcatChecksumDatatype?: 'plain' | 'hexBinary' | undefined
  /** Origins allowed to send credentials (Authorization) cross-origin; every origin may read anonymously. */
  corsCredentialsOrigins: string[]
  trustProxy: boolean
  /** Failed authentications per client IP per minute (default AUTH_FAILURES_PER_MINUTE). */
  authFailuresPerMinute?: number | undefined
  /** Where the failure counters live: this process, or PostgreSQL for several nodes (default: postgres with a server, memory embedded). */
  authRateLimitStore?: 'memory' | 'postgres' | undefined
  /** PostgreSQL server: how long opening a connection may take before the request gets a 503. */
  databaseConnectTimeoutMs?: number | undefined
  /** PostgreSQL server: how long one statement may run (server-side statement_timeout, and client-side). */
  databaseQueryTimeoutMs?: number | undefined
  /** On SIGTERM: how long in-flight requests get to finish before their connections are cut. */
  shutdownGraceMs?: number | undefined
  /** Where the old CKAN portal was mounted (`/ckan`): its Action API and dataset URLs answer there too; '' disables it. Absent: `/ckan`. */
  ckanLegacyPrefix?: string | undefined
  /** Requests Bastille makes on its own (harvests…) may reach loopback and private addresses (default false). */
  outboundAllowPrivate?: boolean | undefined
  /** This node runs due and queued harvests (default true); `false` leaves them to other nodes. */
  harvestWorker?: boolean | undefined
  /** How often the harvest worker looks for work, in seconds (default 30). */
  harvestPollSeconds?: number | undefined
  /** Consecutive runs a dataset must be missing from its source before it is unpublished (default 2). */
  harvestWithdrawAfterRuns?: number | undefined
  /** A run that would withdraw more than this share of its source's datasets withdraws none, unless forced (default 0.5). */
  harvestWithdrawMaxShare?: number | undefined
  /** How long GET /changes keeps events, in days (at least 30; default 90); older cursors answer 410. */
  changesRetentionDays?: number | undefined
  /** This node rescores stale datasets and checks distribution URLs (absent: no; loadConfig defaults it to true). */
  qualityWorker?: boolean | undefined
  /** How often the quality worker looks for work, in seconds (default 60). */
  qualityPollSeconds?: number | undefined
  /** Folder with the DCAT-AP 3.0.1 shapes.ttl and range.ttl; absent, the DCAT-AP compliance indicator is "not checked". */
  qualityShapesDir?: string | undefined
  /** Matches of q, modifiedSince or quality that GET /datasets counts and ranks, most recently added first (default 10,000). */
  searchMatchLimit?: number | undefined
  /** Records per OAI-PMH ListRecords / ListIdentifiers response (default 100). */
  oaiPageSize?: number | undefined
  /** Identify's adminEmail (absent: `admin@` the host of publicUrl). */
  oaiAdminEmail?: string | undefined
  /** This node fans events out to webhooks and sends them (absent: no; loadConfig defaults it to true). */
  webhookWorker?: boolean | undefined
  /** How often the webhook worker looks for events and due deliveries, in ms (default 1000). */
  webhookPollMs?: number | undefined
  /** Longest a delivery attempt may take, in ms (default 15000); a slower answer is a failure, retried. */
  webhookTimeoutMs?: number | undefined
  /** Delays before each retry of a failed delivery, in ms (default: WEBHOOK_RETRY_SCHEDULE's, about three days). */
  webhookRetrySchedule?: number[] | undefined
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads and validates the environment; throws ConfigError with a one-line message naming the variable. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  let parsed: Env
  try {
    // An empty variable counts as unset, as in most deployment tools.
    const data = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
    parsed = envSchema<Env>({ schema: EnvSchema, data, dotenv: false, env: false })
  } catch (err) {
    const message = (err as Error).message.replace(/env\//g, '').replace(/\s+/g, ' ')
    throw new ConfigError(`Invalid configuration: ${message}`)
  }
  if (parsed.DATABASE_READ_URL !== undefined && parsed.DATABASE_URL === undefined) throw new ConfigError('Invalid configuration: DATABASE_READ_URL needs DATABASE_URL')
  if (parsed.STORAGE === 's3' && parsed.S3_BUCKET === undefined) throw new ConfigError('Invalid configuration: STORAGE=s3 needs S3_BUCKET')
  let webhookRetrySchedule: number[]
  try {
    webhookRetrySchedule = parseRetrySchedule(parsed.WEBHOOK_RETRY_SCHEDULE)
  } catch (err) {
    throw new ConfigError(`Invalid configuration: WEBHOOK_RETRY_SCHEDULE: ${(err as Error).message}`)
  }
  const dataDir = path.resolve(parsed.DATA_DIR)
  const publicUrl = (parsed.PUBLIC_URL ?? `http://${parsed.HOST}:${parsed.PORT}`).replace(/\/+$/, '')
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    databaseReadUrl: parsed.DATABASE_READ_URL,
    dataDir,
    storageDir: path.resolve(parsed.STORAGE_DIR ?? path.join(dataDir, 'files')),
    storage: parsed.STORAGE,
    s3: parsed.S3_BUCKET === undefined
      ? undefined
      : {
          bucket: parsed.S3_BUCKET,
          endpoint: parsed.S3_ENDPOINT,
          // The SDK's own variable when S3_REGION is unset; most S3 clones ignore the region but need one.
          region: parsed.S3_REGION ?? env.AWS_REGION ?? 'us-east-1',
          forcePathStyle: parsed.S3_FORCE_PATH_STYLE,
          partSize: parsed.S3_PART_SIZE,
          maxParts: parsed.S3_MAX_PARTS
        },
    publicUrl,
    adminToken: parsed.ADMIN_TOKEN,
    maxUploadBytes: parsed.MAX_UPLOAD_BYTES,
    logLevel: parsed.LOG_LEVEL,
    demoData: parsed.DEMO_DATA ?? parsed.DATABASE_URL === undefined,
    catalog: {
      title: parsed.CATALOG_TITLE,
      description: parsed.CATALOG_DESCRIPTION,
      publisherName: parsed.CATALOG_PUBLISHER_NAME,
      homepage: parsed.CATALOG_HOMEPAGE
    },
    landingPageTemplate: parsed.LANDING_PAGE_TEMPLATE,
    dcatChecksumDatatype: parsed.DCAT_CHECKSUM_DATATYPE,
    corsCredentialsOrigins: parsed.CORS_CREDENTIALS_ORIGINS.split(',').map(o => o.trim()).filter(Boolean),
    trustProxy: parsed.TRUST_PROXY,
    authFailuresPerMinute: parsed.AUTH_FAILURES_PER_MINUTE,
    authRateLimitStore: parsed.AUTH_RATE_LIMIT_STORE ?? (parsed.DATABASE_URL === undefined ? 'memory' : 'postgres'),
    databaseConnectTimeoutMs: parsed.DATABASE_CONNECT_TIMEOUT_MS,
    databaseQueryTimeoutMs: parsed.DATABASE_QUERY_TIMEOUT_MS,
    shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS,
    // Set but empty disables the prefix (an empty variable otherwise counts as unset).
    ckanLegacyPrefix: env.CKAN_LEGACY_PREFIX === '' ? '' : parsed.CKAN_LEGACY_PREFIX.replace(/\/$/, ''),
    outboundAllowPrivate: parsed.OUTBOUND_ALLOW_PRIVATE,
    harvestWorker: parsed.HARVEST_WORKER,
    harvestPollSeconds: parsed.HARVEST_POLL_SECONDS,
    harvestWithdrawAfterRuns: parsed.HARVEST_WITHDRAW_AFTER_RUNS,
    harvestWithdrawMaxShare: parsed.HARVEST_WITHDRAW_MAX_SHARE,
    changesRetentionDays: parsed.CHANGES_RETENTION_DAYS,
    qualityWorker: parsed.QUALITY_WORKER,
    qualityPollSeconds: parsed.QUALITY_POLL_SECONDS,
    qualityShapesDir: parsed.QUALITY_SHAPES_DIR === undefined ? undefined : path.resolve(parsed.QUALITY_SHAPES_DIR),
    searchMatchLimit: parsed.SEARCH_MATCH_LIMIT,
    oaiPageSize: parsed.OAI_PAGE_SIZE,
    oaiAdminEmail: parsed.OAI_ADMIN_EMAIL,
    webhookWorker: parsed.WEBHOOK_WORKER,
    webhookPollMs: parsed.WEBHOOK_POLL_MS,
    webhookTimeoutMs: parsed.WEBHOOK_TIMEOUT_MS,
    webhookRetrySchedule
  })
}
