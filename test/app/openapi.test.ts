import { readFile } from 'node:fs/promises'
import t from 'tap'
import { buildTestApp } from '../support/build-app.js'
import { OPENAPI_FILE, renderOpenapi } from '../../src/cli/openapi.js'

const app = await buildTestApp(t)

t.test('the committed openapi/openapi.json is what the app generates', async t => {
  const committed = await readFile(OPENAPI_FILE, 'utf8')
  const generated = renderOpenapi(app.swagger())
  t.equal(generated, committed, 'run `npm run openapi` and commit openapi/openapi.json')
})

t.test('GET /openapi.json serves an OpenAPI 3.1 document with named components', async t => {
  const res = await app.inject('/openapi.json')
  t.equal(res.statusCode, 200)
  const doc = res.json()
  t.equal(doc.openapi, '3.1.0')
  t.ok(doc.components.schemas.Problem, 'Problem is a named component')
  for (const [route, methods] of Object.entries<Record<string, { tags?: string[], summary?: string }>>(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      t.ok(op.tags?.length, `${method.toUpperCase()} ${route} is tagged`)
      t.ok(op.summary, `${method.toUpperCase()} ${route} has a summary`)
    }
  }
})

t.test('GET /docs serves a documentation page', async t => {
  const res = await app.inject('/docs/')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /text\/html/)
})
