// The Solr subset parser and its date math, as pure functions.
import t from 'tap'
import { parseDateBound } from '../../src/ckan/solr/dates.js'
import { parseSolr } from '../../src/ckan/solr/parse.js'

const term = (field: string | null, text: string, prefix = false) => ({ type: 'match', field, value: { type: 'term', text, prefix } })

t.test('parses what clients send', async t => {
  t.same(parseSolr(''), { type: 'all' })
  t.same(parseSolr('""'), { type: 'all' })
  t.same(parseSolr('*:*'), { type: 'all' })
  t.same(parseSolr('arbres'), term(null, 'arbres'))
  t.same(parseSolr('organization:a OR organization:b'), { type: 'or', items: [term('organization', 'a'), term('organization', 'b')] })
  t.same(parseSolr('-organization:x -organization:y'), { type: 'and', items: [{ type: 'not', item: term('organization', 'x') }, { type: 'not', item: term('organization', 'y') }] })
  t.same(parseSolr('organization:x AND NOT tags:y'), { type: 'and', items: [term('organization', 'x'), { type: 'not', item: term('tags', 'y') }] })
  t.same(parseSolr('+res_format:CSV +groups:x'), { type: 'and', items: [term('res_format', 'CSV'), term('groups', 'x')] })
  t.same(parseSolr('groups:(a OR b)'), { type: 'or', items: [term('groups', 'a'), term('groups', 'b')] })
  t.same(parseSolr('title:"les arbres"~2^3'), { type: 'match', field: 'title', value: { type: 'phrase', text: 'les arbres' } })
  t.same(parseSolr('title:sanità~2^3'), term('title', 'sanità'))
  t.same(parseSolr('tags:velo*'), term('tags', 'velo', true))
  t.same(parseSolr('res_format:*'), { type: 'match', field: 'res_format', value: { type: 'any' } })
  t.same(parseSolr('metadata_modified:[2015-10-23T14:51:13.282361Z TO *]'), {
    type: 'match', field: 'metadata_modified', value: { type: 'range', from: '2015-10-23T14:51:13.282361Z', to: null, fromInclusive: true, toInclusive: true }
  })
  t.same(parseSolr('num_tags:{3 TO 5]'), { type: 'match', field: 'num_tags', value: { type: 'range', from: '3', to: '5', fromInclusive: false, toInclusive: true } })
  t.same(parseSolr('a && b || c'), { type: 'or', items: [{ type: 'and', items: [term(null, 'a'), term(null, 'b')] }, term(null, 'c')] })
  t.same(parseSolr('name:a\\:b'), term('name', 'a:b'))
  t.same(parseSolr('metadata_modified:2024-01-01T00:00:00Z'), term('metadata_modified', '2024-01-01T00:00:00Z'))
})

t.test('refuses what it cannot read', async t => {
  for (const bad of ['(a', 'a)', '"a', 'title:', '[a TO b]', 'x:[a TO]', 'x:[a b c]', 'x:[a', '{!lucene}a', 'a*b', '*:x', 'a AND', 'a\\', '-', 'a:b:c:(', 'x:(', '  :x']) {
    t.throws(() => parseSolr(bad), { name: 'SearchSyntaxError' }, bad)
  }
})

t.test('date bounds: ISO dates and Solr date math', async t => {
  const now = new Date('2026-03-15T10:20:30.400Z')
  const at = (bound: string) => parseDateBound(bound, now).toISOString()
  t.equal(at('NOW'), '2026-03-15T10:20:30.400Z')
  t.equal(at('NOW-1DAY'), '2026-03-14T10:20:30.400Z')
  t.equal(at('NOW-7DAYS'), '2026-03-08T10:20:30.400Z')
  t.equal(at('NOW-1MONTH'), '2026-02-15T10:20:30.400Z')
  t.equal(at('NOW-6MONTHS/MONTH'), '2025-09-01T00:00:00.000Z')
  t.equal(at('NOW/DAY'), '2026-03-15T00:00:00.000Z')
  t.equal(at('NOW-5DAY/DAY'), '2026-03-10T00:00:00.000Z')
  t.equal(at('NOW+2HOURS-30MINUTES'), '2026-03-15T11:50:30.400Z')
  t.equal(at('NOW-1YEAR/YEAR'), '2025-01-01T00:00:00.000Z')
  t.equal(at('NOW-10SECONDS/MINUTE'), '2026-03-15T10:20:00.000Z')
  t.equal(at('NOW-1DATE+1MILLI'), '2026-03-14T10:20:30.401Z')
  t.equal(at('NOW/HOUR'), '2026-03-15T10:00:00.000Z')
  t.equal(at('NOW/SECOND'), '2026-03-15T10:20:30.000Z')
  t.equal(at('2015-10-23T14:51:13.282361Z'), '2015-10-23T14:51:13.282Z')
  t.equal(at('2015-10-23'), '2015-10-23T00:00:00.000Z')
  t.equal(at('2015-10-23T14:51'), '2015-10-23T14:51:00.000Z')
  t.equal(at('2015-10-23T14:51:13+02:00'), '2015-10-23T12:51:13.000Z')
  t.equal(at('2015-10-23T00:00:00Z+1DAY'), '2015-10-24T00:00:00.000Z')
  for (const bad of ['yesterday', 'NOW-1FORTNIGHT', 'NOW-', '2015-13-45', 'NOW*2']) t.throws(() => parseDateBound(bad, now), { name: 'SearchSyntaxError' }, bad)
})
