// What an import did, item by item: the counts per type and outcome, every skip and failure with its
// reason, the licence and format mappings applied, and which of this source's datasets it no longer lists.

export const ITEM_TYPES = ['dataset', 'distribution', 'file', 'publisher', 'group'] as const
export type ItemType = typeof ITEM_TYPES[number]
export const OUTCOMES = ['created', 'updated', 'unchanged', 'skipped', 'failed'] as const
export type Outcome = typeof OUTCOMES[number]

export type Counts = Record<ItemType, number>

export interface ReportItem {
  type: ItemType
  outcome: Outcome
  /** The source's key: CKAN id or name, DCAT identifier or node URI, file URL. */
  sourceId: string
  /** The Bastille id (dataset or distribution UUID, publisher slug), when there is one. */
  id?: string
  title?: string
  /** Why it was skipped or failed. */
  reason?: string
  /** What was imported differently from the source (a licence not found, a value dropped). */
  warnings?: string[]
}

export interface Mapping {
  /** The source's value: a licence id or URL, a format label or media type. */
  source: string
  /** The Bastille licence id or EU file-type code, or null when nothing matched. */
  target: string | null
  /** How it was matched: map file, url, title, id, table, label, media type… */
  how: string
  count: number
}

export interface ImportReport {
  kind: 'ckan' | 'dcat'
  /** The URL the import was asked to read. */
  source: string
  /** The URL provenance is recorded under: the CKAN site root found, or the DCAT catalogue URL. */
  sourceUrl: string
  dryRun: boolean
  startedAt: string
  finishedAt: string
  /** False when the source could not be read at all (then `error` says why). */
  completed: boolean
  error?: string
  created: Counts
  updated: Counts
  unchanged: Counts
  skipped: Counts
  failed: Counts
  items: ReportItem[]
  licences: Mapping[]
  formats: Mapping[]
  /** Datasets imported with no distribution (udata's harvester skips those). */
  withoutDistribution: Array<{ id: string, sourceId: string, title: string }>
  /** Problems with the source as a whole (a count that does not add up, a page left unread). */
  warnings: string[]
  /** Bastille ids of this source's datasets that the source lists. */
  seen: string[]
  /** Bastille ids of live datasets with this source's provenance that the source no longer lists. */
  vanished: string[]
  /** HTTP requests made to the source. */
  requests: number
}

/** Everything one dataset's import adds to the report. */
export interface DatasetResult {
  sourceId: string
  dataset: ReportItem
  /** Its distributions and files. */
  items: ReportItem[]
  withoutDistribution?: { id: string, sourceId: string, title: string }
}

/** A dataset written twice in one run (the delta pass) counts once: it was created if either write created it. */
const RANK: Record<Outcome, number> = { unchanged: 0, updated: 1, created: 2, skipped: -1, failed: -1 }

function merged (before: Outcome, after: Outcome): Outcome {
  return RANK[after] >= 0 && RANK[before] > RANK[after] ? before : after
}

const zero = (): Counts => ({ dataset: 0, distribution: 0, file: 0, publisher: 0, group: 0 })

/** Collects a report as the import goes; `result()` freezes it. */
export class ReportBuilder {
  readonly report: ImportReport
  readonly #licences = new Map<string, Mapping>()
  readonly #formats = new Map<string, Mapping>()
  readonly #datasets = new Map<string, DatasetResult>()

  constructor (kind: 'ckan' | 'dcat', source: string, dryRun: boolean) {
    this.report = {
      kind,
      source,
      sourceUrl: source,
      dryRun,
      startedAt: new Date().toISOString(),
      finishedAt: '',
      completed: false,
      created: zero(),
      updated: zero(),
      unchanged: zero(),
      skipped: zero(),
      failed: zero(),
      items: [],
      licences: [],
      formats: [],
      withoutDistribution: [],
      warnings: [],
      seen: [],
      vanished: [],
      requests: 0
    }
  }

  /** Counts an item; datasets, and any item skipped, failed or imported with warnings, are also listed. */
  add (item: ReportItem): void {
    this.report[item.outcome][item.type]++
    const notable = item.type === 'dataset' || item.outcome === 'skipped' || item.outcome === 'failed' || (item.warnings?.length ?? 0) > 0
    if (notable) this.report.items.push(item)
  }

  /** Adds one dataset's result; a second result for the same source record replaces the first, outcomes merged. */
  dataset (result: DatasetResult): void {
    const previous = this.#datasets.get(result.sourceId)
    if (previous !== undefined) {
      const outcomes = new Map([previous.dataset, ...previous.items].map(item => [`${item.type}\u0000${item.sourceId}`, item.outcome]))
      for (const item of [result.dataset, ...result.items]) {
        const before = outcomes.get(`${item.type}\u0000${item.sourceId}`)
        if (before !== undefined) item.outcome = merged(before, item.outcome)
      }
      const gone = new Set([previous.dataset, ...previous.items])
      for (const item of gone) this.report[item.outcome][item.type]--
      this.report.items = this.report.items.filter(item => !gone.has(item))
      if (previous.withoutDistribution !== undefined) {
        this.report.withoutDistribution = this.report.withoutDistribution.filter(entry => entry !== previous.withoutDistribution)
      }
    }
    this.#datasets.set(result.sourceId, result)
    this.add(result.dataset)
    for (const item of result.items) this.add(item)
    if (result.withoutDistribution !== undefined) this.report.withoutDistribution.push(result.withoutDistribution)
  }

  warn (message: string): void {
    this.report.warnings.push(message)
  }

  licence (source: string, target: string | null, how: string): void {
    count(this.#licences, source, target, how)
  }

  format (source: string, target: string | null, how: string): void {
    count(this.#formats, source, target, how)
  }

  result (completed: boolean, error?: string): ImportReport {
    const sort = (map: Map<string, Mapping>) => [...map.values()].sort((a, b) => a.source.localeCompare(b.source))
    return {
      ...this.report,
      completed,
      ...(error === undefined ? {} : { error }),
      finishedAt: new Date().toISOString(),
      licences: sort(this.#licences),
      formats: sort(this.#formats)
    }
  }
}

function count (map: Map<string, Mapping>, source: string, target: string | null, how: string): void {
  const key = `${source}\u0000${target ?? ''}`
  const entry = map.get(key)
  if (entry === undefined) map.set(key, { source, target, how, count: 1 })
  else entry.count++
}
