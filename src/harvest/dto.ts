// Harvest rows → API JSON (STYLE C5).
import type { HarvestRunRow, HarvestSourceRow } from '../db/types.js'
import type { HarvestRunJson, HarvestSourceJson } from './schemas.js'
import { iso } from '../dto/iso.js'

const isoOrNull = (value: Date | string | null): string | null => value === null ? null : iso(value)

export function toHarvestSourceDto (row: HarvestSourceRow): HarvestSourceJson {
  return {
    id: row.id,
    publisher: row.publisher_id,
    kind: row.kind,
    url: row.url,
    schedule: row.schedule,
    nextRunAt: isoOrNull(row.next_run_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at)
  }
}

export function toHarvestRunDto (row: HarvestRunRow): HarvestRunJson {
  return {
    id: row.id,
    source: row.source_id,
    trigger: row.trigger,
    status: row.status,
    attempts: row.attempts,
    force: row.force,
    queuedAt: iso(row.queued_at),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
    report: (row.report ?? null) as HarvestRunJson['report'],
    error: row.error
  }
}
