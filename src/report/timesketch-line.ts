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

/**
 * A field name as the row writes it (`,"name":`), with the fragments (`,"name":"value"`) of its
 * string values while it has few of them (a browser, a profile, a transition, a log's source): a
 * lookup in a small map that stays in the CPU cache costs less than escaping the value again. A
 * name with many values (a URL, a title, a message) stops remembering: measured on 1,000,000 History
 * visits, lookups in maps of 50,000 URLs cost more than JSON.stringify (cache misses).
 */
interface KeyText {
  text: string
  memo: Map<string, string> | undefined
}
/** Field name -> its KeyText, or null when the row object must be built. */
const KEYS = new Map<string, KeyText | null>()
const MEMO_ENTRIES = 64
const MEMO_VALUE_CHARS = 256
/** Entries of all names together: at most about 8 MB however many names a run has. */
const MEMO_TOTAL = 16_384
let memoTotal = 0

function keyOf(k: string): KeyText | null {
  let s = KEYS.get(k)
  if (s !== undefined) return s
  // an array index sorts before every other key in an object; a `field_` name can meet the name
  // a reserved field is renamed to; either way the object's own layout decides
  if (/^(?:0|[1-9]\d*)$/.test(k) || k.startsWith('field_')) s = null
  else s = keyText(',' + JSON.stringify(BASE.has(k) || k in PLAIN ? `field_${k}` : k) + ':')
  if (KEYS.size < 10_000) KEYS.set(k, s)
  return s
}

function keyText(text: string): KeyText {
  return {text, memo: new Map()}
}

/** `key.text + JSON.stringify(v)`, remembered while the name has few values. */
function fragment(key: KeyText, v: string): string {
  const memo = key.memo
  if (memo === undefined || v.length > MEMO_VALUE_CHARS) return key.text + JSON.stringify(v)
  let f = memo.get(v)
  if (f !== undefined) return f
  f = key.text + JSON.stringify(v)
  if (memo.size >= MEMO_ENTRIES || memoTotal >= MEMO_TOTAL) key.memo = undefined
  else {
    memo.set(v, f)
    memoTotal++
  }
  return f
}

/** The last hour converted (`YYYY-MM-DDTHH` and its epoch seconds): timelines are mostly in order. */
let lastHour = ''
let lastEpoch = 0

/** `epochMicros` for canonical `YYYY-MM-DDTHH:MM:SS.ffffffZ`, one Date.parse per distinct hour. */
function micros(iso: string): number {
  if (iso.length !== 27 || iso.charCodeAt(13) !== 58 || iso.charCodeAt(16) !== 58 || iso.charCodeAt(19) !== 46 || iso.charCodeAt(26) !== 90) return epochMicros(iso)
  let frac = 0
  for (let i = 20; i < 26; i++) {
    const d = iso.charCodeAt(i) - 48
    if (d < 0 || d > 9) return epochMicros(iso)
    frac = frac * 10 + d
  }
  const m1 = iso.charCodeAt(14) - 48
  const m2 = iso.charCodeAt(15) - 48
  const s1 = iso.charCodeAt(17) - 48
  const s2 = iso.charCodeAt(18) - 48
  const h1 = iso.charCodeAt(11) - 48
  const h2 = iso.charCodeAt(12) - 48
  // hours 00-23, minutes and seconds 00-59 only: anything else (24:00, 60 s) is Date.parse's to judge
  if (h1 < 0 || h1 > 2 || h2 < 0 || h2 > 9 || h1 * 10 + h2 > 23 || m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9 || s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return epochMicros(iso)
  const hour = iso.slice(0, 13)
  if (hour !== lastHour) {
    const ms = Date.parse(hour + ':00:00Z')
    if (Number.isNaN(ms)) return epochMicros(iso)
    lastEpoch = Math.floor(ms / 1000)
    lastHour = hour
  }
  return (lastEpoch + (m1 * 10 + m2) * 60 + s1 * 10 + s2) * 1_000_000 + frac
}

/** Escaped case ids, artifact paths and the row's few-valued strings, reused across events (few distinct values per run). */
const escaped = new Map<string, string>()
function esc(s: string): string {
  let v = escaped.get(s)
  if (v === undefined) {
    v = JSON.stringify(s)
    if (escaped.size < 10_000) escaped.set(s, v)
  }
  return v
}

/**
 * The fields of an event as its line writes them, each `,"name":value` in the fields' order; null
 * when the row object decides the layout (see keyOf). A field's text depends on its name and value
 * only, so a parser that writes lines itself (chromium-visit-lines.ts) can put them together.
 */
export function fieldsText(f: Record<string, unknown>): string | null {
  let fields = ''
  for (const k in f) {
    const key = keyOf(k)
    if (key === null) return null
    const v = f[k]
    // a finite number or a boolean is written as String gives it (-0 as 0, like JSON.stringify)
    if (typeof v === 'number' && Number.isFinite(v)) fields += key.text + String(v)
    else if (typeof v === 'boolean') fields += key.text + (v ? 'true' : 'false')
    else if (typeof v === 'string') fields += fragment(key, v)
    else {
      const json = JSON.stringify(v)
      // undefined, functions and symbols: the object writer leaves the key out
      if (json !== undefined) fields += key.text + json
    }
  }
  return fields
}

/** `,"name":` as a line writes the field name, or null when the row object decides the layout. */
export function fieldKeyText(name: string): string | null {
  return keyOf(name)?.text ?? null
}

/** `JSON.stringify(timesketchRow({id: caseId}, e))`, without its trailing newline. */
export function timesketchLine(caseId: string, e: TimelineEvent): string {
  const old = () => JSON.stringify(timesketchRow({id: caseId} as never, e))
  // values the object writer would leave out or turn into something else: built the old way
  if (typeof e.message !== 'string' || typeof e.timestampDesc !== 'string' || typeof e.type !== 'string' || (e.time !== null && typeof e.time !== 'string') ||
    typeof e.id !== 'string' || typeof e.artifact !== 'string' || typeof e.location !== 'string' || typeof e.timeBasis !== 'string' || !Array.isArray(e.indicators)) return old()
  const fields = fieldsText(e.fields as Record<string, unknown>)
  if (fields === null) return old()
  // the row's order: message, datetime, timestamp_desc, timestamp, data_type, tag, event_id, …
  let s = '{"message":' + JSON.stringify(e.message)
  // timestamp_desc, data_type, time_basis and time_precision take a handful of values a run: escaped once (esc)
  if (e.time === null) s += ',"datetime":null,"timestamp_desc":' + esc(e.timestampDesc)
  else s += ',"datetime":' + JSON.stringify(e.time) + ',"timestamp_desc":' + esc(e.timestampDesc) + ',"timestamp":' + JSON.stringify(micros(e.time))
  s += ',"data_type":' + esc(e.type) + ',"tag":' + (e.indicators.length === 0 ? '[]' : JSON.stringify(e.indicators)) + ',"event_id":' + JSON.stringify(e.id) +
    ',"case":' + esc(caseId) + ',"artifact":' + esc(e.artifact) + ',"location":' + JSON.stringify(e.location) + ',"time_basis":' + esc(e.timeBasis)
  if (e.timePrecision) s += ',"time_precision":' + esc(e.timePrecision)
  s += fields
  if (e.raw !== undefined) {
    const raw = JSON.stringify(e.raw)
    if (raw !== undefined) s += ',"raw":' + raw
  }
  return s + '}'
}
