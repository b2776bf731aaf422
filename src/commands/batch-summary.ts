// The stdout summary of `scan --batch`: a CSV with a header row, one record per case (README
// "Batch runs" documents the columns). Case ids come from folder names, so cells are quoted and
// formula-like ones neutralised like the CSV report.
import type {Report} from '../lib/model.js'
import {neutraliseFormula, quoteCsv} from '../report/escape.js'
import {eventCount} from '../report/events.js'

export const BATCH_COLUMNS = ['case', 'status', 'level', 'score', 'artifacts', 'failed_artifacts', 'events', 'findings', 'report', 'sha256'] as const

export function batchSummaryCsv(report: Report, files: Record<string, string>, digests: Record<string, string>): string {
  const rows = [BATCH_COLUMNS.join(',')]
  for (const c of report.cases) {
    const cells = [
      c.id, c.failed ? 'failed' : c.assessment.level === 'not-evaluated' ? 'not-evaluated' : 'ok', c.assessment.level, c.assessment.score, c.artifacts.length,
      c.artifacts.filter((a) => a.status === 'failed').length, eventCount(c), c.findings.length, files[c.id] ?? '', digests[c.id] ?? '',
    ]
    rows.push(cells.map((x) => (typeof x === 'number' ? String(x) : quoteCsv(neutraliseFormula(x)))).join(','))
  }
  return rows.join('\r\n') + '\r\n'
}
