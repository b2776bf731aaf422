// Issue #14.5: one machine collected twice (a KAPE folder and a Velociraptor ZIP of the same
// laptop) is one host with a note, not two cases linked through its own AnyDesk ID and host
// name; a value shared with another machine stays a link.
import {join} from 'node:path'


import {Chalk} from 'chalk'
import {describe, expect, it} from 'vitest'

import {compareHosts, findSameHosts, type HostCase} from '../../src/analysis/same-host.js'
import {runScan} from '../../src/lib/run-scan.js'
import type {CaseReport, Report} from '../../src/lib/model.js'
import {renderSummary} from '../../src/report/terminal.js'
import {ROOT} from '../support/corpus.js'
import {reportText} from '../support/report-text.js'
import {FARM, farmVelociraptorZip, otherFarmHost} from '../support/farm-hosts.js'
import {tempDir} from '../support/tmp.js'

const S = join(ROOT, 'artifacts-samples')
const ZIP = join(S, 'laptop-farm-velociraptor.zip')
const ALL_FARM_FILES = [
  'C:/ProgramData/AnyDesk/ad_svc.trace', 'C:/ProgramData/AnyDesk/connection_trace.txt', 'C:/ProgramData/AnyDesk/file_transfer_trace.txt',
  'C:/ProgramData/AnyDesk/system.conf', 'C:/ProgramData/Google/Chrome Remote Desktop/host.json',
  'C:/Users/jsmith/AppData/Local/Google/Chrome/User Data/Default/History', 'C:/Users/jsmith/AppData/Roaming/AnyDesk/ad.trace',
  'C:/Users/jsmith/AppData/Roaming/AnyDesk/user.conf', 'triage/application-chromoting.xml', 'triage/uninstall-hklm.reg',
]
const FARM_IDENTITY = [
  {type: 'anydesk-alias', value: 'jsmith-laptop'}, {type: 'anydesk-id', value: '731904622'}, {type: 'computer-name', value: 'jsmith-lt'},
  {type: 'crd-host-id', value: '7c1f8a3e-5d2b-4a6c-9e0f-1b2c3d4e5f60'}, {type: 'crd-host-name', value: 'jsmith-lt'},
]
const SAME = {generatedAt: '2024-01-02T03:04:05.000Z', command: 'dprk-triage run'}
const per02 = (c: CaseReport) => c.findings.find((f) => f.indicator === 'PER-02')
const verdict = (c: CaseReport) => ({level: c.assessment.level, score: c.assessment.score, combinations: c.assessment.combinations, points: c.assessment.points})
const key = (r: Report) => r.links.map((l) => `${l.type}:${l.value}:${l.cases.join('+')}`)

