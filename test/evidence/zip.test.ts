// ZIP evidence read in place: collection layouts, nested archives, hostile names, encryption,
// and the size/ratio/entry/depth limits (reference ecosystem-and-style.md §6).
import {createHash} from 'node:crypto'
import {readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {DEFAULT_LIMITS, type EvidenceLimits} from '../../src/evidence/virtual-file.js'
import {walkEvidence} from '../../src/evidence/walk.js'
import {scanCase} from '../../src/lib/scan-case.js'
import {makeZip, markEncrypted, renameMember} from '../support/zip-fixtures.js'
import {tempDir} from '../support/tmp.js'

const TRACE = '   info 2022-08-23 10:20:17.125       gsvc   4628   3528   23                anynet.any_socket - Client-ID: 547911884 (FPR: 67a8dcc336a1).\n' +
  '   info 2022-08-23 10:20:17.125       gsvc   4628   3528   23                anynet.any_socket - Logged in from 203.0.113.9:41314 on relay ad3345a7.\n'

function tmp(): string {
  return tempDir('zip-ev-')
}

async function list(evidence: string, limits: Partial<EvidenceLimits> = {}) {
  const warnings: string[] = []
  const files: string[] = []
  for await (const f of walkEvidence(evidence, {...DEFAULT_LIMITS, ...limits}, (w) => warnings.push(w))) files.push(f.path)
  return {files, warnings}
}

describe('ZIP evidence', () => {
  it('reads a Velociraptor collection in place: URL-encoded names, natural logical paths, raw paths kept', async () => {
    const dir = tmp()
    const zip = await makeZip([
      {name: 'uploads/auto/C%3A/ProgramData/AnyDesk/ad_svc.trace', data: TRACE},
      {name: 'uploads/ntfs/%5C%5C.%5CC%3A/Users/bob/AppData/Roaming/AnyDesk/ad.trace', data: TRACE},
      {name: 'collection_context.json', data: '{}'},
    ])
    writeFileSync(join(dir, 'host.zip'), zip)
    const r = await scanCase(join(dir, 'host.zip'), {caseId: 'host'})
    expect(r.artifacts.map((a) => [a.path, a.logicalPath])).toEqual([
      ['host.zip!uploads/auto/C%3A/ProgramData/AnyDesk/ad_svc.trace', 'C:/ProgramData/AnyDesk/ad_svc.trace'],
      ['host.zip!uploads/ntfs/%5C%5C.%5CC%3A/Users/bob/AppData/Roaming/AnyDesk/ad.trace', 'C:/Users/bob/AppData/Roaming/AnyDesk/ad.trace'],
    ])
    const s = r.events.filter((e) => e.type === 'remote_access.session_start')
    expect(s).toHaveLength(2)
    expect(s.find((e) => e.artifact.includes('Users/bob'))!.fields.user).toBe('bob')
    // hash of the member's bytes, not of the archive
    expect(r.artifacts[0]!.sha256).toBe(createHash('sha256').update(TRACE).digest('hex'))
    expect(r.artifacts[0]!.size).toBe(TRACE.length)
    expect(readdirSync(dir)).toEqual(['host.zip'])
  })

  it('follows archives inside archives with outer!inner paths, up to the depth limit', async () => {
    const dir = tmp()
    const inner = await makeZip([{name: 'AnyDesk/ad_svc.trace', data: TRACE}])
    const middle = await makeZip([{name: 'inner.zip', data: inner, compress: false}])
    writeFileSync(join(dir, 'outer.zip'), await makeZip([{name: 'middle.zip', data: middle}]))
    const deep = await list(join(dir, 'outer.zip'))
    // nested archives are evidence themselves: each is listed (archive.entry) and then entered
    expect(deep.files).toEqual(['outer.zip!middle.zip', 'outer.zip!middle.zip!inner.zip', 'outer.zip!middle.zip!inner.zip!AnyDesk/ad_svc.trace'])
    const shallow = await list(join(dir, 'outer.zip'), {maxDepth: 2})
    expect(shallow.files).toEqual(['outer.zip!middle.zip', 'outer.zip!middle.zip!inner.zip'])
    expect(shallow.warnings.join('\n')).toMatch(/nested archive deeper than 2 levels, not followed/)
  })

  it('inventories hostile names (.., absolute, drive letter) as warnings and never writes them', async () => {
    const dir = tmp()
    let zip = await makeZip([
      {name: 'xx/AnyDesk/ad.trace', data: TRACE},
      {name: 'zzz/etc/cron.d/x', data: 'x'},
      {name: 'Q/AnyDesk/ad_svc.trace', data: TRACE},
    ])
    zip = renameMember(zip, 'xx/AnyDesk/ad.trace', '../AnyDesk/ad.trace')
    zip = renameMember(zip, 'zzz/etc/cron.d/x', '/../etc/cron.d/x')
    zip = renameMember(zip, 'Q/AnyDesk/ad_svc.trace', 'C:AnyDesk/ad_svc.trace')
    writeFileSync(join(dir, 'evil.zip'), zip)
    const r = await scanCase(join(dir, 'evil.zip'), {caseId: 'evil'})
    const w = r.warnings.join('\n')
    expect(w).toContain('entry name "../AnyDesk/ad.trace" is hostile (parent-directory (..) segment)')
    expect(w).toContain('entry name "/../etc/cron.d/x" is hostile (absolute path)')
    expect(w).toContain('entry name "C:AnyDesk/ad_svc.trace" is hostile (drive-letter path)')
    // still read in place (never extracted), so the evidence is parsed
    expect(r.artifacts.map((a) => a.path)).toContain('evil.zip!../AnyDesk/ad.trace')
    expect(readdirSync(dir)).toEqual(['evil.zip'])
  })

  it('reports encrypted entries as present but not parsed', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'enc.zip'), markEncrypted(await makeZip([{name: 'AnyDesk/ad.trace', data: TRACE}])))
    const {files, warnings} = await list(join(dir, 'enc.zip'))
    expect(files).toEqual([])
    expect(warnings).toEqual(['enc.zip!AnyDesk/ad.trace: encrypted entry, present but not parsed'])
  })

  it('refuses members above the compression-ratio limit (zip bomb) and stops at the byte and entry limits', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'bomb.zip'), await makeZip([
      {name: 'zeros.bin', data: Buffer.alloc(8 * 1024 * 1024)},
      {name: 'AnyDesk/ad.trace', data: TRACE},
    ]))
    const bomb = await list(join(dir, 'bomb.zip'), {maxRatio: 100})
    expect(bomb.files).toEqual(['bomb.zip!AnyDesk/ad.trace'])
    expect(bomb.warnings[0]).toMatch(/^bomb\.zip!zeros\.bin: compression ratio \d+:1 exceeds the limit \(100:1\), not read \(possible zip bomb\)$/)

    writeFileSync(join(dir, 'many.zip'), await makeZip(Array.from({length: 5}, (_, i) => ({name: `f${i}.txt`, data: 'x'}))))
    const many = await list(join(dir, 'many.zip'), {maxEntries: 3})
    expect(many.files).toEqual(['many.zip!f0.txt', 'many.zip!f1.txt', 'many.zip!f2.txt'])
    expect(many.warnings[0]).toBe('many.zip: 5 entries exceed the entry limit (3); only the first 3 are read')

    // the byte budget is enforced while streaming: a parser reading past it gets an error
    writeFileSync(join(dir, 'big.zip'), await makeZip([{name: 'ProgramData/AnyDesk/ad_svc.trace', data: TRACE.repeat(200)}]))
    const r = await scanCase(join(dir, 'big.zip'), {caseId: 'big', limits: {...DEFAULT_LIMITS, maxArchiveBytes: 100_000}})
    expect(r.artifacts).toHaveLength(1)
    expect(r.artifacts[0]!.status).toBe('partial')
    expect(r.artifacts[0]!.warnings.join('\n')).toMatch(/archive byte limit \(100000 bytes uncompressed\) reached/)
  })

  it('a truncated or non-ZIP archive is a warning, not a crash', async () => {
    const dir = tmp()
    const zip = await makeZip([{name: 'AnyDesk/ad.trace', data: TRACE}])
    writeFileSync(join(dir, 'cut.zip'), zip.subarray(0, zip.length - 30))
    const cut = await list(join(dir, 'cut.zip'))
    expect(cut.files).toEqual([])
    expect(cut.warnings[0]).toMatch(/^cut\.zip: not a readable ZIP archive/)
  })
})
