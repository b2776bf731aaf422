// `--format jsonl` keeps each case's timeline as its finished lines (lib/line-store.ts, #17): the
// bytes must be those of the event store path (events stored, read back, row built, stringified),
// whether the source came in time order (one run, no merge) or not (runs merged), and every line
// built directly must equal JSON.stringify of the row object, hostile strings included.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Writable} from 'node:stream'

import Database from 'better-sqlite3'
import {describe, expect, it} from 'vitest'

import {LineStore, addTags, lineSortKey, removeLines, storedLines, type StoredLines} from '../../src/lib/line-store.js'
import type {TimelineEvent} from '../../src/lib/model.js'
import {runScan} from '../../src/lib/run-scan.js'
import {timeSortKey} from '../../src/lib/time.js'
import {releaseEvents} from '../../src/report/events.js'
import {writeJsonl} from '../../src/report/jsonl.js'
import {timesketchLine} from '../../src/report/timesketch-line.js'
import {timesketchRow} from '../../src/report/timesketch.js'
import {ROOT} from '../support/corpus.js'
import {otherFarmHost} from '../support/farm-hosts.js'
import {tempDir} from '../support/tmp.js'

async function jsonl(r: Parameters<typeof writeJsonl>[0]): Promise<string> {
  const parts: Buffer[] = []
  await writeJsonl(r, new Writable({write(c, _e, cb) { parts.push(Buffer.from(c)); cb() }}))
  return Buffer.concat(parts).toString('utf8')
}

const oldLine = (caseId: string, e: TimelineEvent) => JSON.stringify(timesketchRow({id: caseId} as never, e))

const ev = (id: string, time: string | null, extra: Partial<TimelineEvent> = {}): TimelineEvent =>
  ({id, time, timeBasis: time ? 'utc' : 'unknown', type: 't.x', timestampDesc: 'd', artifact: 'a', location: 'l', message: `m ${id}`, fields: {}, indicators: [], ...extra})

