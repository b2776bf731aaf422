// History visits as lines built in SQL (src/artifacts/browser/chromium-visit-lines.ts, #17): the
// bytes must be the object path's for every row, odd ones included, and the rows this way takes
// must be exactly those its text is right for (the rest are read as events in their place).
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {Writable} from 'node:stream'

import Database from 'better-sqlite3'
import {describe, expect, it} from 'vitest'

import {loadPack} from '../../../src/indicators/load.js'
import type {Indicator} from '../../../src/indicators/types.js'
import {runScan} from '../../../src/lib/run-scan.js'
import {scanCase} from '../../../src/lib/scan-case.js'
import {releaseEvents} from '../../../src/report/events.js'
import {writeJsonl} from '../../../src/report/jsonl.js'
import {timesketchLine} from '../../../src/report/timesketch-line.js'
import {tempDir} from '../../support/tmp.js'
import {createChromiumV70} from './build-db.js'

const PROFILE = ['Users', 'worker', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default']
const WEBKIT = 11_644_473_600_000_000n
const T0 = WEBKIT + 1_704_067_200_000_000n // 2024-01-01T00:00:00Z
const MAX_SAFE = 2n ** 53n - 1n

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
}
const pickOf = (r: () => number) => <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!

const TITLES = ['Plain', 'quote " and \\ back', 'é ü 中文 \ud83d\ude00', 'tab\tand\nnewline', 'ctrl \u0001\u001f\u007f', '100% sure', "it's", '</script>', '\u2028\u2029', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.5Z', '', 'x'.repeat(70 * 1024)]
const URLS = ['https://example.com/a?b=1', 'https://exämple.org/%41%', 'https://q.test/"x"\\y', 'http://[::1]:80/', 'https://t.test/' + 'y'.repeat(300), 'file:///C:/Users/w/Desktop/a b.html', 'https://anydesk.com/en/downloads', 'https://www.upwork.com/nx/find-work/']

/**
 * A History with odd values in every column, and the number of visits whose line SQL may build.
 * `relaxed`: a schema of its own without NOT NULL, opener_visit and app_id (older and damaged DBs).
 */
function oddHistory(path: string, seed: number, relaxed: boolean): {fast: number; visits: number} {
  const r = rng(seed)
  const pick = pickOf(r)
  let db: Database.Database
  if (relaxed) {
    mkdirSync(join(path, '..'), {recursive: true})
    db = new Database(path)
    db.exec(`CREATE TABLE meta(key LONGVARCHAR NOT NULL UNIQUE PRIMARY KEY, value LONGVARCHAR); INSERT INTO meta VALUES ('version', '42');
      CREATE TABLE urls(id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER, typed_count INTEGER, last_visit_time INTEGER, hidden INTEGER);
      CREATE TABLE visits(id INTEGER PRIMARY KEY, url INTEGER, visit_time INTEGER, from_visit INTEGER, transition INTEGER, segment_id INTEGER, visit_duration INTEGER, originator_cache_guid TEXT, external_referrer_url TEXT);
      CREATE TABLE visit_source(id INTEGER PRIMARY KEY, source INTEGER)`)
  } else db = createChromiumV70(path)
  const nUrls = 60
  const urlIds: number[] = []
  const insertUrl = db.prepare('INSERT INTO urls (id, url, title, visit_count, typed_count, last_visit_time, hidden) VALUES (?, ?, ?, ?, ?, ?, ?)')
  // urls whose visits stay events whatever their own values: a title the cap cuts
  const slowUrl = new Set<number>()
  for (let i = 1; i <= nUrls; i++) {
    const title = r() < 0.1 ? null : pick(TITLES)
    const url = r() < 0.05 ? null : pick(URLS) + i
    const vc = relaxed && r() < 0.1 ? pick([null, 'many', 2.5]) : Math.floor(r() * 50)
    insertUrl.run(i, url, title, vc, Math.floor(r() * 5), T0, r() < 0.2 ? 1 : 0)
    if (typeof title === 'string' && title.length > 64 * 1024) slowUrl.add(i)
    urlIds.push(i)
  }
  const cols = relaxed
    ? 'id, url, visit_time, from_visit, transition, segment_id, visit_duration, originator_cache_guid, external_referrer_url'
    : 'id, url, visit_time, from_visit, transition, segment_id, visit_duration, opener_visit, originator_cache_guid, external_referrer_url, app_id'
  const insertVisit = db.prepare(`INSERT INTO visits (${cols}) VALUES (${cols.split(',').map(() => '?').join(', ')})`)
  const insertSource = db.prepare('INSERT INTO visit_source (id, source) VALUES (?, ?)')
  const visits = 1500
  let fast = 0
  let t = T0
  for (let k = 0; k < visits; k++) {
    let ok = true
    const odd = r() < 0.25
    const id = odd && r() < 0.05 ? MAX_SAFE + BigInt(k) : BigInt(k + 1)
    if (id > MAX_SAFE) ok = false
    // ties in time now and then (order by id)
    if (r() < 0.8) t += BigInt(Math.floor(r() * 5_000_000_000))
    let time: unknown = t
    if (odd && r() < 0.3) {
      time = pick([null, 0n, -5n, WEBKIT, WEBKIT + 1n, WEBKIT - 1n, WEBKIT + 253_402_300_799_999_999n, WEBKIT + MAX_SAFE, WEBKIT + MAX_SAFE + 1n, 'soon', 1.3348540803905457e16, String(t)])
      // integers above the Unix epoch up to 2^53 - 1 µs after it; text that looks like an integer is one (INTEGER affinity)
      // as is a whole-number REAL (1.3348540803905457e16 is stored as the integer 13348540803905456)
      const v = (typeof time === 'string' && /^\d+$/.test(time)) || (typeof time === 'number' && Number.isInteger(time)) ? BigInt(time as string | number) : time
      if (!(typeof v === 'bigint' && v > WEBKIT && v <= WEBKIT + MAX_SAFE)) ok = false
    }
    const urlId = odd && r() < 0.1 ? pick([999_999, 'x', null]) : pick(urlIds)
    if (typeof urlId !== 'number' || urlId > nUrls || slowUrl.has(urlId)) ok = false
    let transition: unknown = pick([805306368, 838860801, 805306373, 0, 1, 8, 268435457, 0x40000000 | 2])
    if (odd && r() < 0.2) {
      transition = pick([-1610612736, 2684354563, 0x00600000 | 7, 255, 'typed', 1.5, null])
      if (typeof transition !== 'number' || !Number.isInteger(transition)) ok = false
    }
    let duration: unknown = pick([0, 0, 1_234_567, 188_109_637, 1, 999_999, 1_000_000, 1_500_000, 10_000_000])
    if (odd && r() < 0.2) {
      duration = pick([null, -5, 999_999_999_999_999, 1_000_000_000_000_000, 2 ** 62, 1.5, 'long', 123456789012345])
      if (!(duration === null || (typeof duration === 'number' && Number.isInteger(duration) && duration < 1e15))) ok = false
    }
    let from: unknown = pick([0, 0, k, k + 1])
    if (odd && r() < 0.2) {
      from = pick([null, -3, 2n ** 60n, 'prev', 2.5, MAX_SAFE])
      if (!(from === null || (typeof from === 'number' && Number.isInteger(from)) || (typeof from === 'bigint' && from <= MAX_SAFE))) ok = false
    }
    let opener: unknown = pick([0, null, k])
    if (!relaxed && odd && r() < 0.2) {
      opener = pick([2n ** 60n, 'o', -1])
      if (!(typeof opener === 'number' && Number.isInteger(opener))) ok = false
    }
    let guid: unknown = pick(['', '', null])
    if (odd && r() < 0.2) {
      guid = pick(['kZ3x9rQnF0aWQ==', ' '])
      ok = false
    }
    let ext: unknown = pick(['', null])
    if (odd && r() < 0.1) {
      ext = 'https://referrer.test/'
      ok = false
    }
    const app = !relaxed && odd && r() < 0.1 ? 'com.app' : ''
    if (app) ok = false
    // NOT NULL columns of Chrome's schema get text instead (neither is an integer)
    const nn = (v: unknown) => (relaxed || v !== null ? v : 'n')
    const row = relaxed
      ? [id, urlId, time, from, transition, 0, duration, guid, ext]
      : [id, nn(urlId), nn(time), from, nn(transition), 0, nn(duration), opener, guid, ext, app]
    if (!relaxed && duration === null) ok = false
    insertVisit.run(...row)
    if (odd && r() < 0.15) {
      insertSource.run(id, pick([0, 1, 3, 7, 99]))
      ok = false
    }
    if (ok) fast++
  }
  db.close()
  return {fast, visits}
}

function caseWith(seed: number, relaxed: boolean): {evidence: string; fast: number; visits: number} {
  const evidence = join(tempDir('visit-lines-'), `case ${seed} 100% 'odd'`)
  const made = oddHistory(join(evidence, ...PROFILE, 'History'), seed, relaxed)
  return {evidence, ...made}
}

async function jsonl(r: Parameters<typeof writeJsonl>[0]): Promise<string> {
  const parts: Buffer[] = []
  await writeJsonl(r, new Writable({write(c, _e, cb) { parts.push(Buffer.from(c)); cb() }}))
  return Buffer.concat(parts).toString('utf8')
}

/** The artifact's lines in emission order, each marked with the way it came (sql or event). */
async function linesOf(evidence: string, caseId: string, withLines: boolean) {
  const out: Array<{way: 'sql' | 'event'; line: string}> = []
  const scanned = await scanCase(evidence, {
    caseId,
    match: () => {},
    onEvent: (e) => void out.push({way: 'event', line: timesketchLine(caseId, e) + '\n'}),
    lines: withLines ? {quiet: () => true, add: (_type, line) => void out.push({way: 'sql', line})} : undefined,
  })
  return {out, scanned}
}

describe('History visits as lines built in SQL', () => {
  it.each([[1, false], [2, false], [3, true], [4, true], [5, false]] as const)(
    'seed %i (relaxed schema: %s): the object path\'s bytes, row for row, and SQL builds exactly the rows it may',
    async (seed, relaxed) => {
      const {evidence, fast, visits} = caseWith(seed, relaxed)
      const caseId = `case-${seed} "100%" it's`
      const want = await linesOf(evidence, caseId, false)
      const got = await linesOf(evidence, caseId, true)
      expect(got.scanned.artifacts.map((a) => [a.status, a.notes])).toEqual(want.scanned.artifacts.map((a) => [a.status, a.notes]))
      expect(got.scanned.artifacts[0]!.events).toBe(want.scanned.artifacts[0]!.events)
      expect(got.out.map((x) => x.line)).toEqual(want.out.map((x) => x.line))
      const visitLines = (xs: typeof got.out) => xs.filter((x) => x.line.includes('"data_type":"browser.visit"'))
      expect(visitLines(want.out)).toHaveLength(visits)
      expect(got.out.filter((x) => x.way === 'sql')).toHaveLength(fast)
      expect(fast).toBeGreaterThan(visits / 2)
      expect(fast).toBeLessThan(visits)
    }, 60_000)

  it('scan --format jsonl: the same bytes as the event path, with findings and raw rows on the matched visits', async () => {
    const {evidence} = caseWith(6, false)
    const mem = await runScan({evidence: [evidence]})
    const direct = await runScan({evidence: [evidence], jsonlLines: true, spillAt: 300})
    const want = await jsonl(mem)
    expect(want).toContain('"tag":["RA-01"]')
    expect(want).toContain('"raw":"{')
    expect(await jsonl(direct)).toBe(want)
    expect(direct.cases[0]!.findings.map((f) => [f.indicator, f.events])).toEqual(mem.cases[0]!.findings.map((f) => [f.indicator, f.events]))
    for (const r of [mem, direct]) releaseEvents(r)
  }, 60_000)

  it('a rule on what differs between the visits of a URL (the message): every visit is matched, the same bytes', async () => {
    const {evidence} = caseWith(7, false)
    const pack = loadPack({})
    pack.indicators.push({id: 'T-TYPED', title: 'typed visit', category: 'remote-access', weight: 1, applies_to: ['browser.visit'],
      match: {field: 'message', op: 'contains', value: '[typed]'}, sources: ['SW-2024-10']} as Indicator)
    const mem = await runScan({evidence: [evidence], indicators: {pack}})
    const direct = await runScan({evidence: [evidence], indicators: {pack}, jsonlLines: true})
    const want = await jsonl(mem)
    expect(want.match(/"tag":\["T-TYPED"\]/g)!.length).toBeGreaterThan(50)
    expect(await jsonl(direct)).toBe(want)
    for (const r of [mem, direct]) releaseEvents(r)
  }, 60_000)
})
