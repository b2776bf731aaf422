// Chrome Remote Desktop from Windows Application-log exports of provider `chromoting`
// (reference §2.1): every export form through the real pipeline, session assembly, host_ip
// labelling, a missing disconnect, and broken input. Fixtures: ../windows-events/fixtures.ts.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {windowsEventExport} from '../../../src/artifacts/windows-events/application-log.js'
import type {TimelineEvent} from '../../../src/lib/model.js'
import {scanWith} from '../../support/run-parser.js'
import {clixml, evtxecmdCsv, evtxecmdJson, toXmlLines, utf16le, wevtutilXml} from '../windows-events/fixtures.js'
import {CRD_EVENTS, CRD_MESSAGES, JID_A, JID_B, JID_C} from './scenario.js'
import {tempDir} from '../../support/tmp.js'

function file(name: string, data: string | Buffer): string {
  const dir = tempDir('crd-evt-')
  const p = join(dir, name)
  writeFileSync(p, data)
  return p
}

async function scan(name: string, data: string | Buffer) {
  return scanWith(file(name, data), {parsers: [windowsEventExport]})
}

function checkScenario(events: TimelineEvent[]) {
  expect(events.map((e) => e.type)).toEqual([
    'remote_access.process_start', 'remote_access.session_start', 'remote_access.connection_route', 'remote_access.session_end',
    'remote_access.access_denied', 'remote_access.session_start', 'remote_access.connection_route', 'remote_access.process_start',
  ])
  const [start0, sA, rA, eA, denied, sB, rB, start1] = events as [TimelineEvent, TimelineEvent, TimelineEvent, TimelineEvent, TimelineEvent, TimelineEvent, TimelineEvent, TimelineEvent]
  expect(start0).toMatchObject({time: '2024-05-16T09:30:00.000000Z', timeBasis: 'utc'})
  expect(start0.fields).toMatchObject({tool: 'chrome_remote_desktop', email: 'owner@gmail.com', pid: '6544', record_id: '1200', event_id: 5})

  expect(sA.time).toBe('2024-05-16T09:40:58.123456Z')
  expect(sA.fields).toEqual({
    tool: 'chrome_remote_desktop', log_source: 'Application event log', computer: 'DESKTOP-7QK2F', record_id: '1201', event_id: 1,
    direction: 'incoming', client: JID_A, email: 'worker.one@gmail.com', client_resource: 'chromoting_ftl_0523e78a-4a7c-4466-9fd5-5df9be1c656a',
    route: 'relay', host_ip: '10.7.192.38', host_port: 22205, pid: '6544',
    end_time: '2024-05-16T10:12:03.623456Z', duration_s: 1865.5,
  })
  // the third event-4 value is the host's own address: never the client's (§2.1)
  expect(sA.fields.remote_ip).toBeUndefined()
  expect(rA.fields).toMatchObject({client: JID_A, route: 'relay', host_ip: '10.7.192.38', host_port: 22205})
  expect(rA.fields.remote_ip).toBeUndefined()
  expect(eA).toMatchObject({time: '2024-05-16T10:12:03.623456Z'})
  expect(eA.fields).toMatchObject({client: JID_A, duration_s: 1865.5, start_time: '2024-05-16T09:40:58.123456Z', record_id: '1204'})

  expect(denied).toMatchObject({time: '2024-05-16T11:00:00.500000Z'})
  expect(denied.fields).toMatchObject({client: JID_C, email: 'stranger@example.com', event_id: 3})

  expect(sB.time).toBe('2024-05-16T12:00:00.000000Z')
  expect(sB.fields).toMatchObject({
    client: JID_B, email: 'worker.two@gmail.com', route: 'stun', remote_ip: '198.51.100.23', remote_port: 40112,
    host_ip: '192.168.1.50', host_port: 40113, end_missing: true,
    end_note: 'host process 6544 was replaced by 7788 before a disconnect was logged',
  })
  expect(sB.fields.end_time).toBeUndefined()
  expect(sB.fields.duration_s).toBeUndefined()
  expect(rB.fields).toMatchObject({remote_ip: '198.51.100.23', host_ip: '192.168.1.50'})
  expect(start1.fields).toMatchObject({pid: '7788', email: 'owner@gmail.com'})
}

