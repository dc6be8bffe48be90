// Slugs generated from titles: "Qualité de l'air 2025" → "qualite-de-l-air-2025".
export function slugify (title: string): string {
  const slug = title.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80).replace(/-+$/, '')
  return slug === '' ? 'dataset' : slug
}
