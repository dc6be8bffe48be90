// The failed-authentication limiter with its default in-process store, and what reaches the log.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import t from 'tap'
import app from '../../src/app.js'
import { serverOptions } from '../../src/server-options.js'
import { ADMIN_TOKEN, testConfig } from '../support/build-app.js'
import { createTestDb } from '../support/test-db.js'
import { MAX_FAILURES, testFailureLimit } from './rate-limit-flow.js'

// Built by hand rather than with buildTestApp, to read the log the production options write.
const logs: string[] = []
const storageDir = await mkdtemp(path.join(os.tmpdir(), 'bastille-test-'))
const config = testConfig(storageDir, { logLevel: 'trace', authFailuresPerMinute: MAX_FAILURES })
const options = serverOptions(config)
const server = Fastify({
  ...options,
  logger: { ...(options.logger as object), stream: new Writable({ write (chunk, _encoding, done) { logs.push(String(chunk)); done() } }) }
})
const { db } = await createTestDb(t)
await server.register(fp(app), { config, db })
await server.ready()
t.teardown(async () => {
  await server.close()
  await rm(storageDir, { recursive: true, force: true })
})

await testFailureLimit(t, server)

t.test('no token secret is ever logged', async t => {
  const secret = `bst_${'s'.repeat(43)}`
  await server.inject({ url: '/tokens', headers: { authorization: `Bearer ${secret}` }, remoteAddress: '192.0.2.77' })
  await server.inject({ url: '/tokens', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, remoteAddress: '192.0.2.77' })
  const created = await server.inject({ method: 'POST', url: '/tokens', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { name: 'logged?', role: 'admin' } })
  t.equal(created.statusCode, 201)
  const text = logs.join('')
  t.match(text, /bearer token refused/, 'the refusal is logged')
  t.match(text, /"reason":"unknown"/)
  for (const value of [secret, ADMIN_TOKEN, created.json().secret]) t.notOk(text.includes(value), 'the secret is not in the log')
})
