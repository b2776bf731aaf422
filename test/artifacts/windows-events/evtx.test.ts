// Raw `.evtx` through the real pipeline (artifact kind windows.evtx): recognised by its magic
// under any name and inside ZIPs, the same events as the exported-XML path, the new event types
// on fixtures (AnyDesk 7045, PiKVM USB) and on real corpus files, the per-event-id inventory,
// and indicators firing end to end from the CLI.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import yazl from 'yazl'
import {describe, expect, it} from 'vitest'

import {windowsEventExport, windowsEvtx} from '../../../src/artifacts/windows-events/application-log.js'
import type {TimelineEvent} from '../../../src/lib/model.js'
import {BUILT, cli} from '../../support/cli.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {ANYDESK_7045, applicationEvtx, PIKVM_400} from '../../support/evtx-fixtures.js'
import {writeEvtx} from '../../support/evtx-writer.js'
import {scanWith} from '../../support/run-parser.js'
import {CRD_EVENTS} from '../crd/scenario.js'
import {wevtutilXml} from './fixtures.js'
import {tempDir} from '../../support/tmp.js'

function put(files: Record<string, string | Buffer>): string {
  const dir = tempDir('evtx-art-')
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), {recursive: true})
    writeFileSync(join(dir, rel), data)
  }
  return dir
}

/** What must be equal between the two readers: everything but where in the file and the raw text. */
const comparable = (events: TimelineEvent[]) => events.map(({id: _i, artifact: _a, location: _l, raw: _r, ...rest}) => rest)

