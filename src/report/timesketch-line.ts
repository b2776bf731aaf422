// One Timesketch JSONL line built directly from the event: exactly the bytes of
// `JSON.stringify(timesketchRow(c, e))`, without the row object in between (#17: 1,000,000
// History events spent 3.6 s in that stringify). Each value still goes through JSON.stringify,
// so escaping (quotes, control characters, lone surrogates) is the engine's own; only the
// punctuation and the key names are written here. A row whose layout the object would change
// (integer-like field names, which objects order first; `field_…` names that may collide) is
// built the old way.
import type {TimelineEvent} from '../lib/model.js'
import {epochMicros, RESERVED, timesketchRow} from './timesketch.js'

const BASE = new Set([...RESERVED, 'event_id', 'case', 'artifact', 'location', 'time_basis'])
const PLAIN: Record<string, unknown> = {}
/** Field name -> `,"name":` as the row writes it, or null when the row object must be built. */
const KEYS = new Map<string, string | null>()

function keyOf(k: string): string | null {
  let s = KEYS.get(k)
  if (s !== undefined) return s
  // an array index sorts before every other key in an object; a `field_` name can meet the name
  // a reserved field is renamed to; either way the object's own layout decides
  if (/^(?:0|[1-9]\d*)$/.test(k) || k.startsWith('field_')) s = null
  else s = ',' + JSON.stringify(BASE.has(k) || k in PLAIN ? `field_${k}` : k) + ':'
  if (KEYS.size < 10_000) KEYS.set(k, s)
  return s
}

/** The last whole second converted (`YYYY-MM-DDTHH:MM:SS` and its epoch seconds): timelines are mostly in order. */
let lastSecond = ''
let lastEpoch = 0

/** `epochMicros` for canonical `YYYY-MM-DDTHH:MM:SS.ffffffZ`, one Date.parse per distinct second. */
function micros(iso: string): number {
  if (iso.length !== 27 || iso.charCodeAt(19) !== 46 || iso.charCodeAt(26) !== 90) return epochMicros(iso)
  let frac = 0
  for (let i = 20; i < 26; i++) {
    const d = iso.charCodeAt(i) - 48
    if (d < 0 || d > 9) return epochMicros(iso)
    frac = frac * 10 + d
  }
  const sec = iso.slice(0, 19)
  if (sec !== lastSecond) {
    lastEpoch = Math.floor(Date.parse(sec + 'Z') / 1000)
    lastSecond = sec
  }
  return lastEpoch * 1_000_000 + frac
}

/** Escaped case ids and artifact paths, reused across events (few distinct values per run). */
const escaped = new Map<string, string>()
function esc(s: string): string {
  let v = escaped.get(s)
  if (v === undefined) {
    v = JSON.stringify(s)
    if (escaped.size < 10_000) escaped.set(s, v)
  }
  return v
}

/** `JSON.stringify(timesketchRow({id: caseId}, e))`, without its trailing newline. */
export function timesketchLine(caseId: string, e: TimelineEvent): string {
  const old = () => JSON.stringify(timesketchRow({id: caseId} as never, e))
  // values the object writer would leave out or turn into something else: built the old way
  if (typeof e.message !== 'string' || typeof e.timestampDesc !== 'string' || typeof e.type !== 'string' || (e.time !== null && typeof e.time !== 'string') ||
    typeof e.id !== 'string' || typeof e.artifact !== 'string' || typeof e.location !== 'string' || typeof e.timeBasis !== 'string' || !Array.isArray(e.indicators)) return old()
  let fields = ''
  const f = e.fields as Record<string, unknown>
  for (const k in f) {
    const key = keyOf(k)
    if (key === null) return old()
    const v = f[k]
    // a finite number or a boolean is written as String gives it (-0 as 0, like JSON.stringify)
    if (typeof v === 'number' && Number.isFinite(v)) fields += key + String(v)
    else if (typeof v === 'boolean') fields += key + (v ? 'true' : 'false')
    else {
      const json = JSON.stringify(v)
      // undefined, functions and symbols: the object writer leaves the key out
      if (json !== undefined) fields += key + json
    }
  }
  // the row's order: message, datetime, timestamp_desc, timestamp, data_type, tag, event_id, …
  let s = '{"message":' + JSON.stringify(e.message)
  if (e.time === null) s += ',"datetime":null,"timestamp_desc":' + JSON.stringify(e.timestampDesc)
  else s += ',"datetime":' + JSON.stringify(e.time) + ',"timestamp_desc":' + JSON.stringify(e.timestampDesc) + ',"timestamp":' + JSON.stringify(micros(e.time))
  s += ',"data_type":' + JSON.stringify(e.type) + ',"tag":' + JSON.stringify(e.indicators) + ',"event_id":' + JSON.stringify(e.id) +
    ',"case":' + esc(caseId) + ',"artifact":' + esc(e.artifact) + ',"location":' + JSON.stringify(e.location) + ',"time_basis":' + JSON.stringify(e.timeBasis)
  if (e.timePrecision) s += ',"time_precision":' + JSON.stringify(e.timePrecision)
  s += fields
  if (e.raw !== undefined) {
    const raw = JSON.stringify(e.raw)
    if (raw !== undefined) s += ',"raw":' + raw
  }
  return s + '}'
}
