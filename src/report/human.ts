// Times, dates and durations as a client reads them in the HTML and Markdown reports. The one
// place the report turns model times into words: it reads the ISO text itself (any number of
// fraction digits, 3, 6 or 7), never the process zone or locale, so output is byte-identical.
import type {TimelineEvent} from '../lib/model.js'

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?Z?$/

export interface Parts {
  y: number
  m: number
  d: number
  hh: string
  mm: string
  ss: string
}

export function isoParts(iso: string): Parts | null {
  const m = ISO.exec(iso)
  if (!m) return null
  return {y: +m[1]!, m: +m[2]!, d: +m[3]!, hh: m[4] ?? '00', mm: m[5] ?? '00', ss: m[6] ?? '00'}
}

/** Milliseconds since the epoch from the ISO text (null when it is not one). */
export function isoMs(iso: string | null | undefined): number | null {
  if (!iso) return null
  const p = ISO.exec(iso)
  if (!p) return null
  const frac = (p[7] ?? '').padEnd(3, '0').slice(0, 3)
  return Date.UTC(+p[1]!, +p[2]! - 1, +p[3]!, +(p[4] ?? 0), +(p[5] ?? 0), +(p[6] ?? 0), +frac)
}

/**
 * The human form of a model time: `2026-03-02 00:31:12 UTC`, cut to what the source recorded
 * (`2026-03-01` for a day, `2026-03-02 00:31 UTC` for a minute). Fractions are left to the exports.
 */
export function humanTime(iso: string | null, precision?: TimelineEvent['timePrecision'] | 'minute-or-coarser'): string {
  if (iso === null) return 'no time'
  const p = isoParts(iso)
  if (!p) return iso
  const date = `${p.y}-${pad(p.m)}-${pad(p.d)}`
  if (precision === 'day') return date
  if (precision === 'minute' || precision === 'minute-or-coarser') return `${date} ${p.hh}:${p.mm} UTC`
  return `${date} ${p.hh}:${p.mm}:${p.ss} UTC`
}

/** `2 March 2026` */
export function humanDate(iso: string | null): string {
  const p = iso ? isoParts(iso) : null
  return p ? `${p.d} ${MONTHS[p.m - 1]} ${p.y}` : 'an unknown date'
}

/** `between 2 and 9 March 2026`, `on 2 March 2026`, `between 28 February and 3 March 2026`. */
export function humanDateRange(first: string | null, last: string | null): string {
  const a = first ? isoParts(first) : null
  const b = last ? isoParts(last) : null
  if (!a || !b) return a ? `on ${humanDate(first)}` : b ? `on ${humanDate(last)}` : 'at unknown times'
  if (a.y === b.y && a.m === b.m && a.d === b.d) return `on ${humanDate(first)}`
  if (a.y === b.y && a.m === b.m) return `between ${a.d} and ${b.d} ${MONTHS[b.m - 1]} ${b.y}`
  if (a.y === b.y) return `between ${a.d} ${MONTHS[a.m - 1]} and ${b.d} ${MONTHS[b.m - 1]} ${b.y}`
  return `between ${humanDate(first)} and ${humanDate(last)}`
}

/** `8 h 18 min`, `52 min`, `38 s`; rounded to the minute above one minute. */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown'
  if (seconds < 60) return `${Math.round(seconds)} s`
  const min = Math.round(seconds / 60)
  const h = Math.floor(min / 60)
  const m = min % 60
  if (h === 0) return `${m} min`
  if (h >= 48) return `${Math.floor(h / 24)} d ${h % 24} h`
  return m === 0 ? `${h} h` : `${h} h ${m} min`
}

/** `1 session`, `3 sessions` */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

const pad = (n: number) => String(n).padStart(2, '0')
