// End to end from the CLI on raw Windows evidence only (issues #12 and #13): a KAPE-style tree of
// hives (SYSTEM, SOFTWARE, NTUSER.DAT) and event logs (System, Application, Security .evtx), and
// the same tree as a ZIP. The story: AnyDesk installed (Uninstall key, MsiInstaller 1033) and
// running as a service (System 7045 and its Services key), a PiKVM attached (Enum\USB key and a
// UserPnp 20001 arrival in the System log), an RDP logon from a public address (4624 type 10).
// Expected: the exact indicator set and the level C-KVM gives.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT, cli} from '../support/cli.js'
import {ANYDESK_7045, pikvmUserPnp20001} from '../support/evtx-fixtures.js'
import {writeEvtx, type WriterEvent} from '../support/evtx-writer.js'
import {dword, filetime, multiSz, put, sz, writeHive, type WKey} from '../support/hive-writer.js'
import {tempDir} from '../support/tmp.js'
import {makeZip} from '../support/zip-fixtures.js'

const T = (s: string) => new Date(s)
const HOST = 'DESKTOP-7QK2F'

function systemHive(): Buffer {
  const root: WKey = {name: 'ROOT', lastWrite: T('2024-05-16T10:00:00Z')}
  put(root, 'Select', [dword('Current', 1), dword('Default', 1), dword('LastKnownGood', 1)])
  put(root, 'ControlSet001\\Services\\AnyDesk', [
    sz('ImagePath', '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service', 2), sz('DisplayName', 'AnyDesk Service'),
    dword('Start', 2), dword('Type', 16), sz('ObjectName', 'LocalSystem'),
  ], T('2024-05-16T08:59:12Z'))
  const pk = put(root, 'ControlSet001\\Enum\\USB\\VID_1D6B&PID_0104\\CAFEBABE', [
    sz('DeviceDesc', '@usb.inf,%usb.compositedevice.devicedesc%;USB Composite Device'), sz('Service', 'usbccgp'),
    multiSz('HardwareID', ['USB\\VID_1D6B&PID_0104&REV_0510', 'USB\\VID_1D6B&PID_0104']),
  ], T('2024-05-16T09:05:02Z'))
  // first install (0064) and last arrival (0066) DEVPKEY times, as Windows 10 stores them
  put(pk, 'Properties\\{83da6326-97a6-4088-9453-a1923f573b29}\\0064', [{name: '', type: 0xffff0010, data: filetime(T('2024-05-16T09:05:01Z'))}])
  put(pk, 'Properties\\{83da6326-97a6-4088-9453-a1923f573b29}\\0066', [{name: '', type: 0xffff0010, data: filetime(T('2024-05-16T09:05:01Z'))}])
  return writeHive(root, 'SYSTEM')
}

function softwareHive(): Buffer {
  const root: WKey = {name: 'ROOT'}
  put(root, 'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\AnyDesk', [
    sz('DisplayName', 'AnyDesk'), sz('DisplayVersion', 'ad 8.0.8'), sz('Publisher', 'AnyDesk Software GmbH'),
    sz('InstallLocation', '"C:\\Program Files (x86)\\AnyDesk"'), sz('UninstallString', '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --uninstall'),
  ], T('2024-05-16T08:59:00Z'))
  return writeHive(root, 'SOFTWARE')
}

function ntuserHive(): Buffer {
  const root: WKey = {name: 'ROOT'}
  put(root, 'Keyboard Layout\\Preload', [sz('1', '00000409')], T('2024-05-01T00:00:00Z'))
  return writeHive(root, '\\??\\C:\\Users\\x\\ntuser.dat')
}