describe('windows.evtx artifact', () => {
  it('a chromoting session read from .evtx and from its wevtutil XML export gives identical events', async () => {
    const xml = await scanWith(put({'Users/u/Desktop/Application.xml': wevtutilXml(CRD_EVENTS, '\r\n')}), {parsers: [windowsEventExport]})
    const raw = await scanWith(put({'C/Windows/System32/winevt/Logs/Application.evtx': applicationEvtx(CRD_EVENTS)}), {parsers: [windowsEvtx]})
    expect(raw.artifacts).toMatchObject([{kind: 'windows.evtx', status: 'parsed'}])
    expect(xml.events.length).toBeGreaterThan(5)
    expect(comparable(raw.events)).toEqual(comparable(xml.events))
    expect(raw.events[0]!.location).toMatch(/^record 1200 \(chunk 0, offset 0x/)
    expect(raw.events[0]!.raw).toContain("<Provider Name='chromoting'/>")
  })

  it('MsiInstaller 1033/11724 give the same program events from .evtx and from the XML export', async () => {
    const msi = [
      {provider: 'MsiInstaller', id: 1033, level: 4, time: '2024-05-16T08:40:00.0000000Z', recordId: 501, pid: 4410, tid: 4412, computer: 'DESKTOP-7QK2F',
        data: ['AnyDesk', '8.0.8', '1033', '0', 'AnyDesk Software GmbH', '(NULL)', '']},
      {provider: 'MsiInstaller', id: 11724, level: 4, time: '2024-05-17T10:00:00.0000000Z', recordId: 502, pid: 4410, tid: 4412, computer: 'DESKTOP-7QK2F',
        data: ['Product: Astrill VPN -- Removal completed successfully.', '(NULL)', '(NULL)', '(NULL)']},
    ]
    const xml = await scanWith(put({'a/Application.xml': wevtutilXml(msi)}), {parsers: [windowsEventExport]})
    const raw = await scanWith(put({'a/Application.evtx': applicationEvtx(msi)}), {parsers: [windowsEvtx]})
    const strip = (es: TimelineEvent[]) => comparable(es).map(({fields: {evtx_chunk: _c, written_time: _w, ...f}, ...e}) => ({...e, fields: f}))
    expect(strip(raw.events)).toEqual(strip(xml.events))
    expect(raw.events.map((e) => [e.type, e.fields.program, e.fields.publisher])).toEqual([
      ['program.installed', 'AnyDesk', 'AnyDesk Software GmbH'], ['program.removed', 'Astrill VPN', undefined],
    ])
  })

  it('AnyDesk 7045 and a PiKVM USB arrival, under any file name and inside a ZIP', async () => {
    const evtx = writeEvtx([ANYDESK_7045, PIKVM_400])
    const zip = new yazl.ZipFile()
    zip.addBuffer(evtx, 'logs/renamed.bin')
    zip.end()
    const chunks: Buffer[] = []
    for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c)
    for (const files of [{'evidence/whatever.dat': evtx}, {'collection.zip': Buffer.concat(chunks)}]) {
      const r = await scanWith(put(files))
      const evts = r.artifacts.filter((a) => a.kind === 'windows.evtx')
      expect(evts).toMatchObject([{status: 'parsed', events: 2}])
      const svc = r.events.find((e) => e.type === 'service.installed')!
      expect(svc).toMatchObject({time: '2024-05-16T08:59:12.123456Z', timeBasis: 'utc'})
      expect(svc.fields).toMatchObject({
        service_name: 'AnyDesk Service', image_path: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service', start_type: 'auto start',
        account: 'LocalSystem', tool: 'anydesk', record_id: '4101', evtx_chunk: 0,
      })
      const usb = r.events.find((e) => e.type === 'usb.device')!
      expect(usb.fields).toMatchObject({vid: '1d6b', pid: '0104', serial: 'CAFEBABE', source: 'Kernel-PnP 400', manufacturer: 'Microsoft'})
    }
  })

  it('LocalSessionManager 21/24 (UserData) and a PowerShell 4104 naming AnyDesk', async () => {
    const lsm = (recordId: number, eventId: number, time: string) => ({
      provider: 'Microsoft-Windows-TerminalServices-LocalSessionManager', eventId, level: 4, time, recordId, pid: 1100, tid: 1200,
      channel: 'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational', computer: 'DESKTOP-7QK2F', userSid: 'S-1-5-18',
      userData: {root: 'EventXML', ns: 'Event_NS', leaves: [['User', 'DESKTOP-7QK2F\\worker'], ['SessionID', '2'], ['Address', '203.0.113.50']] as Array<[string, string]>},
    })
    const ps = {
      provider: 'Microsoft-Windows-PowerShell', eventId: 4104, level: 5, time: '2024-05-16T09:10:00.0000000Z', recordId: 77, pid: 5000, tid: 5001,
      channel: 'Microsoft-Windows-PowerShell/Operational', computer: 'DESKTOP-7QK2F',
      data: [{name: 'MessageNumber', value: '1'}, {name: 'MessageTotal', value: '1'},
        {name: 'ScriptBlockText', value: 'Start-Process AnyDesk.exe -ArgumentList "--install C:\\AnyDesk --silent"'},
        {name: 'ScriptBlockId', value: 'b7e2c3a1-0000-4000-8000-000000000001'}, {name: 'Path', value: ''}],
    }
    const r = await scanWith(put({'x.evtx': writeEvtx([lsm(10, 21, '2024-05-16T09:00:00.0000000Z'), lsm(11, 24, '2024-05-16T11:00:00.0000000Z'), ps])}), {parsers: [windowsEvtx]})
    expect(r.events.map((e) => [e.type, e.fields.source ?? e.fields.mentions, e.fields.remote_ip, e.fields.source_scope])).toEqual([
      ['remote_access.session_start', 'LocalSessionManager 21', '203.0.113.50', 'public'],
      ['powershell.script_block', 'anydesk', undefined, undefined],
      ['remote_access.session_end', 'LocalSessionManager 24', '203.0.113.50', 'public'],
    ])
    expect(r.events[0]!.fields).toMatchObject({user: 'DESKTOP-7QK2F\\worker', session_id: '2', tool: 'rdp'})
  })

  it('counts records per channel, provider and event id in the artifact inventory', async () => {
    const r = await scanWith(put({'x.evtx': writeEvtx([ANYDESK_7045, PIKVM_400, {...PIKVM_400, recordId: 89, eventId: 999}])}), {parsers: [windowsEvtx]})
    const inv = r.artifacts[0]!.inventory!
    expect(inv).toMatchObject({format: 'evtx', records: 3, chunks: 1, recovered_records: 0, data_crc_mismatch: []})
    expect(inv.events_by_id).toEqual([
      {channel: 'Microsoft-Windows-Kernel-PnP/Configuration', provider: 'Microsoft-Windows-Kernel-PnP', event_id: 400, records: 1},
      {channel: 'Microsoft-Windows-Kernel-PnP/Configuration', provider: 'Microsoft-Windows-Kernel-PnP', event_id: 999, records: 1},
      {channel: 'System', provider: 'Service Control Manager', event_id: 7045, records: 1},
    ])
    expect(r.events.length).toBe(2)
  })

  it.skipIf(!HAS_CORPUS)('real logs: TeamViewer 13 service install, 4778/4779 client, 4624 type 10, 1149, RdpCoreTS 104', async () => {
    const dir = put({
      'Logs/System.evtx': readFileSync(corpusPath('evtx', 'omerbenamram', '2-vss_7-System.evtx')),
      'Logs/Security.evtx': readFileSync(corpusPath('evtx', 'mdecrevoisier', 'ID4688,4778,4779 RDP hijack direct.evtx')),
      'Logs/Sec2.evtx': readFileSync(corpusPath('evtx', 'sbousseaden', 'DE_RDP_Tunneling_4624.evtx')),
      'Logs/RCM.evtx': readFileSync(corpusPath('evtx', 'mdecrevoisier', 'ID1149-RDP success logins to multiple hosts.evtx')),
      'Logs/Core.evtx': readFileSync(corpusPath('evtx', 'sbousseaden', 'DFIR_RDP_Client_TimeZone_RdpCoreTs_104_example.evtx')),
    })
    const r = await scanWith(dir, {parsers: [windowsEvtx]})
    const tv = r.events.find((e) => e.type === 'service.installed' && e.fields.service_name === 'TeamViewer 13')!
    expect(tv.time).toBe('2018-07-30T23:11:32.957521Z')
    expect(tv.fields).toMatchObject({tool: 'teamviewer', start_type: 'auto start', account: 'LocalSystem', record_id: '964'})
    const reconnect = r.events.find((e) => e.fields.source === 'Security 4778')!
    expect(reconnect).toMatchObject({type: 'remote_access.session_start'})
    expect(reconnect.fields).toMatchObject({user: 'admmarsid', client_name: 'JUMP01', remote_ip: '10.23.23.9', session_name: 'RDP-Tcp#8', source_scope: 'private'})
    expect(r.events.find((e) => e.fields.source === 'Security 4779')!.fields).toMatchObject({user: 'admmig', client_name: 'JUMP01', remote_ip: '10.23.23.9'})
    const t10 = r.events.filter((e) => e.fields.source === 'Security 4624')
    expect(t10.map((e) => [e.fields.remote_ip, e.fields.source_scope])).toEqual([['127.0.0.1', 'loopback']])
    expect(r.events.filter((e) => e.fields.source === 'RemoteConnectionManager 1149').length).toBe(11)
    expect(r.events.filter((e) => e.type === 'rdp.client_time_zone').length).toBe(21)
    expect(r.artifacts.every((a) => a.status === 'parsed')).toBe(true)
  })

  it.skipIf(!BUILT)('CLI end to end: indicators fire on events read from .evtx (RA-01, RA-19, KVM-01)', () => {
    const dir = put({'C/Windows/System32/winevt/Logs/System.evtx': writeEvtx([ANYDESK_7045, PIKVM_400])})
    const out = join(tempDir('evtx-art-out-'), 'report.json') // outside the evidence folder
    const res = cli(['scan', dir, '--format', 'json', '--out', out, '--quiet'])
    expect(res.code, res.stderr).not.toBe(-1)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    const ids = report.cases[0].findings.map((f: {indicator: string}) => f.indicator)
    expect(ids).toEqual(expect.arrayContaining(['RA-01', 'RA-19', 'KVM-01']))
    expect(report.cases[0].artifacts[0]).toMatchObject({kind: 'windows.evtx', inventory: {records: 2}})
  })
})
