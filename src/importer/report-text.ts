// The report as a person reads it at the end of a CLI run: counts per type, then every skip and failure
// with its reason, the mappings applied, the datasets with no distribution and what vanished.
import { ITEM_TYPES, OUTCOMES, type ImportReport, type Mapping } from './report.js'

function table (report: ImportReport): string[] {
  const width = 13
  const lines = [['', ...OUTCOMES].map(cell => cell.padEnd(width)).join('').trimEnd()]
  for (const type of ITEM_TYPES) {
    const counts = OUTCOMES.map(outcome => report[outcome][type])
    if (counts.every(n => n === 0)) continue
    lines.push([type, ...counts.map(String)].map(cell => cell.padEnd(width)).join('').trimEnd())
  }
  return lines
}

function mappings (title: string, list: Mapping[]): string[] {
  if (list.length === 0) return []
  return [`${title}:`, ...list.map(m => `  ${m.source} → ${m.target ?? '(none)'} [${m.how}] ×${m.count}`)]
}

export function formatReport (report: ImportReport): string {
  const lines: string[] = []
  const verb = report.dryRun ? 'Dry run of the import' : 'Import'
  lines.push(`${verb} of ${report.sourceUrl} (${report.kind}): ${report.completed ? 'completed' : `NOT completed: ${report.error ?? 'unknown error'}`}`)
  lines.push(...table(report))
  const notable = report.items.filter(item => item.outcome === 'skipped' || item.outcome === 'failed')
  if (notable.length > 0) {
    lines.push('Skipped and failed:')
    for (const item of notable) lines.push(`  ${item.outcome} ${item.type} ${item.sourceId}${item.title === undefined ? '' : ` (${item.title})`}: ${item.reason ?? ''}`)
  }
  const warned = report.items.filter(item => (item.warnings?.length ?? 0) > 0)
  if (warned.length > 0) {
    lines.push('Imported with warnings:')
    for (const item of warned) lines.push(`  ${item.type} ${item.sourceId}: ${item.warnings!.join('; ')}`)
  }
  lines.push(...mappings('Licences', report.licences), ...mappings('Formats', report.formats))
  if (report.withoutDistribution.length > 0) {
    lines.push(`Datasets with no distribution (${report.withoutDistribution.length}):`)
    for (const dataset of report.withoutDistribution) lines.push(`  ${dataset.id} ${dataset.title}`)
  }
  if (report.vanished.length > 0) lines.push(`No longer in the source, kept in Bastille (${report.vanished.length}): ${report.vanished.join(', ')}`)
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`)
  const changed = OUTCOMES.slice(0, 2).reduce((sum, outcome) => sum + ITEM_TYPES.reduce((n, type) => n + report[outcome][type], 0), 0)
  if (report.completed && changed === 0) lines.push('Nothing changed: Bastille already holds this source as it is.')
  lines.push(`${report.requests} request(s) to the source, ${((Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000).toFixed(1)} s`)
  return lines.join('\n')
}