const MSI_1033: WriterEvent = {
  provider: 'MsiInstaller', eventId: 1033, qualifiers: 0, level: 4, time: '2024-05-16T08:58:50.0000000Z', recordId: 901, pid: 4410, tid: 4412,
  channel: 'Application', computer: HOST, userSid: 'S-1-5-21-1004336348-1177238915-682003330-1001',
  data: ['AnyDesk', '8.0.8', '1033', '0', 'AnyDesk Software GmbH', '(NULL)', ''].map((value) => ({value})),
}
/** An Application record no handler takes (counted in the inventory only). */
const SPP_16384: WriterEvent = {
  provider: 'Microsoft-Windows-Security-SPP', eventId: 16384, qualifiers: 16384, level: 4, time: '2024-05-16T08:00:00.0000000Z', recordId: 900, pid: 0, tid: 0,
  channel: 'Application', computer: HOST, data: [{value: '2124-04-22T08:00:00Z'}, {value: 'RulesEngine'}],
}

/** 4624 type 10 (RemoteInteractive) from a public address (RA-13). */
const RDP_4624: WriterEvent = {
  provider: 'Microsoft-Windows-Security-Auditing', providerGuid: '{54849625-5478-4994-a5ba-3e3b0328c30d}', eventId: 4624, level: 0, task: 12544,
  keywords: 0x8020000000000000n, time: '2024-05-16T09:30:00.2500000Z', recordId: 30211, pid: 668, tid: 5120, channel: 'Security', computer: HOST,
  data: [
    ['SubjectUserSid', 'S-1-5-18'], ['SubjectUserName', 'DESKTOP-7QK2F$'], ['SubjectDomainName', 'WORKGROUP'], ['SubjectLogonId', '0x3e7'],
    ['TargetUserSid', 'S-1-5-21-1004336348-1177238915-682003330-1001'], ['TargetUserName', 'x'], ['TargetDomainName', HOST], ['TargetLogonId', '0x5f2a1'],
    ['LogonType', '10'], ['LogonProcessName', 'User32 '], ['AuthenticationPackageName', 'Negotiate'], ['WorkstationName', HOST],
    ['LogonGuid', '{00000000-0000-0000-0000-000000000000}'], ['TransmittedServices', '-'], ['LmPackageName', '-'], ['KeyLength', '0'],
    ['ProcessId', '0x2a4'], ['ProcessName', 'C:\\Windows\\System32\\svchost.exe'], ['IpAddress', '198.51.100.23'], ['IpPort', '0'],
  ].map(([name, value]) => ({name, value})),
}

const C = 'C/'
const TREE: Array<[string, () => Buffer]> = [
  ['Windows/System32/config/SYSTEM', systemHive],
  ['Windows/System32/config/SOFTWARE', softwareHive],
  ['Users/x/NTUSER.DAT', ntuserHive],
  ['Windows/System32/winevt/Logs/System.evtx', () => writeEvtx([{...ANYDESK_7045, computer: HOST}, pikvmUserPnp20001(HOST)])],
  ['Windows/System32/winevt/Logs/Application.evtx', () => writeEvtx([SPP_16384, MSI_1033])],
  ['Windows/System32/winevt/Logs/Security.evtx', () => writeEvtx([RDP_4624])],
]

interface Finding {indicator: string; events: string[]; modifierOnly?: boolean}
interface Event {id: string; type: string; time: string; fields: Record<string, unknown>; artifact: string}
interface Case {artifacts: Array<{path: string; kind: string; status: string; events: number}>; findings: Finding[]; events: Event[]; assessment: {level: string; reasons: string[]}}

function scan(evidence: string, dir: string): Case {
  const out = join(dir, 'report.json')
  const r = cli(['scan', evidence, '-f', 'json', '-o', out, '-q'])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(readFileSync(out, 'utf8')).cases[0]
}

/** The findings' indicator ids and, per finding, the artifact kinds and event types behind it. */
function evidenceOf(c: Case): Record<string, string[]> {
  const byId = new Map(c.events.map((e) => [e.id, e]))
  const out: Record<string, string[]> = {}
  for (const f of c.findings) {
    out[f.indicator] = [...new Set(f.events.map((id) => {
      const e = byId.get(id)!
      return `${e.artifact.replace(/^.*?(?=Windows\/|Users\/)/, '')} ${e.type}`
    }))].sort()
  }
  return out
}

