// What a scenario reports: figures, each a subject measurement set against its baseline and its target.
import { percentile, round, summarize, type Summary } from './stats.js'

export interface Figure {
  name: string
  unit: string
  /** Which way is better, to read the ratio: throughput is higher-better, latency lower-better. */
  better: 'higher' | 'lower'
  subject: Summary
  baseline?: Summary
  /** subject median ÷ baseline median. */
  ratio?: number
  /** Human-readable target from SPEC §8, e.g. "≥ 0.5×" or "< 50 ms". */
  target?: string
  met?: boolean
}

export interface ScenarioResult {
  scenario: string
  title: string
  status: 'ok' | 'not available' | 'failed'
  note?: string
  figures: Figure[]
}

export interface Target {
  text: string
  /** Checks the figure: the ratio for "×" targets, the subject median otherwise. */
  check: (figure: { ratio?: number, median: number }) => boolean
}

export const atLeastRatio = (min: number): Target => ({ text: `≥ ${min}×`, check: f => (f.ratio ?? 0) >= min })
export const below = (max: number, unit: string): Target => ({ text: `< ${max} ${unit}`, check: f => f.median < max })

export interface FigureOptions {
  better: 'higher' | 'lower'
  baselineRuns?: number[]
  target?: Target
}

export function figure (name: string, unit: string, subjectRuns: number[], options: FigureOptions): Figure {
  const subject = summarize(subjectRuns)
  const result: Figure = { name, unit, better: options.better, subject }
  if (options.baselineRuns !== undefined && options.baselineRuns.length > 0) {
    result.baseline = summarize(options.baselineRuns)
    result.ratio = result.baseline.median === 0 ? 0 : round(subject.median / result.baseline.median, 3)
  }
  if (options.target !== undefined) {
    result.target = options.target.text
    result.met = options.target.check({ median: subject.median, ...(result.ratio !== undefined ? { ratio: result.ratio } : {}) })
  }
  return result
}

/** p50, p95 and p99 of latency runs against their baselines; p95 carries the SPEC's 50 ms target. */
export function latencyFigures (name: string, subjectRuns: number[][], baselineRuns: number[][]): Figure[] {
  return [50, 95, 99].map(p => figure(`${name}, p${p}`, 'ms', subjectRuns.map(l => percentile(l, p)), {
    better: 'lower',
    baselineRuns: baselineRuns.map(l => percentile(l, p)),
    ...(p === 95 ? { target: below(50, 'ms') } : {})
  }))
}
