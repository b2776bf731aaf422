// Raw .evtx fixtures for two reference rows no public sample covers (raw-windows-evidence.md §2.1,
// §2.5; §6.3): a ScreenConnect client service install (System 7045, ServiceName
// `ScreenConnect Client (<16 hex>)`, ImagePath with the relay query string) with the client's
// Application-log session, and USB arrivals of a PiKVM in UserPnp 20001 (System, UserData
// InstallDeviceID) and DriverFrameworks-UserMode 2003/2100 (UserData UMDFHostDevice*, the log
// Windows leaves off by default). Events, then the indicators the pack gives them.
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {windowsEvtx} from '../../../src/artifacts/windows-events/application-log.js'
import {IndicatorEngine} from '../../../src/indicators/engine.js'
import {loadPack} from '../../../src/indicators/load.js'
import {pikvmUserPnp20001} from '../../support/evtx-fixtures.js'
import {writeEvtx, type WriterEvent} from '../../support/evtx-writer.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const HOST = 'DESKTOP-7QK2F'
const SC = 'ScreenConnect Client (a1b2c3d4e5f60718)'
const SC_IMAGE = `"C:\\Program Files (x86)\\${SC}\\ScreenConnect.ClientService.exe" "?e=Access&y=Guest&h=relay.example.net&p=8041&s=6f1c2a9e-0b7d-4c55-9a3e-2d8f41b07c11&k=BgIAAACkAABSU0Ex"`

function put(files: Record<string, Buffer>): string {
  const dir = tempDir('evtx-usb-sc-')
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), {recursive: true})
    writeFileSync(join(dir, rel), data)
  }
  return dir
}

const SC_7045: WriterEvent = {
  provider: 'Service Control Manager', providerGuid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}', eventId: 7045, qualifiers: 16384, level: 4,
  keywords: 0x8080000000000000n, time: '2024-05-16T13:58:40.5000000Z', recordId: 5120, pid: 712, tid: 3320, channel: 'System', computer: HOST,
  userSid: 'S-1-5-18',
  data: [['ServiceName', SC], ['ImagePath', SC_IMAGE], ['ServiceType', 'user mode service'], ['StartType', 'auto start'], ['AccountName', 'LocalSystem']]
    .map(([name, value]) => ({name, value})),
}
const sc = (recordId: number, eventId: number, time: string, msg: string): WriterEvent => ({
  provider: SC, eventId, qualifiers: 0, level: 4, task: 0, time, recordId, pid: 4120, tid: 4188, channel: 'Application', computer: HOST, data: [{value: msg}],
})

const PNP_CHANNEL = 'Microsoft-Windows-DriverFrameworks-UserMode/Operational'
const LIFETIME = '{8b5c3d2e-1f40-4a6b-9c7d-0e1f2a3b4c5d}'
const umdf = (recordId: number, eventId: number, root: string, time: string, instance: string): WriterEvent => ({
  provider: 'Microsoft-Windows-DriverFrameworks-UserMode', eventId, level: 4, time, recordId, pid: 1204, tid: 1208, channel: PNP_CHANNEL,
  computer: HOST, userSid: 'S-1-5-19',
  userData: {root, ns: 'http://www.microsoft.com/DriverFrameworks/UserMode/Event', leaves: [['LifetimeId', LIFETIME], ['InstanceId', instance]]},
})