function checkCase(c: Case, prefix: string): void {
  expect(c.artifacts.map((a) => [a.path, a.kind, a.status, a.events]).sort()).toEqual([
    [`${prefix}Users/x/NTUSER.DAT`, 'windows.registry-hive', 'parsed', 1],
    [`${prefix}Windows/System32/config/SOFTWARE`, 'windows.registry-hive', 'parsed', 1],
    [`${prefix}Windows/System32/config/SYSTEM`, 'windows.registry-hive', 'parsed', 2],
    [`${prefix}Windows/System32/winevt/Logs/Application.evtx`, 'windows.evtx', 'parsed', 1],
    [`${prefix}Windows/System32/winevt/Logs/Security.evtx`, 'windows.evtx', 'parsed', 1],
    [`${prefix}Windows/System32/winevt/Logs/System.evtx`, 'windows.evtx', 'parsed', 2],
  ])
  expect(evidenceOf(c)).toEqual(EXPECTED)
  expect(c.assessment.level).toBe('high')
  expect(c.assessment.reasons.join('\n')).toMatch(/C-KVM/)
  // the event-log sides of the story, with their values
  const svc = c.events.find((e) => e.type === 'service.installed' && e.artifact.endsWith('System.evtx'))!
  expect(svc).toMatchObject({time: '2024-05-16T08:59:12.123456Z'})
  expect(svc.fields).toMatchObject({service_name: 'AnyDesk Service', tool: 'anydesk', record_id: '4101', source: 'System 7045'})
  const pnp = c.events.find((e) => e.type === 'usb.device' && e.artifact.endsWith('System.evtx'))!
  expect(pnp).toMatchObject({time: '2024-05-16T09:05:01.700000Z'})
  expect(pnp.fields).toMatchObject({vid: '1d6b', pid: '0104', serial: 'CAFEBABE', source: 'UserPnp 20001', product: 'USB Composite Device', manufacturer: 'Microsoft'})
  const rdp = c.events.find((e) => e.type === 'remote_access.login')!
  expect(rdp).toMatchObject({time: '2024-05-16T09:30:00.250000Z'})
  expect(rdp.fields).toMatchObject({tool: 'rdp', user: 'x', remote_ip: '198.51.100.23', source_scope: 'public', logon_type: 10, direction: 'incoming'})
}

// indicator -> the artifacts and event types its events come from
const EXPECTED: Record<string, string[]> = {
  'KVM-01': ['Windows/System32/config/SYSTEM usb.device', 'Windows/System32/winevt/Logs/System.evtx usb.device'],
  'KVM-04': ['Windows/System32/config/SYSTEM usb.device', 'Windows/System32/winevt/Logs/System.evtx usb.device'],
  'RA-01': [
    'Windows/System32/config/SOFTWARE program.installed', 'Windows/System32/config/SYSTEM service.installed',
    'Windows/System32/winevt/Logs/Application.evtx program.installed', 'Windows/System32/winevt/Logs/System.evtx service.installed',
  ],
  'RA-13': ['Windows/System32/winevt/Logs/Security.evtx remote_access.login'],
  'RA-16': ['Windows/System32/winevt/Logs/Security.evtx remote_access.login'],
  'RA-19': ['Windows/System32/config/SYSTEM service.installed', 'Windows/System32/winevt/Logs/System.evtx service.installed'],
}

describe.skipIf(!BUILT)('raw Windows evidence from the CLI: hives and .evtx together', () => {
  it('KAPE-style tree: AnyDesk install and service, PiKVM in the USB key and a PnP event, RDP from a public address', () => {
    const root = tempDir('raw-win-')
    for (const [rel, make] of TREE) {
      const p = join(root, 'case', C, rel)
      mkdirSync(dirname(p), {recursive: true})
      writeFileSync(p, make())
    }
    checkCase(scan(join(root, 'case'), root), C)
  })

  it('the same tree as a ZIP gives the same findings', async () => {
    const root = tempDir('raw-win-zip-')
    const zip = await makeZip(TREE.map(([rel, make], i) => ({name: `${C}${rel}`, data: make(), compress: i % 2 === 0})))
    writeFileSync(join(root, 'collection.zip'), zip)
    checkCase(scan(join(root, 'collection.zip'), root), `collection.zip!${C}`)
  })
})