/** A seeded generator: the fuzz set is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

const NASTY = ['"', '\\', '\u2028', '\u2029', '\u0000', '\u001f', '\u007f', '\ud800', '\udfff', '\ud83d\ude00', '\ud83d', '</script>', ',"tag":[', ',"datetime":', ',"event_id":"', ']', '\n', '\t', 'é', '\ufeff', '\uffff']

function hostile(r: () => number): string {
  let s = ''
  const n = Math.floor(r() * 12)
  for (let i = 0; i < n; i++) s += r() < 0.6 ? NASTY[Math.floor(r() * NASTY.length)]! : String.fromCharCode(Math.floor(r() * 0x10000))
  return s
}

const FIELD_NAMES = ['url', 'title', 'tag', 'message', 'raw', 'time_precision', 'event_id', 'case', 'artifact', 'location', 'time_basis', 'field_tag', 'field_x', '__proto__', 'constructor', 'toString', '0', '12', '007', '-1', '1.5', 'hasOwnProperty', 'datetime', 'timestamp']

function fuzzEvent(r: () => number, i: number): TimelineEvent {
  const fields: Record<string, unknown> = {}
  const n = Math.floor(r() * 6)
  for (let k = 0; k < n; k++) {
    const name = r() < 0.5 ? FIELD_NAMES[Math.floor(r() * FIELD_NAMES.length)]! : hostile(r)
    const pick = r()
    const value = pick < 0.4 ? hostile(r) : pick < 0.55 ? Math.floor(r() * 1e9) : pick < 0.6 ? NaN : pick < 0.65 ? undefined : pick < 0.7 ? null : pick < 0.75 ? true : pick < 0.8 ? {inner: hostile(r), n: [1, hostile(r)]} : pick < 0.85 ? -0 : pick < 0.88 ? r() * 1e6 - 5e5 : pick < 0.9 ? Infinity : pick < 0.92 ? -Infinity : pick < 0.94 ? 1e21 : pick < 0.96 ? 5e-7 : false
    Object.defineProperty(fields, name, {value, enumerable: true, writable: true, configurable: true})
  }
  const times = [null, '2024-01-01T00:00:03.905457Z', '2024-02-29T23:59:59.000000Z', '1601-01-01T00:00:00.000000Z', '2024-01-01T00:00:00Z', 'not a time', '2024-01-01T00:00:00.12345aZ']
  return ev(`ev-${i}`, times[Math.floor(r() * times.length)]!, {
    message: hostile(r), location: hostile(r), artifact: r() < 0.5 ? 'Users/x/History' : hostile(r), timestampDesc: hostile(r), type: hostile(r),
    indicators: r() < 0.3 ? ['COM-02', hostile(r)] : [], fields: fields as TimelineEvent['fields'],
    ...(r() < 0.5 ? {timePrecision: 'microsecond' as const} : {}), ...(r() < 0.3 ? {raw: hostile(r)} : {}),
  })
}

describe('timesketchLine', () => {
  it('is JSON.stringify(timesketchRow) byte for byte on 5,000 hostile events', () => {
    const r = rng(17)
    let direct = 0
    for (let i = 0; i < 5000; i++) {
      const e = fuzzEvent(r, i)
      const caseId = r() < 0.8 ? 'case-1' : hostile(r)
      const got = timesketchLine(caseId, e)
      expect(got).toBe(oldLine(caseId, e))
      // the line is valid JSON and reads back as the row
      expect(JSON.parse(got)).toEqual(JSON.parse(oldLine(caseId, e)))
      if (!Object.keys(e.fields).some((k) => /^\d+$/.test(k) || k.startsWith('field_'))) direct++
    }
    // most of the set goes through the direct builder, not its fallback
    expect(direct).toBeGreaterThan(2500)
  })
})

describe('line helpers', () => {
  it('find the row\'s own datetime, tag and event id behind hostile messages', () => {
    const e = ev('ev-x', '2024-01-01T00:00:00.5Z', {message: 'a,"datetime":"1999-01-01T00:00:00Z","tag":["X"],"event_id":"ev-y"', indicators: ['A]"']})
    const line = oldLine('c', e)
    expect(lineSortKey(line)).toBe(timeSortKey('2024-01-01T00:00:00.5Z'))
    expect(lineSortKey(oldLine('c', ev('n', null, {message: ',"datetime":"2000-01-01T00:00:00Z"'})))).toBe(timeSortKey(null))
    expect(addTags(line, ['TIME-01', 'A]"'])).toBe(oldLine('c', {...e, indicators: ['A]"', 'TIME-01']}))
  })
})

/** The bytes storedLines gives, as text: a Buffer is copied when it comes (it is valid until the next one). */
function lines(s: StoredLines, block?: number): string {
  const parts: Buffer[] = []
  for (const x of storedLines(s, block)) parts.push(Buffer.from(x))
  return Buffer.concat(parts).toString('utf8')
}