describe('crd: chromoting Application-log events in every export form', () => {
  it('wevtutil qe /f:xml (recognised by content, name without hint)', async () => {
    const {artifacts, events} = await scan('export1.xml', wevtutilXml(CRD_EVENTS))
    expect(artifacts).toMatchObject([{kind: 'windows.event_export', status: 'parsed', events: 8}])
    checkScenario(events)
    expect(events[1]!.raw).toContain("line 1: <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>")
  })

  it('Get-WinEvent ToXml(), newest first (as Get-WinEvent returns them): same sessions, line locations', async () => {
    const {events} = await scan('app.xml', toXmlLines([...CRD_EVENTS].reverse()))
    checkScenario(events)
    // reversed: the connect of JID_A is on line 8 of 9
    expect(events[1]!.location).toBe('line 8')
    expect(events[3]!.location).toBe('line 5')
  })

  it('wevtutil output redirected in PowerShell (UTF-16LE + BOM)', async () => {
    const {artifacts, events} = await scan('Application.xml', utf16le(wevtutilXml(CRD_EVENTS, '\r\n')))
    expect(artifacts[0]!.status).toBe('parsed')
    checkScenario(events)
  })

  it('Export-Clixml', async () => {
    const {events} = await scan('events.clixml', clixml(CRD_EVENTS, CRD_MESSAGES))
    checkScenario(events)
    expect(events[1]!.location).toBe('object 2 (line 48)')
  })

  it('Export-Clixml without Properties: falls back to the rendered Message (§2.1 templates)', async () => {
    const text = clixml(CRD_EVENTS, CRD_MESSAGES).replace(/<LST><Obj RefId[\s\S]*?<\/LST>/g, '<LST />')
    const {events} = await scan('events.clixml', text)
    checkScenario(events)
  })

  it('EvtxECmd CSV (KAPE module output)', async () => {
    const {artifacts, events} = await scan('20240520101010_EvtxECmd_Output.csv', evtxecmdCsv(CRD_EVENTS))
    expect(artifacts[0]).toMatchObject({kind: 'windows.event_export', status: 'parsed'})
    checkScenario(events)
    expect(events[1]!.location).toBe('row 3')
  })

  it('EvtxECmd CSV with unnamed data joined into one string', async () => {
    const {events} = await scan('out.csv', evtxecmdCsv(CRD_EVENTS, {joinUnnamed: true}))
    checkScenario(events)
  })

  it('EvtxECmd JSON', async () => {
    const {events} = await scan('20240520101010_EvtxECmd_Output.json', evtxecmdJson(CRD_EVENTS))
    checkScenario(events)
  })

  it('a CSV that is not an EvtxECmd export is not claimed', async () => {
    const {artifacts} = await scan('events.csv', 'time,provider,id\n2024-01-01,chromoting,1\n')
    expect(artifacts).toHaveLength(0)
  })

  it('host log events (ID 6) keep their payload; a malformed element is a warning', async () => {
    const log = {...CRD_EVENTS[0]!, id: 6, recordId: 1300, time: '2024-05-16T13:00:00.0000000Z',
      data: ['Host ready to receive connections.', 'pid: 6544', 'tid: 812', 'INFO', 'host_status_logger.cc(61)', '2024-05-16 - 15:00:00.000']}
    const broken = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='chromoting'/>"
    const dir = tempDir('crd-evt-')
    mkdirSync(join(dir, 'logs'))
    writeFileSync(join(dir, 'logs', 'a.xml'), wevtutilXml([log], '\n') + broken + '<EventID>1</EventID></Event>\n')
    const {artifacts, events} = await scanWith(dir, {parsers: [windowsEventExport]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings[0]).toMatch(/^line 2: malformed event XML/)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({type: 'remote_access.host_log', time: '2024-05-16T13:00:00.000000Z', location: 'line 1'})
    expect(events[0]!.fields).toMatchObject({severity: 'INFO', source_file: 'host_status_logger.cc(61)', log_pid: '6544', log_tid: '812', host_local_time: '2024-05-16 - 15:00:00.000'})
  })

  it('a disconnect without a connect, and a second connect of the same JID, invent nothing', async () => {
    const evs = [
      {...CRD_EVENTS[4]!, recordId: 1},
      {...CRD_EVENTS[1]!, recordId: 2, time: '2024-05-17T08:00:00.0000000Z'},
      {...CRD_EVENTS[1]!, recordId: 3, time: '2024-05-17T09:00:00.0000000Z'},
      {...CRD_EVENTS[4]!, recordId: 4, time: '2024-05-17T09:30:00.0000000Z'},
    ]
    const {events} = await scan('x.xml', wevtutilXml(evs))
    const starts = events.filter((e) => e.type === 'remote_access.session_start')
    expect(starts.map((e) => [e.time, e.fields.duration_s, e.fields.end_missing])).toEqual([
      ['2024-05-17T08:00:00.000000Z', undefined, true],
      ['2024-05-17T09:00:00.000000Z', 1800, undefined],
    ])
    const ends = events.filter((e) => e.type === 'remote_access.session_end')
    expect(ends.map((e) => [e.time, e.fields.start_time])).toEqual([
      ['2024-05-16T10:12:03.623456Z', undefined],
      ['2024-05-17T09:30:00.000000Z', '2024-05-17T09:00:00.000000Z'],
    ])
  })
})
