// The page shell: language, landmarks, the search form, alternate representations, and the one style
// element, allowed by its hash in the Content-Security-Policy, which allows no script at all.
import { createHash } from 'node:crypto'
import { html, raw, type Html } from './html.js'

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#555;--line:#ddd;--link:#0b4fb3;font-family:system-ui,sans-serif;line-height:1.5}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#151515;--muted:#aaa;--line:#444;--link:#8ab4f8}}
body{margin:0;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;border-bottom:1px solid var(--line)}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
a{color:var(--link)}
.skip,.sr{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
.site{font-weight:bold;text-decoration:none}
form[role=search]{display:flex;gap:.5rem}
input,button{font:inherit;padding:.3rem .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid var(--line)}
.tags{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}.tags li{border:1px solid var(--line);border-radius:1rem;padding:0 .6rem}
.muted{color:var(--muted)}
pre{overflow-x:auto}
ol.results{padding-left:1.2rem}ol.results li{margin-bottom:1rem}
`.trim()

/** For the Content-Security-Policy: the only style the pages carry. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`

export interface Alternate { type: string, href: string, title?: string }

export interface PageOptions {
  /** The page's own title; the catalogue's is appended. */
  title: string
  catalogTitle: string
  publicUrl: string
  description?: string | undefined
  canonical?: string | undefined
  alternates?: readonly Alternate[] | undefined
  /** schema.org JSON-LD, already escaped for a script element (see schema-org.ts). */
  jsonLd?: string | undefined
  /** The search box's current value. */
  query?: string | undefined
  main: Html
}

export function page (options: PageOptions): Html {
  const { publicUrl } = options
  return html`<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title === options.catalogTitle ? options.title : `${options.title} — ${options.catalogTitle}`}</title>
${options.description === undefined ? null : html`<meta name="description" content="${options.description}">\n`}${
  options.canonical === undefined ? null : html`<link rel="canonical" href="${options.canonical}">\n`}${
  (options.alternates ?? []).map((alternate) => html`<link rel="alternate" type="${alternate.type}" href="${alternate.href}"${
    alternate.title === undefined ? null : html` title="${alternate.title}"`}>\n`)}<style>${raw(STYLE)}</style>
${options.jsonLd === undefined ? null : html`<script type="application/ld+json">${raw(options.jsonLd)}</script>\n`}</head>
<body>
<a class="skip" href="#main">Aller au contenu</a>
<header>
<a class="site" href="${publicUrl}/">${options.catalogTitle}</a>
<form role="search" method="get" action="${publicUrl}/datasets">
<label for="q">Rechercher un jeu de données</label>
<input id="q" name="q" type="search" value="${options.query ?? ''}">
<button type="submit">Rechercher</button>
</form>
</header>
<main id="main">
${options.main}</main>
<footer>
<nav aria-label="Pour les machines"><a href="${publicUrl}/catalog.ttl">Catalogue DCAT-AP</a> · <a href="${publicUrl}/docs">API</a> · <a href="${publicUrl}/sitemap.xml">Plan du site</a></nav>
</footer>
</body>
</html>
`
}
