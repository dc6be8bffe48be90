// sitemaps.org XML: a urlset of at most 50,000 URLs, or an index of such sets. Pure: entries in, text out.
import { escapeHtml } from './html.js'

export interface SitemapEntry { loc: string, lastModified?: Date | undefined }

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

function entry (tag: 'url' | 'sitemap', { loc, lastModified }: SitemapEntry): string {
  const lastmod = lastModified === undefined ? '' : `<lastmod>${lastModified.toISOString()}</lastmod>`
  return `<${tag}><loc>${escapeHtml(loc)}</loc>${lastmod}</${tag}>\n`
}

export function urlset (entries: readonly SitemapEntry[]): string {
  return `${HEAD}<urlset xmlns="${NS}">\n${entries.map((e) => entry('url', e)).join('')}</urlset>\n`
}

export function sitemapIndex (entries: readonly SitemapEntry[]): string {
  return `${HEAD}<sitemapindex xmlns="${NS}">\n${entries.map((e) => entry('sitemap', e)).join('')}</sitemapindex>\n`
}

export function robotsTxt (publicUrl: string): string {
  return `User-agent: *\nAllow: /\nSitemap: ${publicUrl}/sitemap.xml\n`
}
