// The verdict on realistic artifacts (issue: indicator pack): the laptop-farm sample (incoming
// AnyDesk and CRD sessions, Astrill, SplitCam, Payoneer, night hours in the claimed zone) is
// high; the benign remote employee with sanctioned helpdesk AnyDesk and office hours is low.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT, cli} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {otherFarmHost} from '../support/farm-hosts.js'
import {tempDir} from '../support/tmp.js'

const S = join(ROOT, 'artifacts-samples')

function scan(args: string[]) {
  const out = join(tempDir('assess-'), 'r.json')
  const r = cli(['scan', ...args, '-f', 'json', '-o', out, '-q'])
  return {code: r.code, report: JSON.parse(readFileSync(out, 'utf8'))}
}

describe.skipIf(!BUILT)('case assessment on the samples', () => {
  it('laptop farm: high, with the escalating combinations and sourced findings pointing at raw evidence', () => {
    const {code, report} = scan([join(S, 'laptop-farm'), '--claimed-tz', 'America/Chicago', '--fail-on', 'high'])
    expect(code).toBe(1) // --fail-on high reached
    const c = report.cases[0]
    expect(c.assessment.level).toBe('high')
    expect(c.assessment.reasons.join('\n')).toMatch(/Combination C-ASTRILL-RMM/)
    expect(c.assessment.reasons.join('\n')).toMatch(/Combination C-NIGHT-REMOTE-PAY/)
    expect(c.assessment.reasons.at(-1)).toMatch(/not proof of identity or nationality/)
    const ids = c.findings.map((f: {indicator: string}) => f.indicator)
    for (const id of ['VPN-01', 'VPN-02', 'RA-01', 'RA-02', 'RA-03', 'RA-16', 'RA-11', 'VC-06', 'PAY-01', 'EXF-01', 'TIME-01', 'LNG-01']) expect(ids).toContain(id)
    // explainability: finding -> event -> artifact + location + raw value
    const astrill = c.findings.find((f: {indicator: string}) => f.indicator === 'VPN-01')
    expect(astrill.sources[0]).toMatchObject({publisher: 'Secureworks Counter Threat Unit', grade: 'P'})
    const ev = c.events.find((e: {id: string}) => e.id === astrill.events[0])
    expect(ev).toMatchObject({type: 'program.installed', artifact: 'triage/uninstall-hklm.reg', fields: {program: 'Astrill VPN (x64)'}})
    expect(ev.location).toMatch(/^line \d+/)
    expect(ev.raw).toContain('Astrill VPN')
    expect(astrill.evidence[0]).toMatchObject({event: ev.id, field: 'program_normalized', value: 'astrill vpn'})
    // locale is context only
    expect(c.findings.find((f: {indicator: string}) => f.indicator === 'LNG-01').modifierOnly).toBe(true)
    expect(c.activity).toMatchObject({zone: 'America/Chicago', sufficient: true, bestFitUtcOffset: 9})
  })

  it('benign remote employee with sanctioned helpdesk AnyDesk and office hours: low, suppressions explained', () => {
    const {code, report} = scan([join(S, 'benign-helpdesk'), '--claimed-tz', 'America/Chicago', '--allow', join(S, 'allow-helpdesk.yaml'), '--fail-on', 'medium'])
    expect(code).toBe(0)
    const c = report.cases[0]
    expect(['none', 'low']).toContain(c.assessment.level)
    expect(c.findings.map((f: {indicator: string}) => f.indicator)).not.toContain('TIME-01')
    expect(c.findings.map((f: {indicator: string}) => f.indicator)).not.toContain('RA-16')
    expect(c.suppressions.find((s: {indicator: string}) => s.indicator === 'RA-16')).toMatchObject({events: 6, origin: 'allow-helpdesk.yaml'})
    expect(c.assessment.reasons.join('\n')).toMatch(/Suppressed by the allow list \(allow-helpdesk\.yaml\): RA-16/)
    expect(c.assessment.reasons.join('\n')).toMatch(/Time of activity looks like a working day in America\/Chicago/)
  })

  it('two laptops scanned together: shared AnyDesk ID and address become links and PER-02', () => {
    const other = otherFarmHost(join(tempDir('assess-host-'), 'farm-host-2'), 2)
    const {report} = scan([join(S, 'laptop-farm'), other, join(S, 'benign-helpdesk')])
    const types = report.links.map((l: {type: string; value: string; cases: string[]}) => `${l.type}:${l.value}:${l.cases.join('+')}`)
    expect(types).toContain('anydesk-id:918273645:laptop-farm+farm-host-2')
    expect(types).toContain('ip:203.0.113.77:laptop-farm+farm-host-2')
    expect(report.links.every((l: {cases: string[]}) => !l.cases.includes('benign-helpdesk'))).toBe(true)
    expect(report.cases[0].findings.find((f: {indicator: string}) => f.indicator === 'PER-02')).toBeDefined()
    expect(report.cases[2].findings.find((f: {indicator: string}) => f.indicator === 'PER-02')).toBeUndefined()
  })

  it('one laptop collected twice (KAPE folder and Velociraptor ZIP): a same-host note, no links, no PER-02, the level of one scan', () => {
    const {report} = scan([join(S, 'laptop-farm'), join(S, 'laptop-farm-velociraptor.zip')])
    const {report: alone} = scan([join(S, 'laptop-farm')])
    expect(report.links).toEqual([])
    for (const c of report.cases) {
      expect(c.findings.map((f: {indicator: string}) => f.indicator)).not.toContain('PER-02')
      expect(c.assessment.level).toBe(alone.cases[0].assessment.level)
      expect(c.assessment.score).toBe(alone.cases[0].assessment.score)
      expect(c.sameHost.cases).toEqual(['laptop-farm', 'laptop-farm-velociraptor.zip'])
    }
    expect(report.cases[0].sameHost.identity).toContainEqual({type: 'anydesk-id', value: '731904622'})
    expect(report.cases[0].sameHost.identicalArtifacts).toHaveLength(10)
  })
})
