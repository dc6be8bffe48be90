// The bench's output: a plain-text table for people, and the same figures as JSON for tools.
import type { ScenarioResult } from './figures.js'
import type { Summary } from './stats.js'

function num (value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US')
  if (Math.abs(value) >= 100) return value.toFixed(0)
  return value.toFixed(1)
}

function cell (summary: Summary | undefined, unit: string): string {
  if (summary === undefined) return ''
  return `${num(summary.median)} ${unit} (${num(summary.min)}–${num(summary.max)})`
}

export function table (results: readonly ScenarioResult[]): string {
  const rows: string[][] = [['figure', 'Bastille: median (min–max)', 'baseline', 'ratio', 'target', 'met']]
  for (const result of results) {
    if (result.status !== 'ok') {
      rows.push([`${result.title}: ${result.status.toUpperCase()}`, result.note ?? '', '', '', '', ''])
      continue
    }
    for (const f of result.figures) {
      rows.push([
        f.name,
        cell(f.subject, f.unit),
        cell(f.baseline, f.unit),
        f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}× (${f.better} is better)`,
        f.target ?? '',
        f.met === undefined ? '' : f.met ? 'yes' : 'NO'
      ])
    }
    if (result.note !== undefined) rows.push([`  note: ${result.note}`, '', '', '', '', ''])
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map(row => (row[c] ?? '').length)))
  const line = (row: string[]): string => row.map((text, c) => text.padEnd(widths[c]!)).join('  ').trimEnd()
  return [line(rows[0]!), widths.map(w => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n')
}
