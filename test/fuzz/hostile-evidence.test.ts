// Hostile evidence, GitHub issue #18 points 4, 6, 9 and 11 (10 is in test/report/escape.test.ts):
// SQLite and hive side files reached through symlinks that leave the evidence, folder names that
// are not UTF-8, temp copies that survive a failure or have no size bound, and a property list
// with one over-deep element. Each input class runs through the real pipeline.
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BROWSER_PARSERS} from '../../src/artifacts/browser/index.js'
import {PROGRAM_PARSERS} from '../../src/artifacts/programs/index.js'
import {usbSystemProfiler} from '../../src/artifacts/usb/system-profiler.js'
import {DEFAULT_LIMITS, type VirtualFile} from '../../src/evidence/virtual-file.js'
import {walkEvidence} from '../../src/evidence/walk.js'
import {createChromiumV70, insertUrl, insertVisit} from '../artifacts/browser/build-db.js'
import {FIXTURES} from '../support/corpus.js'
import {allWarnings, checkedScan, FuzzHost, mulberry32} from '../support/fuzz.js'
import {scanWith} from '../support/run-parser.js'
import {tempDir} from '../support/tmp.js'
import {makeZip} from '../support/zip-fixtures.js'

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
const PROFILE = 'Users/carol/AppData/Local/Google/Chrome/User Data/Default'
const HISTORY = `${PROFILE}/History`

/** A Chromium History in WAL mode: one visit in the main file, a second only in `-wal`. */
function walHistory(): {main: Buffer; wal: Buffer} {
  const work = tempDir('h2-wal-writer-')
  const path = join(work, 'History')
  const w = createChromiumV70(path)
  insertUrl(w, 1, 'https://checkpointed.example/', 'in main file', 13354074123123456n)
  insertVisit(w, {id: 1, urlId: 1, time: 13354074123123456n, transition: 0x30000000})
  w.pragma('journal_mode = WAL')
  w.pragma('wal_autocheckpoint = 0')
  w.pragma('wal_checkpoint(TRUNCATE)')
  insertUrl(w, 2, 'https://wal-only.example/', 'only in WAL', 13354074420999999n)
  insertVisit(w, {id: 2, urlId: 2, time: 13354074420999999n, transition: 0x30000001})
  const main = readFileSync(path)
  const wal = readFileSync(path + '-wal')
  w.close()
  return {main, wal}
}

const visitUrls = (events: Array<{type: string; fields: Record<string, unknown>}>) => events.filter((e) => e.type === 'browser.visit').map((e) => e.fields.url)