describe('same host, collected twice (#14.5)', () => {
  it('a KAPE folder and a Velociraptor ZIP of one laptop: no link, no PER-02, one note naming the shared IDs and identical files; level as scanned alone', async () => {
    const alone = await runScan({evidence: [FARM], ...SAME})
    const r = await runScan({evidence: [FARM, ZIP], ...SAME})
    expect(r.links).toEqual([])
    for (const c of r.cases) {
      expect(per02(c)).toBeUndefined()
      expect(c.events.some((e) => e.indicators.includes('PER-02'))).toBe(false)
      expect(verdict(c)).toEqual(verdict(alone.cases[0]!))
      // one machine: persona links still need another host, as in the scan alone
      expect(c.assessment.notEvaluable).toEqual(alone.cases[0]!.assessment.notEvaluable)
      expect(c.assessment.notEvaluable!.map((n) => n.category)).toContain('persona-link')
    }
    const [kape, zip] = r.cases as [CaseReport, CaseReport]
    expect(kape.sameHost!.cases).toEqual(['laptop-farm', 'laptop-farm-velociraptor.zip'])
    expect(kape.sameHost!.identity).toEqual(FARM_IDENTITY)
    expect(kape.sameHost!.identicalArtifacts.map((a) => a.logicalPath)).toEqual(ALL_FARM_FILES)
    const hash = (c: CaseReport, p: string) => c.artifacts.find((a) => a.logicalPath === p)!.sha256
    expect(kape.sameHost!.identicalArtifacts[0]).toEqual({logicalPath: ALL_FARM_FILES[0], sha256: hash(zip, ALL_FARM_FILES[0]!)})
    expect(zip.sameHost!.identicalArtifacts.map((a) => a.sha256)).toEqual(kape.sameHost!.identicalArtifacts.map((a) => a.sha256))
    // what used to be "links" is listed as the machine's own values, not dropped silently
    expect(kape.sameHost!.notLinks).toEqual([
      {type: 'anydesk-id', value: '554433221'}, {type: 'anydesk-id', value: '731904622'}, {type: 'anydesk-id', value: '918273645'},
      {type: 'crd-client', value: 'remote.ops.2291@example.net'}, {type: 'email', value: 'remote.ops.2291@example.net'},
      {type: 'hostname', value: 'jsmith-laptop'}, {type: 'hostname', value: 'jsmith-lt'},
      {type: 'ip', value: '192.0.2.44'}, {type: 'ip', value: '198.51.100.23'}, {type: 'ip', value: '203.0.113.77'},
    ])
    expect(zip.sameHost).toEqual({...kape.sameHost!, identicalArtifacts: zip.sameHost!.identicalArtifacts})
    // one note block in each human report, and a line in the terminal summary
    const text = (format: 'md' | 'html') => reportText(format, r)
    const md = await text('md')
    expect(md.match(/### Same host, collected twice/g)).toHaveLength(1)
    expect(md).toContain('laptop-farm, laptop-farm-velociraptor\\[.\\]zip are collections of one machine, not linked cases. Shared identity: AnyDesk alias jsmith-laptop; AnyDesk local ID 731904622; computer name jsmith-lt;')
    expect(md).toContain('10 byte-identical artifact files: C:/ProgramData/AnyDesk/ad\\_svc.trace (SHA-256 18748066f7480bb1…)')
    expect(md).toContain('No value is shared between different hosts.')
    const page = await text('html')
    expect(page.match(/<div class="same-host"><h3>Same host, collected twice<\/h3>/g)).toHaveLength(1)
    expect(page).toContain('<a href="#case-1">laptop-farm</a>, <a href="#case-2">laptop-farm-velociraptor[.]zip</a> are collections of one machine')
    expect(renderSummary(r, new Chalk({level: 0}))).toContain('same host, collected twice: laptop-farm, laptop-farm-velociraptor.zip (AnyDesk alias jsmith-laptop, AnyDesk local ID 731904622, computer name jsmith-lt; 10 identical files): a note, not a link')
  })

  it('collected again later (a trace grew): still one host, the grown trace is not identical', async () => {
    const d = tempDir('same-host-')
    const later = await farmVelociraptorZip(join(d, 'later.zip'), (rel, data) => rel === 'C/ProgramData/AnyDesk/ad_svc.trace'
      ? Buffer.concat([data, Buffer.from('   info 2026-03-09 08:00:00.000       gsvc   4628   3528    2            anynet.connection_mgr - New user data. Client-ID: 731904622.\n')])
      : data)
    const r = await runScan({evidence: [FARM, later], ...SAME})
    expect(r.links).toEqual([])
    expect(r.cases[0]!.sameHost!.cases).toEqual(['laptop-farm', 'later.zip'])
    expect(r.cases[0]!.sameHost!.identicalArtifacts.map((a) => a.logicalPath)).toEqual(ALL_FARM_FILES.slice(1))
    expect(r.cases.map(per02)).toEqual([undefined, undefined])
  })

  it("another laptop controlled from this laptop's own AnyDesk ID: a strong link, not the same host", async () => {
    const d = tempDir('same-host-')
    const b = otherFarmHost(join(d, 'host-b'), 1, [['918273645', '731904622']])
    const r = await runScan({evidence: [FARM, b], ...SAME})
    expect(r.cases.map((c) => c.sameHost)).toEqual([undefined, undefined])
    expect(key(r)).toContain('anydesk-id:731904622:laptop-farm+host-b')
    expect(key(r).some((k) => k.startsWith('anydesk-id:812345601'))).toBe(false)
    const link = r.links.find((l) => l.value === '731904622')!
    // on A the value is its local ID, on B the remote ID of the incoming sessions
    const linked = (c: CaseReport) => c.events.filter((e) => link.events.includes(e.id))
    expect(linked(r.cases[0]!).some((e) => e.fields.local_id === '731904622')).toBe(true)
    expect(linked(r.cases[0]!).some((e) => e.fields.remote_id === '731904622')).toBe(false)
    expect(linked(r.cases[1]!).some((e) => e.fields.remote_id === '731904622')).toBe(true)
    for (const c of r.cases) expect(per02(c)!.description).toMatch(/anydesk-id 731904622 also in (host-b|laptop-farm)/)
  })

  it('twins and a third laptop with the same controller: links to the third, PER-02 names only the other host', async () => {
    const d = tempDir('same-host-')
    const b = otherFarmHost(join(d, 'host-b'), 2)
    const r = await runScan({evidence: [FARM, ZIP, b], ...SAME})
    expect(r.cases[0]!.sameHost!.cases).toEqual(['laptop-farm', 'laptop-farm-velociraptor.zip'])
    expect(r.cases[2]!.sameHost).toBeUndefined()
    expect(key(r)).toContain('anydesk-id:918273645:laptop-farm+laptop-farm-velociraptor.zip+host-b')
    expect(key(r)).toContain('ip:203.0.113.77:laptop-farm+laptop-farm-velociraptor.zip+host-b')
    // the twins' own values are no links to host B
    expect(key(r).some((k) => k.startsWith('anydesk-id:731904622') || k.startsWith('hostname:jsmith-lt'))).toBe(false)
    expect(per02(r.cases[0]!)!.description).toMatch(/^anydesk-id 554433221 also in host-b; /)
    expect(per02(r.cases[0]!)!.description).not.toContain('velociraptor')
    expect(per02(r.cases[2]!)!.description).toMatch(/also in laptop-farm, laptop-farm-velociraptor\.zip/)
    expect(r.cases[0]!.sameHost!.notLinks.map((v) => `${v.type}:${v.value}`)).toEqual(['anydesk-id:731904622', 'hostname:jsmith-laptop', 'hostname:jsmith-lt'])
  })
})

describe('the same-host rule', () => {
  const hc = (id: string, identity: Array<[string, string]>, files: string[] = []): HostCase => ({id, identity: identity.map(([type, value]) => ({type, value})), files})

  it('needs two agreeing signals and no differing identity of the same type', () => {
    const a = hc('a', [['anydesk-id', '111111111'], ['computer-name', 'pc-1']], ['h1', 'h2'])
    expect(compareHosts(a, hc('b', [['anydesk-id', '111111111'], ['crd-host-name', 'pc-1']]))).toEqual({agree: ['anydesk-id'], conflict: []})
    expect(compareHosts(a, hc('b', [['anydesk-id', '111111111'], ['computer-name', 'pc-1']]))).toEqual({agree: ['anydesk-id', 'host name'], conflict: []})
    // a cloned image: same stock files and the same AnyDesk ID, but another computer name
    expect(compareHosts(a, hc('b', [['anydesk-id', '111111111'], ['computer-name', 'pc-2']], ['h1']))).toEqual({agree: ['anydesk-id', 'identical artifacts'], conflict: ['computer-name']})
    const cases = [
      a,
      hc('same', [['computer-name', 'pc-1']], ['h2']),
      hc('only-name', [['computer-name', 'pc-1']]),
      hc('clone', [['anydesk-id', '111111111'], ['computer-name', 'pc-2']], ['h1']),
      hc('only-file', [], ['h1']),
    ]
    const groups = findSameHosts(cases)
    expect(groups.map((g) => g.members)).toEqual([[0, 1]])
    expect(groups[0]!.identity).toEqual([{type: 'computer-name', value: 'pc-1'}])
    expect([...groups[0]!.files]).toEqual(['h2'])
  })

  it('groups three collections of one machine; a value in more than 64 collections identifies none', () => {
    const three = [hc('x', [['anydesk-id', '1234567'], ['computer-name', 'm']]), hc('y', [['anydesk-id', '1234567'], ['computer-name', 'm']]), hc('z', [['anydesk-id', '1234567'], ['computer-name', 'm']])]
    expect(findSameHosts(three).map((g) => g.members)).toEqual([[0, 1, 2]])
    const many = Array.from({length: 65}, (_, i) => hc(`c${i}`, [['computer-name', 'localhost']], ['stock']))
    expect(findSameHosts(many)).toEqual([])
  })
})