describe('line store', () => {
  it('keeps a source that comes in time order as one run, read back as its bytes', () => {
    const s = new LineStore(3)
    const evs = Array.from({length: 20}, (_, i) => ev(`e${i}`, `2024-01-01T00:00:${String(Math.floor(i / 3)).padStart(2, '0')}.000000Z`))
    for (const e of evs) s.add(timeSortKey(e.time), oldLine('c', e) + '\n')
    const stored = s.finish()
    expect(stored.runs).toHaveLength(1)
    const chunks = [...storedLines(stored)]
    expect(chunks.every((c) => Buffer.isBuffer(c))).toBe(true)
    expect(lines(stored)).toBe(evs.map((e) => oldLine('c', e) + '\n').join(''))
    removeLines(stored)
    expect(existsSync(stored.dir!)).toBe(false)
  })

  it('goes on in a new file past the segment size; a reading that consumes removes each file once it is read', () => {
    const dir = tempDir('lines-segments-')
    const s = new LineStore(50, dir, 20_000)
    const r = rng(7)
    const evs = Array.from({length: 3000}, (_, i) => ev(`e${i}`, new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('Z', '000Z'), {message: 'm'.repeat(Math.floor(r() * 200))}))
    // one late line: a second run, merged with the segmented first one
    const late = ev('late', '2024-01-01T00:10:00.500000Z')
    for (const e of [...evs.slice(0, 2000), late, ...evs.slice(2000)]) s.add(timeSortKey(e.time), oldLine('c', e) + '\n')
    const stored = s.finish()
    expect(stored.runs).toHaveLength(2)
    expect(stored.more![0]).toBeGreaterThan(10)
    const files = () => readdirSync(dir).sort()
    expect(files()).toHaveLength(stored.runs.length + stored.more!.reduce((a, b) => a + b, 0))
    const want = [...evs.slice(0, 601), late, ...evs.slice(601)].map((e) => oldLine('c', e) + '\n').join('')
    // read twice as it is, then once consuming: the same bytes each time
    expect(lines(stored, 4096)).toBe(want)
    expect(lines(stored)).toBe(want)
    const before = files().length
    const parts: Buffer[] = []
    let seen = 0
    let fewer = false
    for (const x of storedLines(stored, 4096, true)) {
      parts.push(Buffer.from(x))
      seen += x.length
      // past the first third, files already read are gone
      if (seen > want.length / 3 && files().length < before) fewer = true
    }
    expect(Buffer.concat(parts).toString('utf8')).toBe(want)
    expect(fewer).toBe(true)
    expect(files()).toEqual([])
  })

  it('starts runs only for out-of-order batches and merges them in contract order (time, nulls last, arrival)', () => {
    const s = new LineStore(2)
    const order: Array<[string, string | null]> = [['a', '2024-01-02T00:00:00Z'], ['b', null], ['c', '2024-01-01T00:00:00.5Z'], ['d', '2024-01-02T00:00:00Z'], ['e', '2024-01-01T00:00:00.25Z'], ['f', null], ['g', '2024-01-02T00:00:00Z']]
    const evs = order.map(([id, t]) => ev(id, t, {message: `"${id}" \u2028`}))
    for (const e of evs) s.add(timeSortKey(e.time), oldLine('c', e) + '\n')
    s.addIndicator('d', 'TIME-01')
    s.addIndicator('d', 'TIME-01')
    const stored = s.finish()
    expect(stored.runs.length).toBeGreaterThan(1)
    const got = lines(stored).trimEnd().split('\n').map((l) => JSON.parse(l) as {event_id: string; tag: string[]})
    expect(got.map((l) => l.event_id)).toEqual(['e', 'c', 'a', 'd', 'g', 'b', 'f'])
    expect(got.find((l) => l.event_id === 'd')!.tag).toEqual(['TIME-01'])
    removeLines(stored)
    expect(existsSync(stored.dir!)).toBe(false)
  })
})

