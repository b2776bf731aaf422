// ScreenConnect client events in Application-log exports (reference §3 ScreenConnect row:
// provider `ScreenConnect Client (<hex>)`, messages matched by text because IDs vary by version:
// `Cloud Account Administrator Connected` (100; 0 in older versions) / `… Disconnected` (101),
// `Executed command of length: N` (200), `Transferred files with action 'Transfer': <files>` (201)).
// The message is the event's single EventData value (a .NET EventLog.WriteEntry source).
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {windowsEventExport} from '../../../src/artifacts/windows-events/application-log.js'
import {scanWith} from '../../support/run-parser.js'
import {CRD_EVENTS} from '../crd/scenario.js'
import {evtxecmdCsv, toXmlLines, wevtutilXml, type EvSpec} from '../windows-events/fixtures.js'
import {tempDir} from '../../support/tmp.js'

const P = 'ScreenConnect Client (a1b2c3d4e5f60718)'
const sc = (recordId: number, id: number, time: string, msg: string): EvSpec => ({
  provider: P, id, qualifiers: 0, level: 4, time, recordId, pid: 4120, tid: 4188, computer: 'DESKTOP-7QK2F', data: [msg], task: 0,
})
const SC_EVENTS: EvSpec[] = [
  sc(2001, 100, '2024-05-16T14:00:00.1000000Z', 'Cloud Account Administrator Connected'),
  sc(2002, 200, '2024-05-16T14:01:00.0000000Z', 'Executed command of length: 42'),
  sc(2003, 201, '2024-05-16T14:02:00.0000000Z', "Transferred files with action 'Transfer':\nsetup.exe\nC:\\Users\\lab\\notes.txt\n\nVersion: 23.9.8.8811"),
  sc(2004, 101, '2024-05-16T14:30:00.6000000Z', 'Cloud Account Administrator Disconnected'),
  // older version: ID 0 for a connect with no disconnect afterwards
  sc(2005, 0, '2024-05-16T15:00:00.0000000Z', 'Cloud Account Administrator Connected'),
]
// MsiInstaller 1040 (transaction start): a provider/id no handler turns into events (1033 now gives program.installed)
const OTHER: EvSpec = {...SC_EVENTS[0]!, provider: 'MsiInstaller', id: 1040, recordId: 3000, data: ['Client connected: not chromoting']}

function file(name: string, data: string): string {
  const dir = tempDir('sc-evt-')
  writeFileSync(join(dir, name), data)
  return join(dir, name)
}

describe('screenconnect: Application-log events matched by message', () => {
  for (const [form, make] of [['wevtutil XML', (e: EvSpec[]) => wevtutilXml(e)], ['ToXml lines', toXmlLines], ['EvtxECmd CSV', (e: EvSpec[]) => evtxecmdCsv(e)]] as const) {
    it(`${form}: session with duration, command length, transferred files; other providers ignored`, async () => {
      const {artifacts, events} = await scanWith(file('app.xml'.replace('xml', form === 'EvtxECmd CSV' ? 'csv' : 'xml'), make([OTHER, ...SC_EVENTS])), {parsers: [windowsEventExport]})
      expect(artifacts[0]).toMatchObject({kind: 'windows.event_export', status: 'parsed'})
      expect(events.map((e) => [e.type, e.time])).toEqual([
        ['remote_access.session_start', '2024-05-16T14:00:00.100000Z'],
        ['remote_access.command', '2024-05-16T14:01:00.000000Z'],
        ['remote_access.file_transfer', '2024-05-16T14:02:00.000000Z'],
        ['remote_access.session_end', '2024-05-16T14:30:00.600000Z'],
        ['remote_access.session_start', '2024-05-16T15:00:00.000000Z'],
      ])
      expect(events[0]!.fields).toMatchObject({
        tool: 'screenconnect', direction: 'incoming', instance: 'a1b2c3d4e5f60718', client: 'Cloud Account Administrator', event_id: 100,
        end_time: '2024-05-16T14:30:00.600000Z', duration_s: 1800.5, record_id: '2001',
      })
      expect(events[1]!.fields).toMatchObject({command_length: 42, event_id: 200})
      expect(events[2]!.fields).toMatchObject({action: 'Transfer', files: 'setup.exe\nC:\\Users\\lab\\notes.txt', file_count: 2})
      expect(events[4]!.fields).toMatchObject({end_missing: true, event_id: 0})
    })
  }

  it('one Application export with CRD and ScreenConnect events gives both tools', async () => {
    const {events} = await scanWith(file('Application.xml', wevtutilXml([...CRD_EVENTS, ...SC_EVENTS, OTHER], '\r\n')), {parsers: [windowsEventExport]})
    expect(events.filter((e) => e.fields.tool === 'screenconnect')).toHaveLength(5)
    expect(events.filter((e) => e.fields.tool === 'chrome_remote_desktop')).toHaveLength(8)
    expect(events.filter((e) => e.type === 'remote_access.session_start').map((e) => e.fields.tool)).toEqual([
      'chrome_remote_desktop', 'chrome_remote_desktop', 'screenconnect', 'screenconnect',
    ])
  })
})
