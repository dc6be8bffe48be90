// The DCAT fields a CKAN package carries outside its core keys, read in both ckanext-dcat styles: legacy
// `extras [{key, value}]` (JSON-encoded lists, the `dcat_` compatibility prefix) and scheming's top-level
// fields (lists of objects), plus ckanext-spatial's ISO keys (ckan-compat §3.3).

export type PackageDict = Record<string, unknown>

export class Extras {
  readonly #extras = new Map<string, unknown>()
  readonly #pkg: PackageDict

  constructor (pkg: PackageDict) {
    this.#pkg = pkg
    if (Array.isArray(pkg.extras)) {
      for (const extra of pkg.extras as Array<{ key?: unknown, value?: unknown }>) {
        if (typeof extra?.key === 'string') this.#extras.set(extra.key, extra.value)
      }
    }
  }

  /** The raw value of the first key present, as an extra or as a top-level (scheming) field. */
  value (...keys: string[]): unknown {
    for (const key of keys) {
      const value = this.#extras.get(key) ?? this.#pkg[key]
      if (value !== undefined && value !== null && value !== '') return value
    }
    return undefined
  }

  /** A string value of the first key present. */
  string (...keys: string[]): string | undefined {
    const value = this.value(...keys)
    if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim()
    if (typeof value === 'number') return String(value)
    return undefined
  }

  /** A list: a real list (scheming), a JSON-encoded one (legacy), or comma-separated text (compatibility mode). */
  list (...keys: string[]): string[] {
    const value = this.value(...keys)
    const items = Array.isArray(value) ? value : typeof value === 'string' ? parseList(value) : []
    return items.filter((item): item is string => typeof item === 'string' && item.trim() !== '').map(item => item.trim())
  }

  /** The first object of a scheming repeating field (`contact`, `publisher`, `temporal_coverage`…). */
  first (key: string): Record<string, unknown> | undefined {
    let value = this.value(key)
    if (typeof value === 'string' && value.trim().startsWith('[')) value = parseJson(value)
    const first: unknown = Array.isArray(value) ? value[0] : undefined
    return typeof first === 'object' && first !== null ? first as Record<string, unknown> : undefined
  }

  /** Every extra, as the source had them (the unmapped ones stay in provenance with the whole dict). */
  keys (): string[] {
    return [...this.#extras.keys()]
  }
}

export function parseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function parseList (text: string): unknown[] {
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    const parsed = parseJson(trimmed)
    if (Array.isArray(parsed)) return parsed
  }
  return trimmed.split(',')
}
