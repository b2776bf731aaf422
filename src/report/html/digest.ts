// What the HTML and Markdown reports show, chosen once so both formats carry the same content:
// the relevant timeline, per-event severity, event anchors, and which parser kinds were found.
import type {CaseReport, Finding, Report, Severity, TimelineEvent} from '../../lib/model.js'
import {eventCount, eventsOf} from '../events.js'

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical']
export const sevRank = (s: Severity | 'none'): number => (s === 'none' ? 0 : SEVERITIES.indexOf(s) + 1)

/** Above this many relevant events a case's timeline is cut (the rest stays in the JSONL/CSV export). */
export const MAX_TIMELINE_ROWS = 25_000

/** Plain code-unit order: locale-independent, so output is byte-identical everywhere. */
export const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export interface CaseDigest {
  c: CaseReport
  /** 1-based position in the report; anchors are `case-N` and the event anchors below. */
  n: number
  findings: Finding[]
  /** The timeline rows: events tied to findings or links, remote sessions, downloads, installs. */
  relevant: TimelineEvent[]
  /** Relevant events beyond MAX_TIMELINE_ROWS, not drawn. */
  cutRows: number
  /** Events not shown, by type (sorted by type). */
  rest: Array<[string, number]>
  restTotal: number
  /** Highest severity of the findings an event supports. */
  severity: Map<string, Severity>
  /** Indicators an event supports, from the findings (sorted). */
  indicators: Map<string, string[]>
  /** Anchor of an event's timeline row, when it is drawn: the export's event id (`ev-…`). */
  anchor: Map<string, string>
  /** Display label of each relevant event: the event id of the JSON/JSONL/CSV export. */
  label: Map<string, string>
  /** Events in the case, also when spilled to disk. */
  total: number
  /** Finding ends (`first`/`last`, by indicator) whose every event there is a date only (install dates). */
  dateOnlyEnds: Map<string, {first: boolean; last: boolean}>
}

export interface KindRow {
  kind: string
  title: string
  artifacts: number
  events: number
  statuses: string
  /** In `report.method.parsers` (the tool can read it). */
  known: boolean
}

export interface ReportDigest {
  cases: CaseDigest[]
  kinds: KindRow[]
}

/** Ids that can serve as anchors as they are (the pipeline's `ev-<hash>-<n>`). */
const SAFE_ID = /^ev-[A-Za-z0-9_-]{1,120}$/

function isRelevantType(type: string): boolean {
  return type.startsWith('remote_access.') || type === 'browser.download' || type === 'program.installed'
}

