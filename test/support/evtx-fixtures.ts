// EVTX fixtures for what no public sample has (reference §6.3), written with evtx-writer.ts:
// the chromoting scenario of test/artifacts/crd/scenario.ts as an Application log, a 7045 of
// AnyDesk (names from reference §2.1: LOLRMM/SigmaHQ) and a PiKVM USB arrival (Kernel-PnP 400,
// USB\VID_1D6B&PID_0104 with PiKVM's default serial CAFEBABE, indicators.md KVM-01).
import type {EvSpec} from '../artifacts/windows-events/fixtures.js'
import {writeEvtx, type WriterEvent} from './evtx-writer.js'

/** The same records as the XML export builders write (fixtures.ts eventXml). */
export function fromSpec(e: EvSpec, channel = 'Application'): WriterEvent {
  return {
    provider: e.provider, eventId: e.id, qualifiers: e.qualifiers ?? 16384, level: e.level, task: e.task ?? 1, time: e.time,
    recordId: e.recordId, pid: e.pid, tid: e.tid, channel, computer: e.computer,
    data: e.data.map((value, i) => ({name: e.names?.[i], value})),
  }
}

export function applicationEvtx(events: EvSpec[]): Buffer {
  return writeEvtx(events.map((e) => fromSpec(e)))
}

export const ANYDESK_7045: WriterEvent = {
  provider: 'Service Control Manager', providerGuid: '{555908d1-a6d7-4695-8e1e-26931d2012f4}', eventId: 7045, qualifiers: 16384,
  level: 4, keywords: 0x8080000000000000n, time: '2024-05-16T08:59:12.1234567Z', recordId: 4101, pid: 712, tid: 3320,
  channel: 'System', computer: 'DESKTOP-7QK2F', userSid: 'S-1-5-18',
  data: [
    {name: 'ServiceName', value: 'AnyDesk Service'},
    {name: 'ImagePath', value: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service'},
    {name: 'ServiceType', value: 'user mode service'},
    {name: 'StartType', value: 'auto start'},
    {name: 'AccountName', value: 'LocalSystem'},
  ],
}

export const PIKVM_400: WriterEvent = {
  provider: 'Microsoft-Windows-Kernel-PnP', eventId: 400, level: 4, time: '2024-05-16T09:05:01.5000000Z', recordId: 88, pid: 4, tid: 96,
  channel: 'Microsoft-Windows-Kernel-PnP/Configuration', computer: 'DESKTOP-7QK2F', userSid: 'S-1-5-18',
  data: [
    {name: 'DeviceInstanceId', value: 'USB\\VID_1D6B&PID_0104\\CAFEBABE'},
    {name: 'DriverName', value: 'usb.inf'},
    {name: 'ClassGuid', value: '{36fc9e60-c465-11cf-8056-444553540000}'},
    {name: 'DriverDate', value: '6/21/2006'},
    {name: 'DriverVersion', value: '10.0.19041.1'},
    {name: 'DriverProvider', value: 'Microsoft'},
    {name: 'DeviceUpdated', value: 'false'},
    {name: 'Status', value: '0x0'},
    {name: 'ParentDeviceInstanceId', value: 'USB\\ROOT_HUB30\\4&2a1b3c4d&0&0'},
  ],
}

/** UserPnp 20001 "driver install" of the PiKVM (reference §2.5; UserData InstallDeviceID). */
export const pikvmUserPnp20001 = (computer: string): WriterEvent => ({
  provider: 'Microsoft-Windows-UserPnp', eventId: 20001, level: 4, time: '2024-05-16T09:05:01.7000000Z', recordId: 4102, pid: 2164, tid: 2240,
  channel: 'System', computer, userSid: 'S-1-5-18',
  userData: {root: 'InstallDeviceID', ns: 'http://manifests.microsoft.com/win/2004/08/windows/userpnp', leaves: [
    ['DriverName', 'usb.inf'], ['DriverVersion', '10.0.19041.1'], ['DriverProvider', 'Microsoft'],
    ['DeviceInstanceID', 'USB\\VID_1D6B&PID_0104\\CAFEBABE'], ['SetupClass', '{36FC9E60-C465-11CF-8056-444553540000}'],
    ['RebootOption', 'false'], ['UpgradeDevice', 'false'], ['IsDriverOEM', 'false'], ['InstallStatus', '0x0'], ['DriverDescription', 'USB Composite Device'],
  ]},
})
