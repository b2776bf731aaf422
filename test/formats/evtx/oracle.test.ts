// Cross-check of the EVTX reader against two independent readers installed from Debian:
// python3-evtx (evtx_dump.py) and libevtx-utils (evtxexport -f xml). On every corpus file where
// they are valid oracles (reference §1.9: not the template-less 1149 file, which both fail on,
// nor dns_log_malformed, where python-evtx fails on 4 of 5 records), each record both tools
// render must agree with ours on EventRecordID, EventID, TimeCreated (±1 µs) and every
// EventData value. Values are compared after the documented rendering differences (§1.7, §1.8):
// trailing white space, GUID case and braces, hex padding. Skipped when a tool is missing.
import {spawnSync} from 'node:child_process'
import {readdirSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {readAll, type Flat} from './support.js'

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0
const PY = has('evtx_dump.py')
const LIBEVTX = has('evtxexport')
if (!PY || !LIBEVTX) process.stderr.write('NOTE: evtx_dump.py / evtxexport missing; EVTX oracle tests skipped (apt-get install python3-evtx libevtx-utils)\n')

const NOT_ORACLE = new Set(['ID1149-RDP success logins to multiple hosts.evtx', 'dns_log_malformed.evtx'])

interface OEvent {
  recordId: string
  eventId: string
  time: string
  data: string[] | null
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))).replace(/&amp;/g, '&')

/** The events of an XML dump (both tools write one <Event> element per record). */
function parseDump(xml: string): OEvent[] {
  const out: OEvent[] = []
  for (const m of xml.matchAll(/<Event xmlns[\s\S]*?<\/Event>/g)) {
    const ev = m[0]
    const recordId = /<EventRecordID>(\d+)<\/EventRecordID>/.exec(ev)?.[1]
    const eventId = /<EventID[^>]*>(\d+)<\/EventID>/.exec(ev)?.[1]
    const time = /<TimeCreated SystemTime="([^"]*)"/.exec(ev)?.[1]
    if (!recordId || !eventId || !time) continue
    const ed = /<EventData>([\s\S]*?)<\/EventData>/.exec(ev)?.[1]
    let data: string[] | null = null
    if (ed !== undefined) {
      data = []
      for (const d of ed.matchAll(/<Data(?:\s[^>]*?)?(?:\/>|>([\s\S]*?)<\/Data>)/g)) data.push(unescape(d[1] ?? ''))
    }
    out.push({recordId, eventId, time, data})
  }
  return out
}

/** Microseconds since 1601 from `2021-05-14T21:01:05.3522301Z`, `…352230100Z` or `2021-05-14 21:01:05.352230`. */
function micros(t: string): number {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/.exec(t.trim())
  if (!m) return NaN
  return Date.parse(`${m[1]}T${m[2]}Z`) * 1000 + Number((m[3] ?? '').padEnd(6, '0').slice(0, 6))
}

const TIME_VALUE = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?Z?$/
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i

/** Equal after the documented rendering differences of the two tools (§1.7, §1.8). */
function sameValue(ours: string, theirs: string, tool: string): boolean {
  const a = ours.replace(/\s+$/, '')
  const b = theirs.replace(/\s+$/, '')
  if (a === b) return true
  // FILETIME values: python-evtx loses a few µs through float math
  if (TIME_VALUE.test(a) && TIME_VALUE.test(b)) return Math.abs(micros(a) - micros(b)) <= (tool === 'libevtx' ? 1 : 5)
  if (GUID.test(a) && GUID.test(b)) return a.replace(/[{}]/g, '').toLowerCase() === b.replace(/[{}]/g, '').toLowerCase()
  if (/^0x[0-9a-f]+$/i.test(a) && /^0x[0-9a-f]+$/i.test(b)) return BigInt(a) === BigInt(b)
  if (/^(true|false)$/i.test(a)) return a.toLowerCase() === b.toLowerCase()
  // python-evtx renders Binary as base64, we (like wevtutil and libevtx) as uppercase hex
  if (tool === 'python-evtx' && /^[0-9A-F]+$/.test(a) && /^[A-Za-z0-9+/]+=*$/.test(b)) return Buffer.from(b, 'base64').toString('hex').toUpperCase() === a
  return false
}

