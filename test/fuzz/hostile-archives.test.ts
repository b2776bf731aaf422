// Hostile containers (GitHub issue "hostile-input fuzz suite"): zip bombs by ratio and by
// nesting, overlapping entries, `../` / absolute / drive-letter member names, and symlinks in
// evidence folders. Each case runs in the fuzz child (support/fuzz.ts) with a hard time bound;
// it must warn about the limit it hit, leave the evidence byte-identical and write nothing
// outside it. Limits are the defaults of src/evidence/virtual-file.ts (ratio 1000:1 above
// 1 MiB, nesting depth 3).
import {existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {snapshotTree} from '../support/evidence-guard.js'
import {allWarnings, checkedScan, FuzzHost} from '../support/fuzz.js'
import {makeZip, renameMember} from '../support/zip-fixtures.js'

// Two AnyDesk trace lines in the documented column layout (remote-access-artifacts.md §1, as in
// test/evidence/zip.test.ts): a Client-ID line and a login line.
const TRACE = '   info 2022-08-23 10:20:17.125       gsvc   4628   3528   23                anynet.any_socket - Client-ID: 547911884 (FPR: 67a8dcc336a1).\n' +
  '   info 2022-08-23 10:20:17.125       gsvc   4628   3528   23                anynet.any_socket - Logged in from 203.0.113.9:41314 on relay ad3345a7.\n'
const TRACE_PATH = 'C/Users/u/AppData/Roaming/AnyDesk/ad.trace'

let host: FuzzHost
beforeAll(() => {
  host = new FuzzHost()
})
afterAll(async () => {
  await host.close()
})

/** Rewrites a ZIP so that `copies` central-directory records all point at the first local entry. */
function overlapping(zip: Buffer, copies: number, nameOf: (i: number) => string): Buffer {
  const cdSig = Buffer.from([0x50, 0x4b, 0x01, 0x02])
  const eocdAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  const cdAt = zip.indexOf(cdSig)
  const fixed = zip.subarray(cdAt, cdAt + 46)
  const records = Array.from({length: copies}, (_, i) => {
    const name = Buffer.from(nameOf(i))
    const rec = Buffer.concat([Buffer.from(fixed), name])
    rec.writeUInt16LE(name.length, 28) // file name length
    rec.writeUInt16LE(0, 30) // extra field length
    rec.writeUInt16LE(0, 32) // comment length
    return rec
  })
  const cd = Buffer.concat(records)
  const eocd = Buffer.from(zip.subarray(eocdAt, eocdAt + 22))
  eocd.writeUInt16LE(copies, 8)
  eocd.writeUInt16LE(copies, 10)
  eocd.writeUInt32LE(cd.length, 12)
  eocd.writeUInt32LE(cdAt, 16)
  return Buffer.concat([zip.subarray(0, cdAt), cd, eocd])
}

describe('fuzz: zip bombs', () => {
  it('ratio bomb: a 200 MiB member of zeros (~1030:1) is not inflated, with a warning naming the limit', async () => {
    const zip = await makeZip([
      {name: 'uploads/auto/C%3A/Users/u/AppData/Roaming/AnyDesk/ad.trace', data: Buffer.alloc(200 * 1024 * 1024)},
      {name: 'uploads/auto/C%3A/ProgramData/AnyDesk/ad_svc.trace', data: TRACE},
    ])
    expect(zip.length).toBeLessThan(250 * 1024)
    const dir = host.evidence({'bomb.zip': zip})
    const {outcome, problems} = await checkedScan(host, dir, {timeoutMs: 20_000})
    expect(problems).toEqual([])
    const r = outcome.reply!
    expect(r.warnings.some((w) => /bomb\.zip!uploads\/auto\/C%3A\/Users\/u\/AppData\/Roaming\/AnyDesk\/ad\.trace: compression ratio \d+:1 exceeds the limit \(1000:1\), not read \(possible zip bomb\)/.test(w)), allWarnings(r).join('\n')).toBe(true)
    // the bomb is skipped, the honest member next to it is still parsed
    expect(r.artifacts.map((a) => [a.path, a.kind, a.status])).toEqual([
      ['bomb.zip', 'archive.zip', 'parsed'],
      ['bomb.zip!uploads/auto/C%3A/ProgramData/AnyDesk/ad_svc.trace', 'anydesk.trace', 'parsed'],
    ])
    expect(r.maxRss).toBeLessThan(1024 ** 3)
  })

  it('nested bomb: zip in zip 6 levels deep, 4 copies per level, stops at depth 3 with warnings', async () => {
    let level = await makeZip([
      {name: 'C/Users/u/AppData/Roaming/AnyDesk/ad.trace', data: TRACE},
      {name: 'zeros.bin', data: Buffer.alloc(4 * 1024 * 1024)},
    ])
    for (let depth = 6; depth >= 2; depth--) {
      level = await makeZip(Array.from({length: 4}, (_, i) => ({name: `l${depth}-${i}.zip`, data: level, compress: false})))
    }
    const dir = host.evidence({'nested.zip': level})
    const {outcome, problems} = await checkedScan(host, dir, {timeoutMs: 20_000})
    expect(problems).toEqual([])
    const w = outcome.reply!.warnings
    // depth 1 = nested.zip, 2 and 3 are followed; the 4x4x4 archives at depth 4 are not
    const deep = w.filter((m) => /^nested\.zip!l2-\d\.zip!l3-\d\.zip!l4-\d\.zip: nested archive deeper than 3 levels, not followed$/.test(m))
    expect(deep).toHaveLength(64)
    // nothing below depth 3 was opened, so no trace deeper down was parsed
    expect(outcome.reply!.artifacts.filter((a) => a.kind === 'anydesk.trace')).toEqual([])
  })

  it('overlapping entries: 100 central-directory records sharing one local entry are warned about and bounded', async () => {
    const payload = TRACE.repeat(Math.ceil((64 * 1024) / TRACE.length))
    const base = await makeZip([{name: 'C/Users/u/AppData/Roaming/AnyDesk/ad.trace', data: payload, compress: false}])
    const zip = overlapping(base, 100, (i) => `C/Users/u/AppData/Roaming/AnyDesk/ad${String(i).padStart(3, '0')}.trace`)
    const dir = host.evidence({'overlap.zip': zip})
    const {outcome, problems} = await checkedScan(host, dir, {timeoutMs: 30_000})
    expect(problems).toEqual([])
    const r = outcome.reply!
    expect(r.warnings).toContain('overlap.zip: 99 entries share or overlap the data of another entry (a zip-bomb construction); they are listed once and not read again')
    expect(r.artifacts[0]).toMatchObject({path: 'overlap.zip', kind: 'archive.zip'})
    // the shared data is parsed once, not once per central-directory record
    expect(r.artifacts.filter((a) => a.kind === 'anydesk.trace')).toHaveLength(1)
  })

  it('overlapping entries at scale (#18.2): 1,000 records on one 1 MiB member are inflated once (1 GiB of work before)', async () => {
    const payload = TRACE.repeat(Math.ceil((1024 * 1024) / TRACE.length))
    const base = await makeZip([{name: 'C/Users/u/AppData/Roaming/AnyDesk/ad.trace', data: payload}])
    const zip = overlapping(base, 1000, (i) => `C/Users/u/AppData/Roaming/AnyDesk/ad${String(i).padStart(4, '0')}.trace`)
    const dir = host.evidence({'overlap.zip': zip})
    const {outcome, problems} = await checkedScan(host, dir, {timeoutMs: 30_000})
    expect(problems).toEqual([])
    const r = outcome.reply!
    expect(r.warnings).toContain('overlap.zip: 999 entries share or overlap the data of another entry (a zip-bomb construction); they are listed once and not read again')
    expect(r.artifacts.filter((a) => a.kind === 'anydesk.trace')).toHaveLength(1)
    expect(r.maxRss).toBeLessThan(500 * 1024 * 1024)
  }, 60_000)
})

describe('fuzz: hostile member names are read in place, never written', () => {
  const unique = `dprk-fuzz-escape-${process.pid}`
  const hostile = [
    [`../../../../../../../../../../tmp/${unique}/AnyDesk/ad.trace`, 'parent-directory (..) segment'],
    [`/tmp/${unique}/AnyDesk/ad.trace`, 'absolute path'],
    [`C:/${unique}/AnyDesk/ad.trace`, 'drive-letter path'],
    [`..\\..\\..\\${unique}\\AnyDesk\\ad.trace`, 'parent-directory (..) segment'],
  ] as const

  for (const [name, reason] of hostile) {
    it(`${JSON.stringify(name)}: warned as ${reason}, nothing created outside the evidence`, async () => {
      const placeholder = 'x'.repeat(Buffer.byteLength(name))
      const zip = renameMember(await makeZip([{name: placeholder, data: TRACE}]), placeholder, name)
      const dir = host.evidence({'collection.zip': zip})
      const {outcome, problems} = await checkedScan(host, dir)
      expect(problems).toEqual([])
      // yauzl reports `\\` separators as `/`
      const shown = name.replace(/\\/g, '/')
      expect(outcome.reply!.warnings).toContain(`collection.zip: entry name ${JSON.stringify(shown)} is hostile (${reason}); read in place, never written`)
      // where an extracting tool would have written it: relative to the evidence, the cwd, /tmp, the drive root
      for (const base of [dir, join(dir, 'collection.zip'), process.cwd(), host.tmp, '/']) {
        expect(existsSync(resolve(base, name.replace(/\\/g, '/').replace(/^C:/, '')))).toBe(false)
      }
      expect(existsSync(join(tmpdir(), unique))).toBe(false)
      expect(existsSync(join('/tmp', unique))).toBe(false)
    })
  }
})

describe('fuzz: symlinks in evidence folders', () => {
  it('links pointing outside, looping and dangling are not followed, each with a warning', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'fuzz-outside-'))
    try {
      mkdirSync(join(outside, 'AnyDesk'))
      writeFileSync(join(outside, 'AnyDesk', 'ad.trace'), TRACE)
      const outsideBefore = snapshotTree(outside)
      const dir = host.evidence({[TRACE_PATH]: TRACE})
      const ad = join(dir, 'C/Users/u/AppData/Roaming/AnyDesk')
      symlinkSync(join(outside, 'AnyDesk'), join(ad, 'outside-dir'))
      symlinkSync(join(outside, 'AnyDesk', 'ad.trace'), join(ad, 'ad_svc.trace'))
      mkdirSync(join(dir, 'loop'))
      symlinkSync('..', join(dir, 'loop', 'up')) // back to the evidence root: a folder loop
      symlinkSync('b', join(dir, 'loop', 'a')) // a -> b -> a: ELOOP
      symlinkSync('a', join(dir, 'loop', 'b'))
      symlinkSync('/nonexistent/dprk-fuzz', join(dir, 'dangling'))

      const {outcome, problems} = await checkedScan(host, dir)
      expect(problems).toEqual([])
      const r = outcome.reply!
      expect(r.warnings).toEqual(expect.arrayContaining([
        'C/Users/u/AppData/Roaming/AnyDesk/ad_svc.trace: symlink points outside the evidence folder, not followed',
        'C/Users/u/AppData/Roaming/AnyDesk/outside-dir: symlink points outside the evidence folder, not followed',
        'dangling: dangling symlink, not followed',
        'loop/a: dangling symlink, not followed',
        'loop/b: dangling symlink, not followed',
        'loop/up: folder already visited (symlink loop), not followed again',
      ]))
      // only the real file inside the evidence was parsed
      expect(r.artifacts.map((a) => [a.path, a.status])).toEqual([[TRACE_PATH, 'parsed']])
      expect(snapshotTree(outside)).toEqual(outsideBefore)
    } finally {
      rmSync(outside, {recursive: true, force: true})
    }
  })
})