describe('#18.4: side files follow the walk\'s symlink rule and are listed with their hashes', () => {
  it('a History-wal symlink to a file outside the evidence is not used: its rows are not evidence, the artifact says so', async () => {
    const {main, wal} = walHistory()
    const outside = tempDir('h2-outside-')
    writeFileSync(join(outside, 'planted-wal'), wal)
    const ev = tempDir('h2-ev-')
    mkdirSync(join(ev, PROFILE), {recursive: true})
    writeFileSync(join(ev, HISTORY), main)
    symlinkSync(join(outside, 'planted-wal'), join(ev, `${HISTORY}-wal`))
    const {artifacts, events, warnings} = await scanWith(ev, {parsers: [...BROWSER_PARSERS]})
    expect(visitUrls(events)).toEqual(['https://checkpointed.example/'])
    expect(warnings).toContain(`${HISTORY}-wal: symlink points outside the evidence folder, not followed`)
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]).toMatchObject({path: HISTORY, status: 'partial', warnings: [`side file ${HISTORY}-wal: symlink points outside the evidence folder, not followed; not used`]})
    expect(artifacts[0]!.sideFiles).toBeUndefined()
  })

  it('a -wal inside the evidence (a file, or a symlink that stays inside) is used and listed with size and SHA-256', async () => {
    const {main, wal} = walHistory()
    const ev = tempDir('h2-ev-')
    mkdirSync(join(ev, PROFILE), {recursive: true})
    writeFileSync(join(ev, HISTORY), main)
    writeFileSync(join(ev, `${HISTORY}-wal`), wal)
    const other = 'Users/dan/AppData/Local/Google/Chrome/User Data/Default'
    mkdirSync(join(ev, other), {recursive: true})
    mkdirSync(join(ev, 'store'))
    writeFileSync(join(ev, other, 'History'), main)
    writeFileSync(join(ev, 'store', 'wal'), wal)
    symlinkSync('../../../../../../../../store/wal', join(ev, other, 'History-wal'))
    const {artifacts, events} = await scanWith(ev, {parsers: [...BROWSER_PARSERS]})
    expect(artifacts.map((a) => [a.path, a.status, a.sideFiles])).toEqual([
      [HISTORY, 'parsed', [{path: `${HISTORY}-wal`, size: wal.length, sha256: sha(wal)}]],
      [`${other}/History`, 'parsed', [{path: `${other}/History-wal`, size: wal.length, sha256: sha(wal)}]],
    ])
    expect(visitUrls(events).filter((u) => u === 'https://wal-only.example/')).toHaveLength(2)
  })

  it('inside a ZIP: the -wal member is used and listed with its hash', async () => {
    const {main, wal} = walHistory()
    const dir = tempDir('h2-zip-')
    const zip = join(dir, 'collection.zip')
    writeFileSync(zip, await makeZip([{name: HISTORY, data: main}, {name: `${HISTORY}-wal`, data: wal}]))
    const {artifacts, events} = await scanWith(zip, {parsers: [...BROWSER_PARSERS]})
    expect(artifacts.map((a) => [a.path, a.status, a.sideFiles])).toEqual([
      [`collection.zip!${HISTORY}`, 'parsed', [{path: `collection.zip!${HISTORY}-wal`, size: wal.length, sha256: sha(wal)}]],
    ])
    expect(visitUrls(events)).toEqual(['https://checkpointed.example/', 'https://wal-only.example/'])
  })

  it('hive logs (.LOG1/.LOG2): a symlink out of the evidence is refused with the reason, one inside is followed', async () => {
    const ev = tempDir('h2-hive-')
    const outside = tempDir('h2-outside-')
    mkdirSync(join(ev, 'Windows/System32/config'), {recursive: true})
    writeFileSync(join(ev, 'Windows/System32/config/SYSTEM'), 'regf')
    writeFileSync(join(outside, 'log'), 'planted')
    writeFileSync(join(ev, 'Windows/System32/config/real.log2'), 'DIRT')
    symlinkSync(join(outside, 'log'), join(ev, 'Windows/System32/config/SYSTEM.LOG1'))
    symlinkSync('real.log2', join(ev, 'Windows/System32/config/SYSTEM.LOG2'))
    let system: VirtualFile | undefined
    for await (const f of walkEvidence(ev, DEFAULT_LIMITS, () => {})) if (f.path.endsWith('/SYSTEM')) system = f
    const reasons: string[] = []
    expect(system!.neighbour!('system.log1', (r) => reasons.push(r))).toBeUndefined()
    expect(reasons).toEqual(['side file Windows/System32/config/SYSTEM.LOG1: symlink points outside the evidence folder, not followed; not used'])
    const log2 = system!.neighbour!('SYSTEM.LOG2')
    expect([log2?.path, log2?.size]).toEqual(['Windows/System32/config/SYSTEM.LOG2', 4])
  })
})

