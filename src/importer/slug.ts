// Slugs for imported datasets: a CKAN name as it is when Bastille accepts it (underscores included,
// SPEC §2), otherwise one made from the text, accents folded.
const SLUG = /^[a-z0-9][a-z0-9_-]{0,99}$/

export function slugify (text: string): string {
  const slug = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 100).replace(/[-_]+$/, '')
  return slug === '' ? 'dataset' : slug
}

/** The name itself when it is a valid slug, else a slug made from it. */
export function slugOfName (name: string): string {
  return SLUG.test(name) ? name : slugify(name)
}
