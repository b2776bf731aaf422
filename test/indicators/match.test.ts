// The matcher's operators on realistic events, including defanged input and hostile values.
import {describe, expect, it} from 'vitest'

import {IndicatorEngine} from '../../src/indicators/engine.js'
import {Allowlist, parseAllowText} from '../../src/indicators/allow.js'
import {hostOf, refang} from '../../src/indicators/match.js'
import {loadPack} from '../../src/indicators/load.js'
import type {TimelineEvent} from '../../src/lib/model.js'

let n = 0
function ev(type: string, fields: TimelineEvent['fields'], time = '2026-03-02T01:00:00Z'): TimelineEvent {
  return {id: `e${++n}`, time, timeBasis: 'utc', type, timestampDesc: 't', artifact: 'a', location: 'line 1', message: 'm', fields, indicators: []}
}

describe('matcher', () => {
  const pack = loadPack()

  it('refangs and extracts hosts', () => {
    expect(refang('hxxps://drive[.]google[.]com/drive/upload')).toBe('https://drive.google.com/drive/upload')
    expect(hostOf('hxxps://user@WWW.Payoneer[.]com:443/login?x=1')).toBe('www.payoneer.com')
    expect(hostOf('[2001:db8::1]:80')).toBe('2001:db8::1')
    expect(hostOf('notpayoneer.com.evil.example/payoneer.com')).toBe('notpayoneer.com.evil.example')
  })

  it('matches programs version-tolerantly, URLs by domain suffix only, sessions by direction', () => {
    const events = [
      ev('program.installed', {program: 'Astrill VPN', program_normalized: 'astrill vpn', display_name_raw: 'Astrill VPN (x64) 3.10'}),
      ev('program.installed', {program: 'AnyDesk', program_normalized: 'anydesk', version: '9.0.4'}),
      ev('browser.visit', {url: 'https://myaccount.payoneer.com/ma/', title: 'Payoneer'}),
      ev('browser.visit', {url: 'https://payoneer.com.phish.example/', title: 'not it'}),
      ev('browser.visit', {url: 'hxxps://drive[.]google[.]com/drive/upload?id=1', title: 'Upload - Google Drive'}),
      ev('remote_access.session_start', {tool: 'anydesk', direction: 'incoming', duration_s: 30000, remote_ip: '203.0.113.7'}),
      ev('remote_access.session_start', {tool: 'anydesk', direction: 'outgoing', duration_s: 60}),
      ev('program.installed', {program: 'SplitCam', program_normalized: 'splitcam'}),
    ]
    const {findings} = new IndicatorEngine(pack).matchCase(events)
    const ids = (i: number) => events[i]!.indicators
    expect(ids(0)).toEqual(['VPN-01'])
    expect(ids(1)).toEqual(['RA-01'])
    expect(ids(2)).toEqual(['PAY-01'])
    expect(ids(3)).toEqual([])
    expect(ids(4)).toEqual(['EXF-01', 'EXF-07'])
    expect(ids(5)).toEqual(expect.arrayContaining(['RA-01', 'RA-16', 'RA-17']))
    expect(ids(6)).toEqual(['RA-01'])
    expect(ids(7)).toEqual(['VC-06', 'VC-02'])
    const pay = findings.find((f) => f.indicator === 'PAY-01')!
    expect(pay.evidence).toEqual([{event: events[2]!.id, field: 'url', value: 'https://myaccount.payoneer.com/ma/'}])
    expect(pay.sources!.map((s) => s.publisher)).toContain('Secureworks Counter Threat Unit')
    expect(pay).toMatchObject({first: '2026-03-02T01:00:00Z', last: '2026-03-02T01:00:00Z', category: 'payment', severity: 'info'})
  })

  it('derives RA-11 when two different remote tools are seen', () => {
    const events = [ev('remote_access.session_start', {tool: 'anydesk', direction: 'incoming'}), ev('remote_access.session_start', {tool: 'chrome_remote_desktop', direction: 'incoming'})]
    const {findings} = new IndicatorEngine(pack).matchCase(events)
    const multi = findings.find((f) => f.indicator === 'RA-11')!
    expect(multi.events).toEqual([events[0]!.id, events[1]!.id])
    expect(multi.evidence!.map((x) => x.value)).toEqual(['anydesk', 'chrome_remote_desktop'])
  })

  it('suppresses allow-listed helpdesk IDs and corporate egress, and says so', () => {
    const allow = new Allowlist(parseAllowText('remote_id,100200300,Corporate helpdesk\ncidr,192.0.2.0/24,Corporate VPN egress\n', 'allow.csv').entries)
    const events = [
      ev('remote_access.session_start', {tool: 'anydesk', direction: 'incoming', remote_id: '100200300', remote_ip: '198.51.100.1'}),
      ev('remote_access.session_start', {tool: 'anydesk', direction: 'incoming', remote_id: '555', remote_ip: '192.0.2.9'}),
      ev('remote_access.session_start', {tool: 'anydesk', direction: 'incoming', remote_id: '918273645', remote_ip: '203.0.113.77'}),
    ]
    const {findings, suppressions} = new IndicatorEngine(pack, allow).matchCase(events)
    expect(findings.find((f) => f.indicator === 'RA-16')!.events).toEqual([events[2]!.id])
    expect(suppressions.filter((s) => s.indicator === 'RA-16')).toEqual([
      {indicator: 'RA-16', title: expect.any(String), events: 1, reason: 'remote_id 100200300: Corporate helpdesk', origin: 'allow.csv'},
      {indicator: 'RA-16', title: expect.any(String), events: 1, reason: 'cidr 192.0.2.0/24: Corporate VPN egress', origin: 'allow.csv'},
    ])
  })

  it('does not stall on a hostile 1 MB value', () => {
    const big = 'a'.repeat(1024 * 1024) + '!'
    const t0 = Date.now()
    new IndicatorEngine(pack).matchCase([ev('program.installed', {program_normalized: big}), ev('browser.visit', {url: big, title: big})])
    expect(Date.now() - t0).toBeLessThan(2000)
  })
})
