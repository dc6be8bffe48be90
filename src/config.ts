// The only reader of process.env: validates every setting once, at start-up, into a frozen Config.
import path from 'node:path'
import envSchema from 'env-schema'
import { Type, type Static } from 'typebox'

/** Failed authentications a client may make per minute before 429s. */
export const AUTH_FAILURES_PER_MINUTE = 20

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  STORAGE_DIR: Type.Optional(Type.String({ minLength: 1 })),
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
  DCAT_CHECKSUM_DATATYPE: Type.Enum(['plain', 'hexBinary'], { default: 'plain' }),
  CORS_CREDENTIALS_ORIGINS: Type.String({ default: '' }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  AUTH_FAILURES_PER_MINUTE: Type.Integer({ minimum: 1, default: AUTH_FAILURES_PER_MINUTE }),
  AUTH_RATE_LIMIT_STORE: Type.Enum(['memory', 'postgres'], { default: 'memory' })
})
type Env = Static<typeof EnvSchema>

export interface Config {
  port: number
  host: string
  /** Absent: the embedded PGlite database under dataDir. */
  databaseUrl?: string | undefined
  dataDir: string
  storageDir: string
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
  /** Where the failure counters live: this process, or PostgreSQL for several nodes (default memory). */
  authRateLimitStore?: 'memory' | 'postgres' | undefined
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
  const dataDir = path.resolve(parsed.DATA_DIR)
  const publicUrl = (parsed.PUBLIC_URL ?? `http://${parsed.HOST}:${parsed.PORT}`).replace(/\/+$/, '')
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    dataDir,
    storageDir: path.resolve(parsed.STORAGE_DIR ?? path.join(dataDir, 'files')),
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
    authRateLimitStore: parsed.AUTH_RATE_LIMIT_STORE
  })
}