describe('#18.6: folder names that are not UTF-8 are walked and shown escaped', () => {
  // 김철수 in CP949 / EUC-KR
  const CP949 = Buffer.from([0xb1, 0xe8, 0xc3, 0xb6, 0xbc, 0xf6])
  const SHOWN = '\\xb1\\xe8\\xc3\\xb6\\xbc\\xf6'
  const TRACE = '   info 2022-08-23 10:20:17.125       gsvc   4628   3528   23                anynet.any_socket - Logged in from 203.0.113.9:41314 on relay ad3345a7.\n'

  it('a CP949-named user profile: its AnyDesk trace and Chrome History are read, the path shows \\xNN', async () => {
    const {main} = walHistory()
    const ev = tempDir('h2-cp949-')
    const user = Buffer.concat([Buffer.from(join(ev, 'Users') + '/'), CP949])
    const trace = Buffer.concat([user, Buffer.from('/AppData/Roaming/AnyDesk')])
    const chrome = Buffer.concat([user, Buffer.from('/AppData/Local/Google/Chrome/User Data/Default')])
    mkdirSync(trace, {recursive: true})
    mkdirSync(chrome, {recursive: true})
    writeFileSync(Buffer.concat([trace, Buffer.from('/ad.trace')]), TRACE)
    writeFileSync(Buffer.concat([chrome, Buffer.from('/History')]), main)
    const run = () => scanWith(ev, {parsers: undefined})
    const {artifacts, events, warnings} = await run()
    expect(warnings.filter((w) => /vanished|unreadable/.test(w))).toEqual([])
    const got = artifacts.filter((a) => a.path.startsWith('Users/')).map((a) => [a.path, a.status, a.events])
    expect(got).toEqual([
      [`Users/${SHOWN}/AppData/Local/Google/Chrome/User Data/Default/History`, 'parsed', 1],
      [`Users/${SHOWN}/AppData/Roaming/AnyDesk/ad.trace`, 'parsed', 1],
    ])
    expect(events.find((e) => e.artifact.endsWith('ad.trace'))!.fields.user).toBe(SHOWN)
    // reproducible: the same bytes give the same paths and event ids
    const again = await run()
    expect(again.events.map((e) => e.id)).toEqual(events.map((e) => e.id))
  })
})

let host: FuzzHost
beforeAll(() => {
  host = new FuzzHost()
})
afterAll(async () => {
  await host.close()
})

describe('#18.9: temp copies are bounded and removed on every path', () => {
  it('a nested ZIP that fails half-way through its spill leaves nothing in TMPDIR', async () => {
    // a 33 MiB inner archive (over the 32 MiB in-memory limit: spilled to a temp file) whose
    // directory entry claims one byte more than its deflated data holds: the spill fails at the
    // end, after 33 MiB of evidence were written to the temp file
    const r = mulberry32(18)
    const payload = Buffer.alloc(33 * 1024 * 1024)
    for (let i = 0; i < payload.length; i += 4) payload.writeUInt32LE(Math.floor(r() * 2 ** 32), i)
    const inner = await makeZip([{name: 'big.bin', data: payload, compress: false}])
    const outer = await makeZip([{name: 'note.txt', data: 'x'}, {name: 'inner.zip', data: inner, compress: true}])
    const name = Buffer.from('inner.zip')
    let central = -1
    for (let i = outer.indexOf(Buffer.from('PK\x01\x02', 'latin1')); i >= 0; i = outer.indexOf(Buffer.from('PK\x01\x02', 'latin1'), i + 4)) {
      if (outer.subarray(i + 46, i + 46 + name.length).equals(name)) central = i
    }
    expect(central).toBeGreaterThan(0)
    outer.writeUInt32LE(inner.length + 1, central + 24)
    const local = outer.readUInt32LE(central + 42)
    outer.writeUInt32LE(inner.length + 1, local + 22)
    const dir = host.evidence({'Users/u/Downloads/outer.zip': outer})
    const {outcome, problems} = await checkedScan(host, dir, {timeoutMs: 30_000})
    expect(problems).toEqual([])
    expect(allWarnings(outcome.reply)).toEqual([
      expect.stringMatching(/^Users\/u\/Downloads\/outer\.zip!inner\.zip: nested archive could not be read \(.+\)$/),
    ])
    expect(outcome.reply!.maxRss).toBeLessThan(500 * 1024 ** 2)
  })

  it('a sparse 1.5 GiB History is refused before any copy, with the limit and the allocated size; quickly, in bounded memory', async () => {
    const {main} = walHistory()
    const big = new FuzzHost(512)
    try {
      const dir = big.evidence({[HISTORY]: main})
      truncateSync(join(dir, HISTORY), 1.5 * 1024 ** 3)
      // not checkedScan: hashing 1.5 GiB twice for the evidence snapshot would dominate the case
      const outcome = await big.run('scan', dir, 30_000)
      expect(outcome.kind).toBe('reply')
      expect(big.leftovers()).toEqual([])
      expect(statSync(join(dir, HISTORY)).size).toBe(1.5 * 1024 ** 3)
      const a = outcome.reply!.artifacts
      expect(a.map((x) => [x.path, x.kind, x.status, x.events])).toEqual([[HISTORY, 'browser.chromium_history', 'failed', 0]])
      expect(a[0]!.warnings).toEqual([expect.stringMatching(/^parsing stopped: file of 1610612736 bytes is larger than the 1073741824-byte limit for a private copy \(sparse: \d+ bytes allocated\); not read$/)])
      expect(outcome.ms).toBeLessThan(30_000)
      expect(outcome.reply!.maxRss).toBeLessThan(500 * 1024 ** 2)
    } finally {
      await big.close()
    }
  })
})