function compare(ours: Flat[], recovered: Flat[], oracle: OEvent[], tool: string): string[] {
  const byId = new Map(ours.map((r) => [r.eventRecordId, r]))
  const carved = new Map(recovered.map((r) => [r.eventRecordId, r]))
  const problems: string[] = []
  for (const o of oracle) {
    // python-evtx also renders a few records past torn walks (§1.9: 270 vs 267): our carver has them
    const r = byId.get(o.recordId) ?? (tool === 'python-evtx' ? carved.get(o.recordId) : undefined)
    if (!r) {
      problems.push(`${tool}: record ${o.recordId} not read by us`)
      continue
    }
    if (String(r.eventId) !== o.eventId) problems.push(`${tool}: record ${o.recordId} EventID ${r.eventId} vs ${o.eventId}`)
    const dt = Math.abs(micros(r.timeCreated ?? '') - micros(o.time))
    if (!(dt <= (tool === 'libevtx' ? 1 : 5))) problems.push(`${tool}: record ${o.recordId} time ${r.timeCreated} vs ${o.time}`)
    let theirs = o.data
    if (!theirs) continue
    // python-evtx: string arrays come as <string> pieces (garbled in EventLog 6013), and it ignores
    // dependency ids, so an element Windows drops shows as one empty <Data>
    if (tool === 'python-evtx' && theirs.some((d) => d.includes('<string>'))) continue
    if (tool === 'python-evtx' && r.data.length === 0 && theirs.length === 1 && theirs[0] === '') theirs = []
    if (r.data.length !== theirs.length) {
      problems.push(`${tool}: record ${o.recordId}: ${r.data.length} values vs ${theirs.length}`)
      continue
    }
    r.data.forEach((v, i) => {
      if (sameValue(v, theirs![i]!, tool)) return
      let k = 0
      while (k < v.length && v[k] === theirs![i]![k]) k++
      problems.push(`${tool}: record ${o.recordId} value ${i} differs at ${k}: ${JSON.stringify(v.slice(k, k + 60))} vs ${JSON.stringify(theirs![i]!.slice(k, k + 60))}`)
    })
  }
  return problems
}

const files = HAS_CORPUS
  ? readdirSync(corpusPath('evtx')).flatMap((d) => readdirSync(corpusPath('evtx', d)).map((f) => [d, f] as const)).filter(([, f]) => !NOT_ORACLE.has(f))
  : []

describe.skipIf(!HAS_CORPUS || !PY || !LIBEVTX)('EVTX reader vs python-evtx and libevtx', () => {
  for (const [d, f] of files) {
    it(`${d}/${f}`, async () => {
      const path = corpusPath('evtx', d, f)
      const {records, recovered} = await readAll(path)
      const pyRun = spawnSync('evtx_dump.py', [path], {encoding: 'utf8', maxBuffer: 1 << 28})
      const py = parseDump(pyRun.stdout)
      const lib = parseDump(spawnSync('evtxexport', ['-f', 'xml', path], {encoding: 'utf8', maxBuffer: 1 << 28}).stdout)
      // the oracles must not silently agree on nothing: libevtx renders exactly the walked records,
      // python-evtx every one unless it aborts on a record it cannot render (2-vss_0, §1.9: 1 failure)
      expect(lib.length).toBe(records.length)
      if (pyRun.status === 0) expect(py.length).toBeGreaterThanOrEqual(records.length)
      else expect(py.length).toBeGreaterThan(0)
      expect([...compare(records, recovered, py, 'python-evtx'), ...compare(records, recovered, lib, 'libevtx')]).toEqual([])
    }, 120_000)
  }
})
