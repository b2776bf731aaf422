// The normalised Windows event record every export form is turned into, and the small value
// conversions the forms share (time stamps, level names).
import {offsetWallToIso, wallToIso, type WallTime} from '../../lib/time.js'

export interface WinEventRecord {
  /** Provider / source name (`chromoting`, `ScreenConnect Client (…)`). */
  provider: string
  eventId: number | null
  /** Numeric level (0 LogAlways, 1 Critical, 2 Error, 3 Warning, 4 Information, 5 Verbose). */
  level: number | null
  /** UTC ISO with `Z`, keeping the source's fraction digits (7 in EVTX), or null. */
  timeCreated: string | null
  computer?: string
  channel?: string
  processId?: number
  threadId?: number
  /** EventData `<Data>` values in document order (empty elements are ''). */
  data: string[]
  /** The `Name` attribute of each `<Data>`, parallel to `data` (null when absent). */
  dataNames: Array<string | null>
  recordId?: string
  /** Rendered message, when the export carries one (CLIXML `Message`, `/rd:true` XML). */
  message?: string
  /** Where in the export: `line 17`, `row 41`, `object 3`. */
  location: string
  /** The source text of the record (XML element, CSV row, JSON line), uncapped here. */
  raw: string
  /** Records read from a raw `.evtx`: where the record sits and when it was written. */
  evtx?: EvtxPlace
}

export interface EvtxPlace {
  recordId: number
  chunk: number
  offset: number
  /** Record header time (when written, not the event time). */
  writtenTime: string | null
  recovered: boolean
  userId?: string
}

/** Fields every handler adds for records read from a raw `.evtx` (absent for exports). */
export function evtxFields(r: WinEventRecord): Record<string, string | number | boolean | undefined> {
  if (!r.evtx) return {}
  return {evtx_chunk: r.evtx.chunk, written_time: r.evtx.writtenTime ?? undefined, recovered: r.evtx.recovered || undefined}
}

const LEVEL_NAMES: Record<string, number> = {
  logalways: 0, critical: 1, error: 2, warning: 3, info: 4, information: 4, informational: 4, verbose: 5,
}

/** Level as a number from `4`, `Info`, `Error` (EvtxECmd writes names). */
export function levelOf(v: unknown): number | null {
  if (v === undefined || v === null || v === '') return null
  const s = String(v).trim()
  if (/^\d+$/.test(s)) return Number(s)
  return LEVEL_NAMES[s.toLowerCase()] ?? null
}

export function intOf(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined
  const s = String(v).trim()
  return /^-?\d{1,15}$/.test(s) ? Number(s) : undefined
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Event times as exports write them: `2024-05-16T09:41:00.1234567Z` (XML SystemTime),
 * `2024-05-16 09:41:00.1234567` (EvtxECmd CSV, UTC), `…+00:00` / `…+02:00` (EvtxECmd JSON,
 * CLIXML `DT`). A missing zone is UTC here: every one of these forms is written from the
 * record's UTC FILETIME. Placeholder years (1601, 1970-01-01) give null.
 */
export function eventTimeToIso(s: string | undefined | null): string | null {
  if (!s) return null
  const m = ISO.exec(s.trim())
  if (!m) return null
  const t: WallTime = {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), fraction: m[7],
  }
  if (t.year < 1700 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 60) return null
  if (t.year === 1970 && t.month === 1 && t.day === 1 && t.hour === 0 && t.minute === 0 && t.second === 0) return null
  const z = m[8]
  if (!z || z.toUpperCase() === 'Z') return wallToIso(t)
  const sign = z.startsWith('-') ? -1 : 1
  const digits = z.slice(1).replace(':', '')
  const off = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)))
  return offsetWallToIso(t, off)
}

/** Decodes the five XML predefined entities and character references; nothing else expands. */
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|lt|gt|amp|quot|apos);/gi, (whole, ent: string) => {
    const e = ent.toLowerCase()
    if (e === 'lt') return '<'
    if (e === 'gt') return '>'
    if (e === 'amp') return '&'
    if (e === 'quot') return '"'
    if (e === 'apos') return "'"
    const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
    if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole
    return String.fromCodePoint(code)
  })
}
