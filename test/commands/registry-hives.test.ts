// End to end from the CLI: a KAPE-style tree and a Velociraptor ZIP holding raw hives give the
// findings a responder would reach by hand (IP-KVM attached -> KVM indicators and C-KVM's level;
// AnyDesk service; Astrill; Korean IME as context only), and dirty hives list the logs replayed.
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT, cli} from '../support/cli.js'
import {corpusPath, HAS_CORPUS} from '../support/corpus.js'
import {ntuserHive, softwareHive, systemHive} from '../support/hive-fixtures.js'
import {makeZip} from '../support/zip-fixtures.js'
import {tempDir} from '../support/tmp.js'

function scan(evidence: string) {
  const out = join(tempDir('hives-'), 'r.json')
  const r = cli(['scan', evidence, '-f', 'json', '-o', out, '-q'])
  return {code: r.code, stderr: r.stderr, report: JSON.parse(readFileSync(out, 'utf8'))}
}

function place(root: string, rel: string, data: Buffer): void {
  mkdirSync(dirname(join(root, rel)), {recursive: true})
  writeFileSync(join(root, rel), data)
}

interface Finding {indicator: string; events: string[]; modifierOnly?: boolean}
interface Event {id: string; type: string; fields: Record<string, unknown>; artifact: string}

function checkKvmCase(c: {assessment: {level: string; reasons: string[]}; findings: Finding[]; events: Event[]}) {
  const ids = c.findings.map((f) => f.indicator)
  for (const id of ['KVM-01', 'KVM-04', 'KVM-08', 'RA-01', 'VPN-01', 'VC-06', 'LNG-01']) expect(ids).toContain(id)
  expect(c.assessment.level).toBe('high')
  expect(c.assessment.reasons.join('\n')).toMatch(/C-KVM/)
  const kvm = c.findings.find((f) => f.indicator === 'KVM-01')!
  const ev = c.events.find((e) => e.id === kvm.events[0])!
  expect(ev.type).toBe('usb.device')
  expect(ev.artifact).toMatch(/Windows\/System32\/config\/SYSTEM$/)
  const nano = c.events.find((e) => e.id === c.findings.find((f) => f.indicator === 'KVM-08')!.events[0])!
  expect(nano.fields).toMatchObject({vid: '3346', pid: '1009'})
  const ra = c.findings.find((f) => f.indicator === 'RA-01')!
  expect(ra.events.map((id) => c.events.find((e) => e.id === id)!.type)).toEqual(expect.arrayContaining(['service.installed', 'program.installed']))
  expect(c.findings.find((f) => f.indicator === 'LNG-01')!.modifierOnly).toBe(true)
}

describe.skipIf(!BUILT)('raw registry hives from the CLI', () => {
  it('KAPE-style tree: IP-KVMs, AnyDesk service and install, Astrill, SplitCam, Korean IME', () => {
    const root = tempDir('kape-')
    const c = join(root, 'C')
    place(c, 'Windows/System32/config/SYSTEM', systemHive())
    place(c, 'Windows/System32/config/SOFTWARE', softwareHive())
    place(c, 'Users/kim/NTUSER.DAT', ntuserHive())
    const {report} = scan(root)
    const cs = report.cases[0]
    expect(cs.artifacts.filter((a: {kind: string}) => a.kind === 'windows.registry-hive')).toHaveLength(3)
    checkKvmCase(cs)
  })

  it('Velociraptor ZIP: the same findings from hives inside the archive', async () => {
    const up = 'uploads/auto/C%3A/'
    const zip = await makeZip([
      {name: `${up}Windows/System32/config/SYSTEM`, data: systemHive()},
      {name: `${up}Windows/System32/config/SOFTWARE`, data: softwareHive(), compress: false},
      {name: `${up}Users/kim/NTUSER.DAT`, data: ntuserHive()},
    ])
    const d = tempDir('velo-')
    writeFileSync(join(d, 'collection.zip'), zip)
    const {report} = scan(join(d, 'collection.zip'))
    checkKvmCase(report.cases[0])
  })

  it.skipIf(!HAS_CORPUS)('dirty NTUSER.DAT with its logs (other case): logs replayed in memory, listed with SHA-256', async () => {
    const root = tempDir('kape-dirty-')
    const u = join(root, 'C/Users/bob')
    mkdirSync(u, {recursive: true})
    copyFileSync(corpusPath('registry', 'regipy', 'transactions_NTUSER.DAT'), join(u, 'NTUSER.DAT'))
    copyFileSync(corpusPath('registry', 'regipy', 'transactions_ntuser.dat.log1'), join(u, 'ntuser.dat.LOG1'))
    copyFileSync(corpusPath('registry', 'regipy', 'transactions_ntuser.dat.log2'), join(u, 'NTUSER.DAT.log2'))
    const {report} = scan(root)
    const a = report.cases[0].artifacts.find((x: {kind: string}) => x.kind === 'windows.registry-hive')
    expect(a.notes.join('\n')).toMatch(/hive dirty: sequence numbers differ \(primary 567, secondary 566\); logs replayed in memory: C\/Users\/bob\/ntuser\.dat\.LOG1 \(new \(HvLE\), 23 entries, sequence 566-588, 132 pages\)/)
    expect(a.notes.join('\n')).toMatch(/log not applied: C\/Users\/bob\/NTUSER\.DAT\.log2: log sequence 562 predates/)
    expect(a.sideFiles.map((s: {path: string}) => s.path)).toEqual(['C/Users/bob/ntuser.dat.LOG1', 'C/Users/bob/NTUSER.DAT.log2'])
    expect(a.sideFiles[0].sha256).toMatch(/^[0-9a-f]{64}$/)
    // the logs are side files, not artifacts of their own
    expect(report.cases[0].artifacts).toHaveLength(1)
  })
})
