// What every scenario receives from the runner: the loaded database, the settings, a temporary folder.
import type { GeneratedCatalogue } from '../generate.js'
import type { ScenarioResult } from './figures.js'

export interface BenchContext {
  /** The bench's own database on the real PostgreSQL server, loaded with the catalogue. */
  databaseUrl: string
  catalogue: GeneratedCatalogue
  /** Seconds per measured run (throughput and latency scenarios). */
  duration: number
  rounds: number
  /** Size of the upload scenario's file, in bytes. */
  uploadBytes: number
  /** Removed at the end of the bench. */
  tmpDir: string
  /** Repository root: dist/ is under it. */
  root: string
  adminToken: string
  log: (message: string) => void
}

export interface Scenario {
  name: string
  title: string
  run: (context: BenchContext) => Promise<ScenarioResult>
}