describe('merging runs by stretches', () => {
  // times: a small pool (equal keys across runs), null (sorts last), fraction lengths that pad to
  // one key, and values JSON writes with escapes (a quote, a backslash, a control character)
  const TIMES = [null, '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.5Z', '2024-01-01T00:00:00.500000Z', '2024-03-05T12:00:00.123456Z',
    '2024-03-05T12:00:00.123457Z', '2024-12-31T23:59:59.999999Z', '1999-01-01T00:00:00.000000Z', '2024-01-01T00:00:0"1Z', '2024-01-01T\\00:00:00Z', '2024-06-01T00:00:00.000000Z\u0001', 'not a time', '~']

  /** Runs of lines, each run in key order (a stable sort, as LineStore writes them), ids unique across runs. */
  function makeRuns(r: () => number, long: number) {
    const runs: Array<Array<{id: string; key: string; line: string}>> = []
    const nRuns = 1 + Math.floor(r() * 5)
    // a few times per case: ties within a run and across runs are common
    const pool = TIMES.filter(() => r() < 0.5)
    if (pool.length === 0) pool.push(TIMES[1]!)
    for (let k = 0; k < nRuns; k++) {
      const size = r() < 0.15 ? 0 : r() < 0.3 ? 1 + Math.floor(r() * 300) : Math.floor(r() * 12)
      const run = Array.from({length: size}, (_, i) => {
        const id = r() < 0.05 ? `ev-"${k}"\\${i}` : `ev-${k}-${i}`
        const time = pool[Math.floor(r() * pool.length)]!
        // lines from a few bytes over a block to several blocks long (the reader grows its buffer)
        const pad = r() < 0.03 ? long + Math.floor(r() * long * 3) : Math.floor(r() * 200)
        const e = ev(id, time, {message: `m ${id} ${'x'.repeat(pad)}${r() < 0.1 ? ' é \u2028 "q" \\' : ''}`, indicators: r() < 0.2 ? ['COM-02'] : []})
        return {id, key: timeSortKey(time), line: timesketchLine('c', e) + '\n'}
      })
      run.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      runs.push(run)
    }
    return runs
  }

  /** The merge as a plain sort: by key, then run, then place in the run; late ids added to every line. */
  function reference(runs: Array<Array<{id: string; key: string; line: string}>>, extra: Record<string, string[]>): string {
    const all = runs.flatMap((run, k) => run.map((x, i) => ({...x, k, i})))
    all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.k - b.k || a.i - b.i))
    return all.map((x) => (extra[x.id] ? addTags(x.line, extra[x.id]!) : x.line)).join('')
  }

  function stored(dir: string, runs: Array<Array<{line: string}>>, extra: Record<string, string[]>, seed: number): StoredLines {
    const files = runs.map((run, k) => {
      const f = join(dir, `s${seed}-run-${k}.jsonl`)
      writeFileSync(f, run.map((x) => x.line).join(''))
      return f
    })
    return {dir, runs: files, count: runs.reduce((n, x) => n + x.length, 0), extra}
  }

  it('gives the bytes of a sort by (key, run, place) over 400 seeds: ties, nulls, escapes, long lines, late ids, empty runs', () => {
    const dir = tempDir('lines-merge-')
    let withLong = 0
    let withExtra = 0
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed)
      // blocks from a few lines to many: insertions fall inside blocks, at their edges and across them
      const block = [64, 256, 1024, 4096, 65536][Math.floor(r() * 5)]!
      const runs = makeRuns(r, block)
      const extra: Record<string, string[]> = {}
      if (r() < 0.4) {
        for (const x of runs.flat()) if (r() < 0.2) extra[x.id] = r() < 0.5 ? ['TIME-01'] : ['COM-02', 'PER-02']
        // an id no line has
        extra['ev-none'] = ['TIME-01']
        withExtra++
      }
      if (runs.flat().some((x) => x.line.length > block)) withLong++
      const want = reference(runs, extra)
      expect(lines(stored(dir, runs, extra, seed), block), `seed ${seed}`).toBe(want)
    }
    expect(withLong).toBeGreaterThan(40)
    expect(withExtra).toBeGreaterThan(100)
  })

  it('gives a big run in stretches between the late lines, not line by line', () => {
    const dir = tempDir('lines-stretch-')
    const r = rng(99)
    const big = Array.from({length: 20_000}, (_, i) => {
      const t = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('Z', '000Z')
      return {id: `v${i}`, key: timeSortKey(t), line: timesketchLine('c', ev(`v${i}`, t, {message: 'm'.repeat(Math.floor(r() * 300))})) + '\n'}
    })
    const late = Array.from({length: 30}, (_, i) => {
      const t = new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 20_000) * 1000).toISOString().replace('Z', '000Z')
      return {id: `d${i}`, key: timeSortKey(t), line: timesketchLine('c', ev(`d${i}`, t)) + '\n'}
    }).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    const s = stored(dir, [big, late], {}, 0)
    let chunks = 0
    for (const _ of storedLines(s, 65536)) chunks++
    const bytes = big.reduce((n, x) => n + x.line.length, 0)
    // every block once, plus at most two stretches per late line (the line itself and the rest of its block)
    expect(chunks).toBeLessThanOrEqual(Math.ceil(bytes / 65536) + 1 + 2 * late.length)
    expect(lines(s, 65536)).toBe(reference([big, late], {}))
  })
})

