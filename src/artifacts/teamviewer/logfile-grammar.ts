// TeamViewer<NN>_Logfile.log line grammar. Reference §3: local time, offset from the
// `Start: … (UTC-8:00)` header; older versions write `MM/DD` or `YY/MM/DD` dates and
// `HH:MM:SS:mmm` times (dissect RE_LOG / RE_START). TeamViewer 15 adds the columns
// `PID  TID  <process letter><session>[!|!!]` before the message (corpus TeamViewer15_Logfile.log).
import type {WallTime} from '../../lib/time.js'

/** dissect RE_LOG: `(YYYY/|YY/)?MM/DD HH:MM:SS([.:]mmm)? message`. */
export const TV_LINE = /^(?:(?<y>\d{2}|\d{4})\/)?(?<mo>\d{2})\/(?<d>\d{2}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:[.:](?<ms>\d{3}))?(?:\s+(?<rest>.*))?$/

/** TeamViewer 15 columns after the time: `2136       3688 S0   message`, `5276  5280 H64  message`. */
export const TV_COLUMNS = /^(?<pid>\d+)\s+(?<tid>\d+)\s+(?<proc>[A-Z]?\d+)(?<sev>!*)(?:\s+(?<message>.*))?$/

/** dissect RE_START: `Start:  2024/02/16 06:05:19.548 (UTC-8:00)`; the zone part is optional. */
export const TV_START = /^Start:\s+(?<date>\S+)\s+(?<time>\S+)(?:\s+\((?<zone>[^)]*)\))?\s*$/

/** Header block keys written after `Start:` (`Version:            15.50.5 (64-bit)`). */
export const TV_HEADER_KEY = /^(?<key>[A-Za-z][\w -]{0,30}?)(?::\s*|\s{2,})(?<value>.*)$/

export interface TvLine {
  /** Year as written: undefined for `MM/DD` lines; two-digit years are 20YY (dissect). */
  year?: number
  wall: Omit<WallTime, 'year'>
  pid?: string
  tid?: string
  proc?: string
  severity?: string
  message: string
}

export function parseTvLine(s: string): TvLine | null {
  const m = TV_LINE.exec(s)
  if (!m?.groups) return null
  const g = m.groups
  const yRaw = g.y
  const year = yRaw === undefined ? undefined : yRaw.length === 2 ? 2000 + Number(yRaw) : Number(yRaw)
  const rest = g.rest ?? ''
  const c = TV_COLUMNS.exec(rest)
  return {
    year,
    wall: {month: Number(g.mo), day: Number(g.d), hour: Number(g.h), minute: Number(g.mi), second: Number(g.s), fraction: g.ms},
    pid: c?.groups?.pid, tid: c?.groups?.tid, proc: c?.groups?.proc, severity: c?.groups?.sev || undefined,
    message: (c ? c.groups!.message ?? '' : rest).trimEnd(),
  }
}

/** `UTC-8:00`, `UTC+5:30`, `UTC+2`, `UTC` to minutes east of UTC; undefined when not an offset. */
export function parseUtcOffset(zone: string | undefined): number | undefined {
  if (zone === undefined) return undefined
  const z = zone.trim()
  if (/^(?:UTC|GMT)$/i.test(z)) return 0
  const m = /^(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(z)
  if (!m) return undefined
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0)
  if (mins > 14 * 60) return undefined
  return m[1] === '-' ? -mins : mins
}

/** `2024/02/16` + `06:05:19.548` (or `:548`) from a Start header to a WallTime. */
export function startWall(date: string, time: string): WallTime | null {
  const d = /^(\d{2}|\d{4})\/(\d{2})\/(\d{2})$/.exec(date)
  const t = /^(\d{2}):(\d{2}):(\d{2})(?:[.:](\d{3}))?$/.exec(time)
  if (!d || !t) return null
  const y = d[1]!.length === 2 ? 2000 + Number(d[1]) : Number(d[1])
  return {year: y, month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]), second: Number(t[3]), fraction: t[4]}
}
