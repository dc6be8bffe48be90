import t from 'tap'
import { isActiveContent, sniff } from '../../src/uploads/sniff.js'
import { cleanFileName, contentDisposition } from '../../src/uploads/file-name.js'
import { parseRange } from '../../src/uploads/range.js'

t.test('magic numbers decide, the extension only refines containers', async t => {
  const cases: Array<[string, Buffer, string | null, string, string | null]> = [
    ['pdf', Buffer.from('%PDF-1.7\n'), 'report.csv', 'application/pdf', 'PDF'],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'x.png', 'image/png', 'PNG'],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), null, 'image/jpeg', 'JPEG'],
    ['gif', Buffer.from('GIF89a\x01\x00'), null, 'image/gif', 'GIF'],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0]), 'a.csv.gz', 'application/gzip', 'GZIP'],
    ['parquet', Buffer.from('PAR1\x15\x04'), null, 'application/vnd.apache.parquet', 'PARQUET'],
    ['zip', Buffer.from('PK\x03\x04\x14\x00'), 'archive.zip', 'application/zip', 'ZIP'],
    ['xlsx', Buffer.from('PK\x03\x04\x14\x00'), 'Budget.XLSX', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'XLSX'],
    ['docx', Buffer.from('PK\x03\x04\x14\x00'), 'note.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'DOCX'],
    ['ods', Buffer.from('PK\x03\x04\x14\x00'), 'table.ods', 'application/vnd.oasis.opendocument.spreadsheet', 'ODS'],
    ['xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls', 'application/vnd.ms-excel', 'XLS'],
    ['unknown ole', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'x.bin', 'application/octet-stream', null],
    ['binary', Buffer.from([0, 1, 2, 3, 250]), 'data.csv', 'application/octet-stream', null],
    ['empty', Buffer.alloc(0), 'empty.csv', 'application/octet-stream', null]
  ]
  for (const [name, sample, fileName, mediaType, format] of cases) {
    t.same(sniff(sample, fileName, true), { mediaType, format }, name)
  }
})

t.test('text is recognised from its first KiB', async t => {
  const cases: Array<[string, string, string | null, string, string | null]> = [
    ['csv', 'id;nom\n1;Gare\n2;Mairie\n', 'arrets.txt', 'text/plain', 'TXT'],
    ['csv without extension', 'id;nom\n1;"Gare; nord"\n2;Mairie\n', null, 'text/csv', 'CSV'],
    ['csv by extension', 'just one line', 'one.csv', 'text/csv', 'CSV'],
    ['tsv', 'a\tb\n1\t2\n', 'x.tsv', 'text/tab-separated-values', 'TSV'],
    ['plain text', 'Hello, world.\nNothing delimited here', null, 'text/plain', 'TXT'],
    ['json', '\uFEFF  {"a": 1}', 'data.json', 'application/json', 'JSON'],
    ['geojson', '{"type": "FeatureCollection", "features": []}', 'x.json', 'application/geo+json', 'GEOJSON'],
    ['geojson by extension', '[]', 'x.geojson', 'application/geo+json', 'GEOJSON'],
    ['html', '<!DOCTYPE html><html><body>hi</body></html>', 'data.csv', 'text/html', 'HTML'],
    ['html fragment', '<p>hello</p>', null, 'text/html', 'HTML'],
    ['script inside csv', 'a,b\n1,<script>alert(1)</script>\n', 'data.csv', 'text/html', 'HTML'],
    ['svg', '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'logo.xml', 'image/svg+xml', 'SVG'],
    ['xml', '<?xml version="1.0"?><root/>', 'data.xml', 'application/xml', 'XML'],
    ['kml', '<?xml version="1.0"?><kml/>', 'map.kml', 'application/vnd.google-earth.kml+xml', 'KML']
  ]
  for (const [name, text, fileName, mediaType, format] of cases) {
    t.same(sniff(Buffer.from(text), fileName, true), { mediaType, format }, name)
  }
  // The last line of a cut sample is ignored: it may end anywhere.
  t.same(sniff(Buffer.from('a,b\n1,2\n3,4,5,6'), null, false), { mediaType: 'text/csv', format: 'CSV' })
  t.same(sniff(Buffer.from('a,b\n1,2\n3,4,5,6'), null, true), { mediaType: 'text/plain', format: 'TXT' })
})

t.test('active content is recognised whatever its parameters', async t => {
  for (const type of ['text/html', 'image/svg+xml', 'application/xml', 'text/xml', 'application/javascript', 'text/javascript; charset=utf-8', 'application/xhtml+xml']) {
    t.ok(isActiveContent(type), type)
  }
  for (const type of ['text/csv', 'application/pdf', 'image/png', 'application/json']) t.notOk(isActiveContent(type), type)
})

t.test('client file names are cleaned and safely encoded', async t => {
  t.equal(cleanFileName('../../etc/passwd'), 'passwd')
  t.equal(cleanFileName('C:\\Users\\me\\data.csv'), 'data.csv')
  t.equal(cleanFileName('a\r\nb\u0000.csv'), 'ab.csv')
  t.equal(cleanFileName('..'), null)
  t.equal(cleanFileName(''), null)
  t.equal(cleanFileName(undefined), null)
  t.equal(cleanFileName('x'.repeat(300) + '.csv')!.length, 255)
  t.equal(contentDisposition('inline', 'data.csv'), 'inline; filename="data.csv"')
  t.equal(contentDisposition('attachment', 'données "2026".csv'),
    'attachment; filename="donnees _2026_.csv"; filename*=UTF-8\'\'donn%C3%A9es%20%222026%22.csv')
  t.equal(contentDisposition('attachment', "l'été (v2)*.csv"),
    'attachment; filename="l\'ete (v2)*.csv"; filename*=UTF-8\'\'l%27%C3%A9t%C3%A9%20%28v2%29%2A.csv')
  t.equal(contentDisposition('attachment', '北京.csv'), 'attachment; filename="__.csv"; filename*=UTF-8\'\'%E5%8C%97%E4%BA%AC.csv')
})

t.test('Range headers: one range served, anything else ignored or refused', async t => {
  t.same(parseRange(undefined, 100), { kind: 'whole' })
  t.same(parseRange('bytes=0-9', 100), { kind: 'partial', start: 0, end: 9 })
  t.same(parseRange('bytes=90-', 100), { kind: 'partial', start: 90, end: 99 })
  t.same(parseRange('bytes=90-500', 100), { kind: 'partial', start: 90, end: 99 })
  t.same(parseRange('bytes=-10', 100), { kind: 'partial', start: 90, end: 99 })
  t.same(parseRange('bytes=-500', 100), { kind: 'partial', start: 0, end: 99 })
  t.same(parseRange('bytes=100-', 100), { kind: 'unsatisfiable' })
  t.same(parseRange('bytes=-0', 100), { kind: 'unsatisfiable' })
  t.same(parseRange('bytes=0-', 0), { kind: 'unsatisfiable' })
  t.same(parseRange('bytes=0-1,5-6', 100), { kind: 'whole' }, 'multiple ranges')
  t.same(parseRange('bytes=9-2', 100), { kind: 'whole' }, 'invalid range')
  t.same(parseRange('items=0-1', 100), { kind: 'whole' }, 'other unit')
  t.same(parseRange('bytes=-', 100), { kind: 'whole' })
})