describe('scan --format jsonl through the line store', () => {
  it('an ordered single source (Chrome History) is one run and writes the bytes of the event-store path', async () => {
    const dir = tempDir('lines-history-')
    const profile = join(dir, 'case', 'Users', 'worker', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default')
    mkdirSync(profile, {recursive: true})
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts', 'make-chrome-history.mjs'), join(profile, 'History'), '3000'], {encoding: 'utf8'})
    expect(g.status).toBe(0)
    // visits alone: downloads and search terms are time-ordered sequences of their own (runs of their own)
    const db = new Database(join(profile, 'History'))
    db.exec('DELETE FROM downloads; DELETE FROM downloads_url_chains; DELETE FROM keyword_search_terms')
    db.close()
    const evidence = [join(dir, 'case')]
    const mem = await runScan({evidence})
    const store = await runScan({evidence, spillAt: 250})
    const direct = await runScan({evidence, spillAt: 250, jsonlLines: true})
    const small = await runScan({evidence, jsonlLines: true, spillAt: 100_000})
    expect(store.cases[0]!.internal!.spilled!.runs.length).toBeGreaterThan(5)
    const stored = direct.cases[0]!.internal!.lines!
    expect(stored.runs).toHaveLength(1)
    expect(small.cases[0]!.internal!.lines!.lines!.length).toBe(mem.cases[0]!.events.length)
    const want = await jsonl(mem)
    expect(want.split('\n').length).toBeGreaterThan(3000)
    expect(await jsonl(store)).toBe(want)
    expect(await jsonl(direct)).toBe(want)
    expect(await jsonl(small)).toBe(want)
    for (const r of [store, direct, small]) releaseEvents(r)
    expect(existsSync(stored.dir!)).toBe(false)
  }, 60_000)

  it('a History with downloads and search terms: a run per ordered table, merged to the same bytes', async () => {
    const dir = tempDir('lines-history-all-')
    const profile = join(dir, 'case', 'Users', 'worker', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default')
    mkdirSync(profile, {recursive: true})
    expect(spawnSync(process.execPath, [join(ROOT, 'scripts', 'make-chrome-history.mjs'), join(profile, 'History'), '2000']).status).toBe(0)
    const evidence = [join(dir, 'case')]
    const mem = await runScan({evidence})
    const direct = await runScan({evidence, spillAt: 250, jsonlLines: true})
    const runs = direct.cases[0]!.internal!.lines!.runs.length
    expect(runs).toBeGreaterThan(1)
    expect(runs).toBeLessThanOrEqual(3)
    expect(await jsonl(direct)).toBe(await jsonl(mem))
    releaseEvents(direct)
  }, 60_000)

  it('an unsorted source still goes through runs and a merge; late indicators (TIME-01, PER-02) are applied', async () => {
    const evidence = [`${ROOT}/artifacts-samples/laptop-farm`, otherFarmHost(join(tempDir('lines-host-'), 'farm-host-2'), 2)]
    const mem = await runScan({evidence, claimedTz: 'America/Chicago'})
    const direct = await runScan({evidence, claimedTz: 'America/Chicago', spillAt: 7, jsonlLines: true})
    const inMemory = await runScan({evidence, claimedTz: 'America/Chicago', jsonlLines: true})
    expect(direct.cases[0]!.internal!.lines!.runs.length).toBeGreaterThan(1)
    const want = await jsonl(mem)
    expect(want).toContain('"TIME-01"')
    expect(want).toContain('"PER-02"')
    expect(await jsonl(direct)).toBe(want)
    expect(await jsonl(inMemory)).toBe(want)
    // lines are for the JSONL writer only: another writer asking for events is told so
    await expect((async () => { for await (const _ of (await import('../../src/report/events.js')).eventsOf(direct.cases[0]!)) void _ })()).rejects.toThrow(/JSONL/)
    releaseEvents(direct)
  }, 60_000)
})

