// Install dates as the sources write them. ARP `InstallDate` is a calendar day (`YYYYMMDD`, MSI
// writes it so; some installers write `M/D/YYYY` or `YYYY-MM-DD`): a day, never an hour.
import {isValidWallTime, wallToIso} from '../../lib/time.js'

export type ParsedDate =
  | {kind: 'day'; date: string; iso: string}
  | {kind: 'instant'; iso: string; precision: 'second' | 'millisecond' | 'microsecond'}
  | {kind: 'invalid'; raw: string}

const pad = (n: number) => String(n).padStart(2, '0')

function day(y: number, m: number, d: number, raw: string): ParsedDate {
  const t = {year: y, month: m, day: d, hour: 0, minute: 0, second: 0}
  if (!isValidWallTime(t)) return {kind: 'invalid', raw}
  return {kind: 'day', date: `${y}-${pad(m)}-${pad(d)}`, iso: wallToIso(t)}
}

/** Epoch seconds (osquery, rpm INSTALLTIME) to an instant; out-of-range values are invalid. */
export function epochSeconds(sec: number, raw: string): ParsedDate {
  if (!Number.isFinite(sec) || sec <= 0) return {kind: 'invalid', raw}
  const d = new Date(Math.round(sec * 1000))
  const y = d.getUTCFullYear()
  if (Number.isNaN(d.getTime()) || y < 1980 || y > 2200) return {kind: 'invalid', raw}
  const ms = d.getUTCMilliseconds()
  return {kind: 'instant', iso: d.toISOString().replace(/\.\d{3}Z$/, ms ? `.${String(ms).padStart(3, '0')}Z` : 'Z'), precision: ms ? 'millisecond' : 'second'}
}

/**
 * Parses an install date. Empty, `0` and `00000000` mean "no date" (undefined). Accepted:
 * `YYYYMMDD`, `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `M/D/YYYY` (US order, as US-locale installers write it;
 * day-first when the first number is above 12), `D.M.YYYY`, WMI CIM_DATETIME
 * (`yyyymmddHHMMSS.mmmmmmsUUU`, offset in minutes), ISO date-times with a zone, epoch seconds.
 */
export function parseInstallDate(input: string | number | undefined | null): ParsedDate | undefined {
  if (input === undefined || input === null) return undefined
  const raw = String(input).trim()
  if (raw === '' || /^0+$/.test(raw)) return undefined
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw)
  if (m) return day(+m[1]!, +m[2]!, +m[3]!, raw)
  m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(raw)
  if (m) return day(+m[1]!, +m[3]!, +m[4]!, raw)
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw)
  if (m) {
    const a = +m[1]!
    const b = +m[2]!
    return a > 12 ? day(+m[3]!, b, a, raw) : day(+m[3]!, a, b, raw)
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(raw)
  if (m) return day(+m[3]!, +m[2]!, +m[1]!, raw)
  // CIM_DATETIME (Win32_Product InstallDate2): local wall time plus offset in minutes
  m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{6})([+-])(\d{3})$/.exec(raw)
  if (m) {
    const wall = {year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!}
    if (!isValidWallTime(wall)) return {kind: 'invalid', raw}
    const off = (m[8] === '-' ? -1 : 1) * +m[9]!
    const ms = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - off * 60000
    return epochSeconds(ms / 1000, raw)
  }
  const iso = parseIsoInstant(raw)
  if (iso) return iso
  if (/^\d{9,10}(?:\.\d+)?$/.test(raw)) return epochSeconds(Number(raw), raw)
  return {kind: 'invalid', raw}
}

/**
 * ISO 8601 / RFC 3339 date-time that states its zone (`Z` or `±hh:mm`), as Velociraptor, osquery
 * and plists write them; the fraction's digits are kept (up to µs). Zone-less strings are refused.
 */
export function parseIsoInstant(raw: string): ParsedDate | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/.exec(raw.trim())
  if (!m) return undefined
  const wall = {year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!}
  if (!isValidWallTime(wall)) return {kind: 'invalid', raw}
  const frac = (m[7] ?? '').slice(0, 6).replace(/0+$/, '')
  let off = 0
  if (m[8] !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(m[8]!)!
    off = (z[1] === '-' ? -1 : 1) * (+z[2]! * 60 + +z[3]!)
  }
  const ms = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - off * 60000
  const d = new Date(ms)
  const y = d.getUTCFullYear()
  if (y < 1980 || y > 2200) return {kind: 'invalid', raw}
  const base = d.toISOString().slice(0, 19)
  const precision = frac.length === 0 ? 'second' : frac.length <= 3 ? 'millisecond' : 'microsecond'
  return {kind: 'instant', iso: `${base}${frac ? '.' + frac : ''}Z`, precision}
}

/**
 * A registry key's last-write time as a tool printed it in UTC: RECmd `yyyy-MM-dd HH:mm:ss.fffffff`
 * (RECmd BatchCsvOut.WriteCsv), Velociraptor RFC 3339 (`2024-03-01T10:00:00Z`). Year-1601/1970
 * placeholders (an unset FILETIME) are refused.
 */
export function parseKeyLastWrite(raw: string | undefined): ParsedDate | undefined {
  if (raw === undefined) return undefined
  const s = raw.trim()
  if (s === '') return undefined
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : s + 'Z'
  const p = parseIsoInstant(withZone)
  return p === undefined || p.kind === 'invalid' ? {kind: 'invalid', raw: s} : p
}