describe('raw .evtx: ScreenConnect service install and USB arrivals', () => {
  const engine = new IndicatorEngine(loadPack())

  it('ScreenConnect client service (7045) and its Application-log session give RA-08, RA-19 and RA-16', async () => {
    const r = await scanWith(put({
      'C/Windows/System32/winevt/Logs/System.evtx': writeEvtx([SC_7045]),
      'C/Windows/System32/winevt/Logs/Application.evtx': writeEvtx([
        sc(2001, 100, '2024-05-16T14:00:00.1000000Z', 'Cloud Account Administrator Connected'),
        sc(2002, 200, '2024-05-16T14:01:00.0000000Z', 'Executed command of length: 42'),
        sc(2004, 101, '2024-05-16T14:30:00.6000000Z', 'Cloud Account Administrator Disconnected'),
      ]),
    }), {parsers: [windowsEvtx]})
    expect(r.artifacts.map((a) => [a.kind, a.status, a.events])).toEqual([['windows.evtx', 'parsed', 3], ['windows.evtx', 'parsed', 1]])
    const svc = r.events.find((e) => e.type === 'service.installed')!
    expect(svc).toMatchObject({time: '2024-05-16T13:58:40.500000Z', timeBasis: 'utc', location: expect.stringMatching(/^record 5120 \(chunk 0, offset 0x/)})
    expect(svc.fields).toMatchObject({
      service_name: SC, image_path: SC_IMAGE, tool: 'screenconnect', start_type: 'auto start', account: 'LocalSystem', record_id: '5120', source: 'System 7045',
    })
    expect(svc.raw).toContain('h=relay.example.net&amp;p=8041')
    // the client's events were held until the end (detached from their chunk) and read in time order
    expect(r.events.filter((e) => e.fields.tool === 'screenconnect').map((e) => [e.type, e.time, e.fields.duration_s ?? e.fields.command_length ?? null])).toEqual([
      ['service.installed', '2024-05-16T13:58:40.500000Z', null],
      ['remote_access.session_start', '2024-05-16T14:00:00.100000Z', 1800.5],
      ['remote_access.command', '2024-05-16T14:01:00.000000Z', 42],
      ['remote_access.session_end', '2024-05-16T14:30:00.600000Z', 1800.5],
    ])
    const start = r.events.find((e) => e.type === 'remote_access.session_start')!
    expect(start.raw).toContain('Cloud Account Administrator Connected')
    expect(start.raw).toContain('Cloud Account Administrator Disconnected')
    const {findings} = engine.matchCase(r.events)
    // the client's sessions came into this machine: RA-16 too, on the session start only
    expect(findings.map((f) => f.indicator).sort()).toEqual(['RA-08', 'RA-16', 'RA-19'])
    expect(findings.find((f) => f.indicator === 'RA-16')!.events).toEqual([start.id])
    expect(findings.find((f) => f.indicator === 'RA-19')!.events).toEqual([svc.id])
  })

  it('a PiKVM in UserPnp 20001 and DriverFrameworks-UserMode 2003/2100 gives usb.device events and KVM-01/KVM-04', async () => {
    const storage = 'WPDBUSENUMROOT\\UMB\\2&37C186B&1&STORAGE#VOLUME#_??_USBSTOR#DISK&VEN_PIKVM&PROD_FLASH_DRIVE&REV_1.00#CAFEBABE&0#'
    const r = await scanWith(put({
      'C/Windows/System32/winevt/Logs/System.evtx': writeEvtx([pikvmUserPnp20001(HOST)]),
      [`C/Windows/System32/winevt/Logs/${PNP_CHANNEL.replace('/', '%4')}.evtx`]: writeEvtx([
        umdf(301, 2003, 'UMDFHostDeviceArrivalBegin', '2024-05-16T09:05:02.1000000Z', 'USB\\VID_1D6B&PID_0104\\CAFEBABE'),
        umdf(302, 2100, 'UMDFHostDeviceRequest', '2024-05-16T09:05:02.2000000Z', 'USB\\VID_1D6B&PID_0104\\CAFEBABE'),
        // the flash drive's volume (WPD): no VID/PID in the instance, so no usb.device (counted in the inventory)
        umdf(303, 2003, 'UMDFHostDeviceArrivalBegin', '2024-05-16T09:05:03.0000000Z', storage),
      ]),
    }), {parsers: [windowsEvtx]})
    const usb = r.events.filter((e) => e.type === 'usb.device')
    expect(usb.map((e) => [e.time, e.fields.source, e.fields.vid, e.fields.pid, e.fields.serial, e.fields.product ?? null, e.fields.manufacturer ?? null, e.fields.record_id])).toEqual([
      ['2024-05-16T09:05:01.700000Z', 'UserPnp 20001', '1d6b', '0104', 'CAFEBABE', 'USB Composite Device', 'Microsoft', '4102'],
      ['2024-05-16T09:05:02.100000Z', 'DriverFrameworks-UserMode 2003', '1d6b', '0104', 'CAFEBABE', null, null, '301'],
      ['2024-05-16T09:05:02.200000Z', 'DriverFrameworks-UserMode 2100', '1d6b', '0104', 'CAFEBABE', null, null, '302'],
    ])
    expect(usb[0]!.fields.instance_id).toBe('USB\\VID_1D6B&PID_0104\\CAFEBABE')
    const dfw = r.artifacts.find((a) => a.path.includes('DriverFrameworks'))!
    expect(dfw.inventory).toMatchObject({records: 3, events_by_id: [
      {channel: PNP_CHANNEL, provider: 'Microsoft-Windows-DriverFrameworks-UserMode', event_id: 2003, records: 2},
      {channel: PNP_CHANNEL, provider: 'Microsoft-Windows-DriverFrameworks-UserMode', event_id: 2100, records: 1},
    ]})
    const {findings} = engine.matchCase(r.events)
    expect(findings.map((f) => [f.indicator, f.events.length]).sort()).toEqual([['KVM-01', 3], ['KVM-04', 3]])
  })
})
