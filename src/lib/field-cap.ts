// One evidence value can never dominate memory: string field values and messages over a limit
// keep their first and last KiB, with the length and a SHA-256 of the whole value between.
import {createHash} from 'node:crypto'

import type {ParsedEvent} from './model.js'

export const MAX_FIELD_CHARS = 64 * 1024
const KEEP = 1024

export function capValue(v: string, max = MAX_FIELD_CHARS): string {
  if (v.length <= max) return v
  const sha = createHash('sha256').update(v).digest('hex')
  return `${v.slice(0, KEEP)}… [${v.length} characters, sha256 ${sha}; middle omitted] …${v.slice(-KEEP)}`
}

/** Caps the event's message and string fields in place; returns the names of those it cut. */
export function capEventValues(e: ParsedEvent, max = MAX_FIELD_CHARS): string[] {
  const cut: string[] = []
  if (e.message.length > max) {
    e.message = capValue(e.message, max)
    cut.push('message')
  }
  // for…in, not Object.entries: called once per event (no array of pairs per event)
  for (const k in e.fields) {
    const v = e.fields[k]
    if (typeof v === 'string' && v.length > max) {
      e.fields[k] = capValue(v, max)
      cut.push(k)
    }
  }
  return cut
}
