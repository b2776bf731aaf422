// Hives for what no public sample holds (reference §6.3): a SYSTEM with a PiKVM and a NanoKVM
// (identities of §4.3), an NTUSER.DAT with the Microsoft Korean IME (§4.4), a SOFTWARE with
// AnyDesk, Astrill and SplitCam. Written by hive-writer.ts; values as Windows stores them.
import {dword, filetime, multiSz, put, sz, writeHive, type WKey} from './hive-writer.js'

const T = (s: string) => new Date(s)
const USB_TIMES = 'Properties\\{83da6326-97a6-4088-9453-a1923f573b29}'
const BUS = 'Properties\\{540b947e-8b40-45bc-a8a2-6a0b894cbda2}\\0004'
const devprop = (d: Date) => ({name: '', type: 0xffff0010, data: filetime(d)})

export const KVM_TIMES = {
  pikvmFirst: T('2024-03-04T09:10:11Z'),
  pikvmArrival: T('2024-03-05T01:02:03Z'),
  nanoFirst: T('2024-03-06T10:00:00Z'),
}

export function systemHive(): Buffer {
  const root: WKey = {name: 'ROOT', lastWrite: T('2024-03-06T12:00:00Z')}
  put(root, 'Select', [dword('Current', 1), dword('Default', 1), dword('LastKnownGood', 2)])
  const cs = 'ControlSet001'
  put(root, `${cs}\\Control\\TimeZoneInformation`, [sz('TimeZoneKeyName', 'Korea Standard Time'), dword('Bias', -540), dword('ActiveTimeBias', -540)], T('2024-03-01T00:00:00Z'))
  put(root, `${cs}\\Services\\AnyDesk`, [
    sz('ImagePath', '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service', 2), sz('DisplayName', 'AnyDesk Service'),
    dword('Start', 2), dword('Type', 16), sz('ObjectName', 'LocalSystem'),
  ], T('2024-03-02T08:00:00Z'))
  put(root, `${cs}\\Services\\Spooler`, [sz('ImagePath', '%SystemRoot%\\System32\\spoolsv.exe', 2), dword('Start', 2)])
  // PiKVM: composite parent with its serial, HID interfaces, and the virtual flash drive
  const pk = put(root, `${cs}\\Enum\\USB\\VID_1D6B&PID_0104\\CAFEBABE`, [
    sz('DeviceDesc', '@usb.inf,%usb.compositedevice.devicedesc%;USB Composite Device'),
    sz('Mfg', '@usb.inf,%generic.mfg%;(Standard USB Host Controller)'), sz('Service', 'usbccgp'),
    multiSz('HardwareID', ['USB\\VID_1D6B&PID_0104&REV_0510', 'USB\\VID_1D6B&PID_0104']),
  ], T('2024-03-05T01:02:04Z'))
  put(pk, `${USB_TIMES}\\0065`, [devprop(KVM_TIMES.pikvmFirst)])
  put(pk, `${USB_TIMES}\\0066`, [devprop(KVM_TIMES.pikvmArrival)])
  put(pk, BUS, [{name: '', type: 0xffff0012, data: Buffer.from('PiKVM Composite Device\0', 'utf16le')}])
  put(root, `${cs}\\Enum\\USB\\VID_1D6B&PID_0104&MI_00\\7&1a2b3c4d&0&0000`, [sz('DeviceDesc', '@input.inf,%hid.devicedesc%;USB Input Device')])
  put(root, `${cs}\\Enum\\USBSTOR\\Disk&Ven_PiKVM&Prod_Flash_Drive&Rev_1.00\\CAFEBABE&0`, [sz('FriendlyName', 'PiKVM Flash Drive USB Device')])
  // NanoKVM
  const nano = put(root, `${cs}\\Enum\\USB\\VID_3346&PID_1009\\0123456789ABCDEF`, [
    sz('DeviceDesc', '@usb.inf,%usb.compositedevice.devicedesc%;USB Composite Device'), sz('Service', 'usbccgp'),
  ])
  put(nano, `${USB_TIMES}\\0065`, [devprop(KVM_TIMES.nanoFirst)])
  put(nano, BUS, [{name: '', type: 0xffff0012, data: Buffer.from('NanoKVM\0', 'utf16le')}])
  put(root, 'MountedDevices', [{name: '\\DosDevices\\E:', type: 3, data: Buffer.from('\\??\\USBSTOR#Disk&Ven_PiKVM&Prod_Flash_Drive&Rev_1.00#CAFEBABE&0#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}', 'utf16le')}])
  return writeHive(root, 'SYSTEM')
}

export function ntuserHive(): Buffer {
  const root: WKey = {name: 'ROOT'}
  put(root, 'Keyboard Layout\\Preload', [sz('1', '00000409'), sz('2', '00000412')], T('2024-03-03T03:00:00Z'))
  put(root, 'Control Panel\\International', [sz('LocaleName', 'en-US')])
  put(root, 'Control Panel\\International\\User Profile', [multiSz('Languages', ['en-US', 'ko'])])
  put(root, 'Control Panel\\International\\User Profile\\ko', [dword('0412:{A028AE76-01B1-46C2-99C4-ACD9858AE02F}{B5FE1F02-D5F2-4445-9C03-C568F23C99A1}', 1)], T('2024-03-03T03:00:00Z'))
  put(root, 'Software\\Microsoft\\Terminal Server Client\\Default', [sz('MRU0', '203.0.113.7:3389')])
  return writeHive(root, '\\??\\C:\\Users\\kim\\ntuser.dat')
}

export function softwareHive(): Buffer {
  const root: WKey = {name: 'ROOT'}
  put(root, 'Classes\\.txt', [sz('', 'txtfile')])
  put(root, 'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\AnyDesk', [
    sz('DisplayName', 'AnyDesk'), sz('DisplayVersion', 'ad 8.0.8'), sz('Publisher', 'AnyDesk Software GmbH'),
    sz('InstallLocation', '"C:\\Program Files (x86)\\AnyDesk"'), sz('UninstallString', '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --uninstall'),
  ], T('2024-03-02T07:59:00Z'))
  put(root, 'Microsoft\\Windows\\CurrentVersion\\Uninstall\\Astrill', [
    sz('DisplayName', 'Astrill'), sz('Publisher', 'Astrill Systems Corp'), sz('InstallDate', '20240302'),
  ], T('2024-03-02T09:00:00Z'))
  put(root, 'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\SplitCam_is1', [
    sz('DisplayName', 'SplitCam version 10.7.14'), sz('DisplayVersion', '10.7.14'), sz('Publisher', 'SplitCam'),
  ], T('2024-03-02T10:00:00Z'))
  // SYSTEMTIME: year, month, day of week, day, hour, minute, second, ms (local time)
  const sysTime = Buffer.alloc(16)
  ;[2024, 3, 3, 6, 9, 30, 0, 0].forEach((n, i) => sysTime.writeUInt16LE(n, i * 2))
  put(root, 'Microsoft\\Windows NT\\CurrentVersion\\NetworkList\\Profiles\\{0D2B1E5A-1111-4222-8333-944455556666}', [
    sz('ProfileName', 'Astrill VPN'), sz('Description', 'Astrill StealthVPN adapter'), dword('Category', 0), dword('NameType', 6),
    {name: 'DateCreated', type: 3, data: sysTime}, {name: 'DateLastConnected', type: 3, data: sysTime},
  ])
  return writeHive(root, 'SOFTWARE')
}
