// Times as people read them (HTML, Markdown): the canonical µs time cut back to what the source
// really recorded, so an install date reads `2024-03-01`, not `2024-03-01T00:00:00.000000Z`.
// Machine formats (JSON, JSONL, CSV) keep the fixed µs form so they sort as text.
import type {TimelineEvent} from '../lib/model.js'

const KEEP: Partial<Record<NonNullable<TimelineEvent['timePrecision']>, number>> = {
  day: 10, // YYYY-MM-DD
  minute: 16, // YYYY-MM-DDTHH:MM
  second: 19,
  millisecond: 23,
}

export function displayTime(iso: string, precision: TimelineEvent['timePrecision']): string {
  const keep = precision ? KEEP[precision] : undefined
  if (keep === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(iso)) return iso
  return precision === 'day' ? iso.slice(0, keep) : iso.slice(0, keep) + 'Z'
}

/** A day-precision time has no zone to speak of: its basis (`assumed-utc`…) is not shown. */
export function isDateOnly(e: Pick<TimelineEvent, 'time' | 'timePrecision'>): boolean {
  return e.time !== null && e.timePrecision === 'day'
}