/** Streams the case's events (in memory or spilled to disk) and keeps only the relevant ones. */
export async function digestCase(c: CaseReport, n: number, linkEvents: ReadonlySet<string>): Promise<CaseDigest> {
  const findings = [...c.findings].sort((a, b) => sevRank(b.severity) - sevRank(a.severity) || byCode(a.indicator, b.indicator))
  const severity = new Map<string, Severity>()
  const inds = new Map<string, Set<string>>()
  for (const f of findings) {
    for (const id of f.events) {
      const cur = severity.get(id)
      if (cur === undefined || sevRank(f.severity) > sevRank(cur)) severity.set(id, f.severity)
      let s = inds.get(id)
      if (!s) inds.set(id, (s = new Set()))
      s.add(f.indicator)
    }
  }
  // finding ends made only of day-precision events are shown as dates (see report/time-display.ts)
  const ofEvent = new Map<string, Finding[]>()
  for (const f of findings) for (const id of f.events) ofEvent.set(id, [...(ofEvent.get(id) ?? []), f])
  const ends = new Map<string, {first: boolean; last: boolean}>()
  for (const f of findings) ends.set(f.indicator, {first: f.first !== null, last: f.last !== null})
  const label = new Map<string, string>()
  const relevant: TimelineEvent[] = []
  const rest = new Map<string, number>()
  let cutRows = 0
  let i = 0
  const pos = new Map<string, number>()
  for await (const e of eventsOf(c)) {
    i++
    for (const f of ofEvent.get(e.id) ?? []) {
      const end = ends.get(f.indicator)!
      const day = e.timePrecision === 'day'
      if (e.time === f.first && !day) end.first = false
      if (e.time === f.last && !day) end.last = false
    }
    if (severity.has(e.id) || e.indicators.length > 0 || linkEvents.has(e.id) || isRelevantType(e.type)) {
      // labels are kept for relevant events only: findings and links point at nothing else; the
      // label is the export's id so a reader finds the row in the JSON/JSONL/CSV by searching it
      label.set(e.id, e.id)
      pos.set(e.id, i)
      if (relevant.length < MAX_TIMELINE_ROWS) relevant.push(e)
      else cutRows++
    } else rest.set(e.type, (rest.get(e.type) ?? 0) + 1)
  }
  const anchor = new Map<string, string>()
  // pipeline ids (`ev-<hash>-<n>`) are unique across cases and safe as fragments; others get a positional anchor
  for (const e of relevant) anchor.set(e.id, SAFE_ID.test(e.id) ? e.id : `ev-${n}-${pos.get(e.id)}`)
  const indicators = new Map<string, string[]>()
  for (const e of relevant) {
    const s = new Set([...(inds.get(e.id) ?? []), ...e.indicators])
    if (s.size) indicators.set(e.id, [...s].sort(byCode))
  }
  const restSorted = [...rest.entries()].sort((a, b) => byCode(a[0], b[0]))
  return {
    c, n, findings, relevant, cutRows, rest: restSorted, restTotal: restSorted.reduce((t, [, k]) => t + k, 0),
    severity, indicators, anchor, label, total: eventCount(c), dateOnlyEnds: ends,
  }
}

export async function digestReport(report: Report): Promise<ReportDigest> {
  const linkEvents = new Set(report.links.flatMap((l) => l.events))
  const cases: CaseDigest[] = []
  for (const [i, c] of report.cases.entries()) cases.push(await digestCase(c, i + 1, linkEvents))
  const rows = new Map<string, KindRow>()
  for (const p of report.method?.parsers ?? []) {
    if (!rows.has(p.kind)) rows.set(p.kind, {kind: p.kind, title: p.title, artifacts: 0, events: 0, statuses: '', known: true})
  }
  const statuses = new Map<string, Map<string, number>>()
  for (const c of report.cases) {
    for (const a of c.artifacts) {
      let r = rows.get(a.kind)
      if (!r) rows.set(a.kind, (r = {kind: a.kind, title: '', artifacts: 0, events: 0, statuses: '', known: false}))
      r.artifacts++
      r.events += a.events
      let s = statuses.get(a.kind)
      if (!s) statuses.set(a.kind, (s = new Map()))
      s.set(a.status, (s.get(a.status) ?? 0) + 1)
    }
  }
  for (const [kind, s] of statuses) {
    rows.get(kind)!.statuses = [...s.entries()].sort((a, b) => byCode(a[0], b[0])).map(([k, v]) => `${v} ${k}`).join(', ')
  }
  return {cases, kinds: [...rows.values()].sort((a, b) => byCode(a.kind, b.kind))}
}

/** Finds which case holds an event (link events are ids across cases). */
export function locateEvent(d: ReportDigest, id: string, caseIds: readonly string[]): CaseDigest | undefined {
  for (const cd of d.cases) if (caseIds.includes(cd.c.id) && cd.label.has(id)) return cd
  return d.cases.find((cd) => cd.label.has(id))
}

export const TIME_BASIS_MEANING: Record<string, string> = {
  utc: 'the source states the time in UTC',
  'assumed-utc': 'the source gives no zone and no --host-tz was given; the time was read as UTC',
  'local-converted': 'the source gave a local time that was converted with a known zone or offset',
  unknown: 'the zone of the source time is unknown; treat the time as approximate',
}

export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
