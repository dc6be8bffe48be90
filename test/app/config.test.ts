import t from 'tap'
import { ConfigError, loadConfig } from '../../src/config.js'

t.test('defaults: embedded database under ./data, demo data, local public URL', async t => {
  const config = loadConfig({})
  t.equal(config.port, 3000)
  t.equal(config.host, '127.0.0.1')
  t.equal(config.databaseUrl, undefined)
  t.match(config.dataDir, /\/data$/)
  t.equal(config.storageDir, `${config.dataDir}/files`)
  t.equal(config.publicUrl, 'http://127.0.0.1:3000')
  t.equal(config.demoData, true)
  t.equal(config.maxUploadBytes, 5 * 1024 ** 3)
  t.equal(config.shutdownGraceMs, 10_000)
  t.equal(config.databaseConnectTimeoutMs, 5000)
  t.equal(config.databaseQueryTimeoutMs, 60_000)
  t.equal(loadConfig({ SHUTDOWN_GRACE_MS: '2500' }).shutdownGraceMs, 2500)
  t.equal(config.searchMatchLimit, 10_000)
  t.equal(loadConfig({ SEARCH_MATCH_LIMIT: '50000' }).searchMatchLimit, 50_000)
  t.ok(Object.isFrozen(config))
})

t.test('a server database gets no demo data unless asked', async t => {
  t.equal(loadConfig({ DATABASE_URL: 'postgres://db/bastille' }).demoData, false)
  t.equal(loadConfig({ DATABASE_URL: 'postgres://db/bastille', DEMO_DATA: 'true' }).demoData, true)
  t.equal(loadConfig({ DEMO_DATA: 'false' }).demoData, false)
})

t.test('PUBLIC_URL loses its trailing slash; empty variables count as unset', async t => {
  t.equal(loadConfig({ PUBLIC_URL: 'https://data.example.org/api/' }).publicUrl, 'https://data.example.org/api')
  t.equal(loadConfig({ DATABASE_URL: '' }).databaseUrl, undefined)
  t.same(loadConfig({ CORS_CREDENTIALS_ORIGINS: 'https://a.example, https://b.example' }).corsCredentialsOrigins,
    ['https://a.example', 'https://b.example'])
})

t.test('a wrong value stops with a one-line message naming the variable', async t => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be integer$/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    [{ PUBLIC_URL: 'data.example.org' }, /^Invalid configuration: PUBLIC_URL /],
    [{ DATABASE_URL: 'mysql://db/x' }, /^Invalid configuration: DATABASE_URL /],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL /],
    [{ ADMIN_TOKEN: 'short' }, /^Invalid configuration: ADMIN_TOKEN /],
    [{ MAX_UPLOAD_BYTES: '0' }, /^Invalid configuration: MAX_UPLOAD_BYTES /],
    [{ SHUTDOWN_GRACE_MS: 'soon' }, /^Invalid configuration: SHUTDOWN_GRACE_MS /],
    [{ SHUTDOWN_GRACE_MS: '0' }, /^Invalid configuration: SHUTDOWN_GRACE_MS /],
    [{ DATABASE_CONNECT_TIMEOUT_MS: '-1' }, /^Invalid configuration: DATABASE_CONNECT_TIMEOUT_MS /],
    [{ DATABASE_QUERY_TIMEOUT_MS: '1.5' }, /^Invalid configuration: DATABASE_QUERY_TIMEOUT_MS /],
    [{ SEARCH_MATCH_LIMIT: '0' }, /^Invalid configuration: SEARCH_MATCH_LIMIT /],
    [{ SEARCH_MATCH_LIMIT: 'all' }, /^Invalid configuration: SEARCH_MATCH_LIMIT /]
  ]
  for (const [env, message] of cases) {
    const err = t.throws(() => loadConfig(env), ConfigError, JSON.stringify(env)) as Error
    t.match(err.message, message)
    t.notMatch(err.message, /\n/, 'one line')
  }
})
