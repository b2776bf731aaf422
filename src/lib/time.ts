// Time helpers. Every output time is UTC ISO 8601 with `Z`; sources without a zone are either
// kept as assumed UTC or converted with an explicit IANA zone (never the machine's zone).

export interface WallTime {
  year: number
  month: number // 1-12
  day: number
  hour: number
  minute: number
  second: number
  /** Fraction of a second as written in the source ("874", "326712"), digits only. */
  fraction?: string
}

/** `n` in `w` digits, zero-padded. */
export const pad = (n: number, w = 2) => String(n).padStart(w, '0')

export function isValidWallTime(t: WallTime): boolean {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.minute > 59 || t.second > 60) return false
  const dim = new Date(Date.UTC(t.year, t.month, 0)).getUTCDate()
  return t.day <= dim && t.year >= 1700 && t.year <= 9999
}

/** ISO string for a wall time read as UTC; the fraction keeps the source's digits (ms or µs). */
export function wallToIso(t: WallTime): string {
  const frac = t.fraction ? '.' + t.fraction : ''
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${frac}Z`
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = offsetFormatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    })
    offsetFormatters.set(tz, f)
  }
  return f
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatterFor(tz)
    return true
  } catch {
    return false
  }
}

/** Offset of `tz` from UTC in minutes at the UTC instant `ms` (positive east of Greenwich). */
export function zoneOffsetMinutes(tz: string, ms: number): number {
  const parts = formatterFor(tz).formatToParts(new Date(ms))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000)
}

/** Local wall-clock fields of the UTC instant `ms` in `tz`. */
export function utcToZoned(ms: number, tz: string): {weekday: number; hour: number; minute: number; date: string} {
  const off = zoneOffsetMinutes(tz, ms)
  const d = new Date(ms + off * 60000)
  return {
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
  }
}

/**
 * Converts a local wall time in `tz` to a UTC ISO string. In a DST gap or fold the earlier
 * valid offset is used, as the zone database resolves it; the caller records `local-converted`.
 */
export function zonedWallToIso(t: WallTime, tz: string): string {
  const naive = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second)
  let off = zoneOffsetMinutes(tz, naive)
  let ms = naive - off * 60000
  const off2 = zoneOffsetMinutes(tz, ms)
  if (off2 !== off) {
    off = off2
    ms = naive - off * 60000
  }
  const d = new Date(ms)
  return wallToIso({
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), fraction: t.fraction,
  })
}

/** Converts a wall time with a fixed offset in minutes (e.g. TeamViewer `UTC-8:00`) to UTC. */
export function offsetWallToIso(t: WallTime, offsetMinutes: number): string {
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - offsetMinutes * 60000
  const d = new Date(ms)
  return wallToIso({
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), fraction: t.fraction,
  })
}

/** ISO string from epoch microseconds, exact (BigInt: WebKit/PRTime values exceed 2^53). */
export function isoFromEpochMicros(us: bigint): string | null {
  const sec = us / 1_000_000n
  let frac = us % 1_000_000n
  let s = sec
  if (frac < 0n) {
    frac += 1_000_000n
    s -= 1n
  }
  const d = new Date(Number(s) * 1000)
  if (Number.isNaN(d.getTime())) return null
  const y = d.getUTCFullYear()
  if (y < 1700 || y > 9999) return null
  return wallToIso({
    year: y, month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
    minute: d.getUTCMinutes(), second: d.getUTCSeconds(), fraction: String(frac).padStart(6, '0'),
  })
}

/** Epoch milliseconds of an ISO string made by this module (fraction truncated to ms). */
export function isoToMs(iso: string): number {
  return Date.parse(iso)
}

/** Sortable key for an ISO string with 0-9 fraction digits: fraction padded to 9 digits. */
export function timeSortKey(iso: string | null): string {
  if (iso === null) return '~'
  // fast path for this module's own output: YYYY-MM-DDTHH:MM:SS[.f…]Z
  if (iso.length >= 20 && iso.charCodeAt(iso.length - 1) === 90 && iso.charCodeAt(10) === 84) {
    if (iso.length === 20) return iso.slice(0, 19) + '.000000000Z'
    if (iso.charCodeAt(19) === 46) return iso.slice(0, -1).padEnd(29, '0') + 'Z'
  }
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso)
  if (!m) return iso
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z`
}

/** Fraction digits of every output time: microseconds, so output times sort as text. */
export const OUTPUT_FRACTION_DIGITS = 6

export type TimePrecision = 'day' | 'minute' | 'second' | 'millisecond' | 'microsecond' | '100-nanosecond'

/** Precision a time written with `digits` fraction digits really has (FILETIME/EVTX: 7 digits = 100 ns). */
export function precisionOfDigits(digits: number): TimePrecision {
  if (digits === 0) return 'second'
  if (digits <= 3) return 'millisecond'
  if (digits <= 6) return 'microsecond'
  return '100-nanosecond'
}

const ISO_Z = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/

/**
 * The output form of a parser's UTC ISO string: exactly six fraction digits (padded, or cut
 * to the µs — never rounded, so an instant never moves into the next second), plus the
 * number of digits the source wrote. Null when `iso` is not a `Z` time of this form.
 */
export function canonicalIso(iso: string): {iso: string; digits: number} | null {
  if (iso.length === 27 && iso.charCodeAt(19) === 46 && iso.charCodeAt(26) === 90 && iso.charCodeAt(10) === 84) return {iso, digits: 6}
  const m = ISO_Z.exec(iso)
  if (!m) return null
  const frac = m[2] ?? ''
  return {iso: `${m[1]}.${frac.slice(0, OUTPUT_FRACTION_DIGITS).padEnd(OUTPUT_FRACTION_DIGITS, '0')}Z`, digits: frac.length}
}

/** `canonicalIso` for values known to be ISO strings (`Date#toISOString`); others pass unchanged. */
export function outputIso(iso: string): string {
  return canonicalIso(iso)?.iso ?? iso
}

/** Seconds between two ISO strings, to the millisecond. */
export function durationSeconds(startIso: string, endIso: string): number {
  return Math.round(isoToMs(endIso) - isoToMs(startIso)) / 1000
}
