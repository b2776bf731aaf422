// `--from` / `--to`: the part of the timeline a responder asked for. Bounds are instants, so a
// time of day needs `Z` or an offset (rule 4: time is explicit); a bare date is that UTC day.
import {timeSortKey} from './time.js'

export interface TimeRange {
  /** Inclusive lower bound, UTC ISO with `Z` (as given, sub-millisecond digits kept). */
  from?: string
  /** Inclusive upper bound, UTC ISO with `Z`. */
  to?: string
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const INSTANT = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?$/

/** Parses one bound; `end` makes a bare date mean the end of that day. Throws a user-facing message. */
export function parseBound(value: string, end: boolean): string {
  const v = value.trim()
  const d = DATE.exec(v)
  if (d) {
    const ms = Date.parse(`${v}T00:00:00Z`)
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v) throw new Error(`"${value}" is not a calendar date`)
    return end ? `${v}T23:59:59.999999999Z` : `${v}T00:00:00.000Z`
  }
  const m = INSTANT.exec(v)
  if (!m) throw new Error(`"${value}" is not a date (2026-03-01) or a time with a zone (2026-03-01T22:00:00Z, 2026-03-02T07:00+09:00)`)
  const [, date, hh, mi, ss = '00', frac = '', zone] = m
  if (!zone) throw new Error(`"${value}" has no zone: add Z for UTC or an offset such as +09:00`)
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')
  const ms = Date.parse(`${date}T${hh}:${mi}:${ss}.${frac.slice(0, 3).padEnd(3, '0')}${offset}`)
  if (Number.isNaN(ms) || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) throw new Error(`"${value}" is not a valid time`)
  const iso = new Date(ms).toISOString()
  return frac.length > 3 ? `${iso.slice(0, 23)}${frac.slice(3)}Z` : iso
}

/** A test for event times; events without a time are always inside (they cannot be placed). */
export function inRange(range: TimeRange | undefined): ((time: string | null) => boolean) | undefined {
  if (!range || (range.from === undefined && range.to === undefined)) return undefined
  const lo = range.from === undefined ? undefined : timeSortKey(range.from)
  const hi = range.to === undefined ? undefined : timeSortKey(range.to)
  return (time) => {
    if (time === null) return true
    const k = timeSortKey(time)
    return (lo === undefined || k >= lo) && (hi === undefined || k <= hi)
  }
}
