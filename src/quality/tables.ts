// The quality tables (migrations 2026_12_05_0401_dataset_quality and 2026_12_07_0101_quality_order), typed
// for Kysely here rather than in src/db/types.ts: only this folder writes them.
import type { ColumnType, Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { Band } from './metrics.js'

type Generated<T> = ColumnType<T, T | undefined, T>

export type QualityTables = {
  dataset_quality: {
    dataset_id: string
    /** The dataset's seq, for paging by score in index order. */
    seq: string
    stale: Generated<boolean>
    changed_at: Generated<Date>
    score: number | null
    band: Band | null
    report: ColumnType<unknown, string | null, string | null>
    computed_at: Date | null
  }
  quality_url_checks: {
    url: string
    host: string
    status: number | null
    detail: string | null
    checked_at: Date | null
    next_check_at: Generated<Date>
  }
  quality_dataset_urls: {
    dataset_id: string
    url: string
  }
}

export type QualityDB = DB & QualityTables

export const withQuality = (db: Kysely<DB>): Kysely<QualityDB> => db.withTables<QualityTables>()
