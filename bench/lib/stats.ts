// Summaries of repeated measurements: median and spread across rounds, percentiles within a round.

export interface Summary {
  median: number
  min: number
  max: number
  /** (max − min) / median, as a share: how much the rounds disagree. */
  spread: number
  runs: number[]
}

export function percentile (values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}

export function summarize (runs: readonly number[]): Summary {
  const median = percentile(runs, 50)
  const min = Math.min(...runs)
  const max = Math.max(...runs)
  return { median, min, max, spread: median === 0 ? 0 : (max - min) / median, runs: [...runs] }
}

export function round (value: number, digits = 2): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
