// The escaping template and the Markdown subset: publishers' text can never become markup or a
// javascript: link, and what descriptions use renders.
import t from 'tap'
import { escapeHtml, html, raw, safeUrl } from '../../src/web/html.js'
import { markdownHtml, markdownText } from '../../src/web/markdown.js'

const md = (source: string) => markdownHtml(source).text

t.test('the template escapes every value unless it is Html', async t => {
  const value = '<script>"x" & \'y\'</script>'
  t.equal(html`<p title="${value}">${value}</p>`.text,
    '<p title="&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</p>')
  t.equal(html`${[html`<b>`, '<i>', 1, null, undefined, false, [html`</b>`]]}`.text, '<b>&lt;i&gt;1</b>')
  t.equal(html`${raw('<hr>')}`.text, '<hr>', 'raw() is the explicit opt-out')
  t.equal(String(html`<br>`), '<br>')
  t.equal(escapeHtml('a&b'), 'a&amp;b')
})

t.test('safeUrl allows http, https and mailto only', async t => {
  for (const url of ['https://example.org/a?b=1', 'http://example.org', 'mailto:a@example.org']) t.equal(safeUrl(url), url)
  for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'file:///etc/passwd', '/relative', 'not a url', '', null, undefined]) {
    t.equal(safeUrl(url), null, String(url))
  }
})

t.test('raw HTML in Markdown is text', async t => {
  t.equal(md('<script>alert(1)</script>'), '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n')
  t.equal(md('a <img src=x onerror=alert(1)> b'), '<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n')
  t.equal(md('</p><script>x</script>'), '<p>&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;</p>\n')
})

t.test('links keep their target only with a safe scheme', async t => {
  t.equal(md('[doc](https://example.org/a_(b) "Titre")'), '<p><a href="https://example.org/a_(b)" rel="nofollow ugc">doc</a></p>\n')
  t.equal(md('[x](javascript:alert(1))'), '<p>x</p>\n')
  t.equal(md('[x](<javascript:alert(1)>)'), '<p>x</p>\n')
  t.equal(md('[x](data:text/html;base64,PHNjcmlwdD4=)'), '<p>x</p>\n')
  t.equal(md('[x]("onmouseover=alert(1))'), '<p>x</p>\n', 'no attribute injection through the destination')
  t.equal(md('![logo](https://example.org/logo.png)'), '<p><a href="https://example.org/logo.png" rel="nofollow ugc">logo</a></p>\n', 'images are not loaded: a link')
  t.equal(md('<https://example.org/x> <a@example.org> <javascript:alert(1)>'),
    '<p><a href="https://example.org/x" rel="nofollow ugc">https://example.org/x</a> <a href="mailto:a@example.org" rel="nofollow ugc">a@example.org</a> javascript:alert(1)</p>\n')
  t.equal(md('Voir https://example.org/page. Et (https://example.org/b).'),
    '<p>Voir <a href="https://example.org/page" rel="nofollow ugc">https://example.org/page</a>. Et (<a href="https://example.org/b" rel="nofollow ugc">https://example.org/b</a>).</p>\n')
  t.equal(md('[pas de lien] [x]'), '<p>[pas de lien] [x]</p>\n')
  t.equal(md('[x](https://a.example/"><script>)'), '<p>[x](<a href="https://a.example/" rel="nofollow ugc">https://a.example/</a>&quot;&gt;&lt;script&gt;)</p>\n')
})

t.test('the subset descriptions use', async t => {
  t.equal(md('# Titre\n\nTexte **gras**, *penché*, __gras__, _penché_, `code <b>`, snake_case_name.'),
    '<h2>Titre</h2>\n<p>Texte <strong>gras</strong>, <em>penché</em>, <strong>gras</strong>, <em>penché</em>, <code>code &lt;b&gt;</code>, snake_case_name.</p>\n')
  t.equal(md('Sous-titre\n====\n\nAutre\n---'), '<h2>Sous-titre</h2>\n<h3>Autre</h3>\n')
  t.equal(md('###### six ##'), '<h6>six</h6>\n', 'headings sit below the page title, at most h6')
  t.equal(md('- un\n- deux\nsuite\n\n- trois\n\n1. a\n2) b'), '<ul>\n<li>un</li>\n<li>deux\nsuite</li>\n<li>trois</li>\n</ul>\n<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n')
  t.equal(md('3. trois\n4. quatre'), '<ol start="3">\n<li>trois</li>\n<li>quatre</li>\n</ol>\n')
  t.equal(md('```js\n<b>code</b>\n```\n\n---\n\n> cité\n> **aussi**'), '<pre><code>&lt;b&gt;code&lt;/b&gt;</code></pre>\n<hr>\n<blockquote>\n<p>cité\n<strong>aussi</strong></p>\n</blockquote>\n')
  t.equal(md('```\nnot closed'), '<pre><code>not closed</code></pre>\n')
  t.equal(md('ligne  \nsuivante\\\nfin\r\nencore'), '<p>ligne<br>suivante<br>fin\nencore</p>\n')
  t.equal(md('\\*pas\\* \\[lien\\](x) `` a`b `` ` seul'), '<p>*pas* [lien](x) <code>a`b</code> ` seul</p>\n')
  t.equal(md('** a ** et *b* c* et * d'), '<p>** a ** et <em>b</em> c* et * d</p>\n')
  t.equal(md('[**gras** lien](https://example.org)'), '<p><a href="https://example.org" rel="nofollow ugc"><strong>gras</strong> lien</a></p>\n')
  t.equal(md(''), '')
})

t.test('hostile nesting and long runs stay bounded', async t => {
  const deep = '>'.repeat(50) + ' fond'
  t.match(md(deep), /fond/)
  const stars = '*a '.repeat(20_000)
  t.equal(md(stars).length > 0, true)
  const brackets = '['.repeat(20_000) + 'x'
  t.match(md(brackets), /x<\/p>/)
  const emphasis = '*'.repeat(20) + 'x' + '*'.repeat(20)
  t.match(md(emphasis), /x/)
  const ticks = 'a ' + '`'.repeat(200) + 'x'
  t.match(md(ticks), /x<\/p>/)
})

t.test('markdownText gives the words without the markup', async t => {
  t.equal(markdownText('# Titre\n\nUn **mot** et [un lien](https://x.example) `code`\n\n- a\n- b\n\n---\n\n> cité\n\n```\nbloc\n```\nfin  \nligne'),
    'Titre\nUn mot et un lien code\n- a\n- b\ncité\nbloc\nfin ligne')
})