describe('#18.11: a plist with one over-deep element keeps the rest, partial with a warning', () => {
  const DEEP = '<key>deep</key>' + '<array>'.repeat(200) + '</array>'.repeat(200)
  const fx = (dir: string, n: string) => readFileSync(join(FIXTURES, dir, n), 'utf8')
  /** The deep value goes into the first `<dict>` after `anchor`. */
  const inject = (doc: string, anchor: string) => {
    const at = doc.indexOf('<dict>', doc.indexOf(anchor)) + '<dict>'.length
    return doc.slice(0, at) + DEEP + doc.slice(at)
  }

  it('system_profiler SPApplicationsDataType -xml: every application still read', async () => {
    const doc = inject(fx('programs', 'SPApplicationsDataType.xml'), '<key>_items</key>')
    const line = doc.slice(0, doc.indexOf('<array>', doc.indexOf('<key>deep</key>'))).split('\n').length
    const ev = tempDir('h2-plist-')
    mkdirSync(join(ev, 'mac'))
    writeFileSync(join(ev, 'mac', 'SPApplicationsDataType.xml'), doc)
    const {artifacts, events} = await scanWith(ev, {parsers: [...PROGRAM_PARSERS]})
    expect(artifacts.map((a) => [a.kind, a.status, a.events, a.warnings])).toEqual([
      ['programs.system_profiler', 'partial', 5, [`line ${line}: <array> nested deeper than 34 elements, dropped with its content; the rest is read`]],
    ])
    expect(events.map((e) => e.fields.program)).toContain('AnyDesk')
  })

  it('system_profiler SPUSBDataType -xml: every device still read', async () => {
    const doc = inject(fx('usb', 'SPUSBDataType.xml'), '<key>_items</key>')
    const ev = tempDir('h2-plist-')
    mkdirSync(join(ev, 'macos'))
    writeFileSync(join(ev, 'macos', 'SPUSBDataType.xml'), doc)
    const {artifacts, events} = await scanWith(ev, {parsers: [usbSystemProfiler]})
    expect(artifacts).toMatchObject([{kind: 'usb.system_profiler', status: 'partial', events: 5}])
    expect(artifacts[0]!.warnings).toEqual([expect.stringMatching(/^line \d+: <array> nested deeper than 34 elements, dropped with its content; the rest is read$/)])
    expect(events.map((e) => e.fields.serial ?? null)).toEqual(['CAFEBABE', null, '4C530001230503110451', null, '0123456789ABCDEF'])
  })
})
