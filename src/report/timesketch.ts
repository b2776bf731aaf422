// Timesketch row mapping shared by the JSONL and CSV writers: the three mandatory fields
// (`message`, `datetime`, `timestamp_desc`), `timestamp` in epoch microseconds, then the event's
// own fields as attributes (reference ecosystem-and-style.md §1.1).
import type {CaseReport, TimelineEvent} from '../lib/model.js'

export const RESERVED = new Set(['message', 'datetime', 'timestamp_desc', 'timestamp', 'data_type', 'tag', 'raw', 'time_precision'])

export function epochMicros(iso: string): number {
  const m = /\.(\d+)Z$/.exec(iso)
  const whole = Math.floor(Date.parse(iso.replace(/\.\d+Z$/, 'Z')) / 1000)
  const frac = m ? Number(m[1]!.slice(0, 6).padEnd(6, '0')) : 0
  return whole * 1_000_000 + frac
}

export function timesketchRow(c: CaseReport, e: TimelineEvent): Record<string, unknown> {
  const row: Record<string, unknown> = {
    message: e.message,
    datetime: e.time,
    timestamp_desc: e.timestampDesc,
  }
  if (e.time !== null) row.timestamp = epochMicros(e.time)
  row.data_type = e.type
  row.tag = e.indicators
  row.event_id = e.id
  row.case = c.id
  row.artifact = e.artifact
  row.location = e.location
  row.time_basis = e.timeBasis
  if (e.timePrecision) row.time_precision = e.timePrecision
  for (const [k, v] of Object.entries(e.fields)) row[RESERVED.has(k) || k in row ? `field_${k}` : k] = v
  if (e.raw !== undefined) row.raw = e.raw
  return row
}

/**
 * A case with no verdict (`not-evaluated`: nothing in its evidence could be read) has no events,
 * so a timeline alone would not show it at all. One row per such case says so, with what was
 * looked for and which files could not be read; it has no time (Timesketch skips rows without
 * `datetime`, spreadsheets and scripts keep it) and the tag `not-evaluated`.
 */
export function notEvaluatedRow(c: CaseReport): Record<string, unknown> | undefined {
  if (c.failed || c.assessment.level !== 'not-evaluated') return undefined
  const lookedFor = c.assessment.reasons.find((r) => r.startsWith(LOOKED_FOR))
  const unread = c.artifacts.filter((a) => a.status === 'failed' || a.status === 'unsupported')
  return {
    message: c.assessment.reasons.join(' '),
    datetime: null,
    timestamp_desc: 'Case assessment',
    data_type: 'case.not_evaluated',
    tag: ['not-evaluated'],
    case: c.id,
    level: 'not-evaluated',
    looked_for: lookedFor ? lookedFor.slice(LOOKED_FOR.length).replace(/\.$/, '') : '',
    unread_artifacts: unread.map((a) => `${a.path} (${a.kind}, ${a.status})`).join('; '),
  }
}

const LOOKED_FOR = 'Looked for: '
