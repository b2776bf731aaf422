// USB connections from the Linux kernel log (drivers/usb/core/hub.c message formats) in the
// forms responders collect: kern.log / syslog / messages (classic prefix, printk time or not),
// `journalctl -o short-iso` and `-o json` exports. Fixtures in test/fixtures/usb/.
import {cpSync, mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {crdSyslog} from '../../../src/artifacts/crd/syslog.js'
import {PARSERS} from '../../../src/artifacts/registry.js'
import {FIXTURES} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const USB = join(FIXTURES, 'usb')

function tree(files: Record<string, string | Buffer>, mtime = new Date('2024-06-03T12:00:00Z')): string {
  const root = tempDir('usb-log-')
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(dirname(p), {recursive: true})
    writeFileSync(p, data)
    utimesSync(p, mtime, mtime)
  }
  return root
}

const fixture = (name: string) => readFileSync(join(USB, name))
const usbEvents = <T extends {type: string}>(events: T[]) => events.filter((e) => e.type === 'usb.device')

describe('usb.device from kern.log (classic syslog prefix with printk times)', () => {
  it('assembles each enumeration into one event with vid/pid, strings and bus path; root hubs are skipped', async () => {
    const root = tree({'var/log/kern.log': fixture('kern.log')})
    const {artifacts, events} = await scanWith(root)
    expect(artifacts).toMatchObject([{path: 'var/log/kern.log', kind: 'crd.syslog', status: 'parsed', events: 3}])
    const usb = usbEvents(events)
    expect(usb.map((e) => [e.time, e.location, e.fields.vid, e.fields.pid, e.fields.manufacturer, e.fields.product, e.fields.serial])).toEqual([
      ['2024-06-03T00:58:11.000000Z', 'line 8', '046d', 'c52b', 'Logitech', 'USB Receiver', undefined],
      ['2024-06-03T01:02:03.000000Z', 'line 14', '1d6b', '0104', 'PiKVM', 'PiKVM Composite Device', 'CAFEBABE'],
      ['2024-06-03T02:20:09.000000Z', 'line 23', '0781', '5581', 'SanDisk', 'Ultra', '4C530001230503110451'],
    ])
    const pikvm = usb[1]!
    expect(pikvm).toMatchObject({timeBasis: 'assumed-utc', timePrecision: 'second', timestampDesc: 'USB device connected'})
    expect(pikvm.fields).toMatchObject({
      source: 'kern.log', bus_path: '1-2', bcd_device: '1.00', speed: 'high-speed', device_number: '7', host_driver: 'xhci_hcd',
      computer: 'worker-laptop', log_source: 'syslog', year_source: 'file mtime',
    })
    // the raw evidence is the enumeration's own lines, in order
    expect(pikvm.raw!.split('\n').map((l) => l.slice(-40))).toHaveLength(6)
    expect(pikvm.raw).toContain('usb 1-2: SerialNumber: CAFEBABE')
    expect(pikvm.message).toBe('USB device 1d6b:0104 PiKVM PiKVM Composite Device (serial CAFEBABE)')
  })

  it('applies --host-tz to the zone-less syslog time', async () => {
    const root = tree({'var/log/kern.log': fixture('kern.log')})
    const {events} = await scanWith(root, {parsers: [crdSyslog], hostTz: 'Europe/Berlin'})
    expect(usbEvents(events)[1]).toMatchObject({time: '2024-06-02T23:02:03.000000Z', timeBasis: 'local-converted'})
  })

  it('a year-end log: the year comes from the file mtime, December before a January mtime is the previous year', async () => {
    const text = fixture('kern.log').toString().replace(/^Jun  3/gm, 'Dec 31')
    const root = tree({'var/log/kern.log': text}, new Date('2025-01-02T08:00:00Z'))
    const {events} = await scanWith(root, {parsers: [crdSyslog]})
    expect(usbEvents(events)[1]!.time).toBe('2024-12-31T01:02:03.000000Z')
  })
})

describe('usb.device from RHEL /var/log/messages (dateext rotation name, no printk time)', () => {
  it('reads TinyPilot, NanoKVM and a device without manufacturer string', async () => {
    const root = tree({'var/log/messages-20240602': fixture('messages-20240602')})
    const {artifacts, events} = await scanWith(root)
    expect(artifacts).toMatchObject([{kind: 'crd.syslog', status: 'parsed'}])
    expect(usbEvents(events).map((e) => [e.fields.vid, e.fields.pid, e.fields.manufacturer ?? null, e.fields.product, e.fields.serial ?? null, e.fields.source])).toEqual([
      ['1d6b', '0104', 'tinypilot', 'Multifunction USB Device', '6b65796d696d6570690', 'messages'],
      ['3346', '1009', 'sipeed', 'NanoKVM', '0123456789ABCDEF', 'messages'],
      ['0a12', '0001', null, 'CSR8510 A10', null, 'messages'],
    ])
    // pre-4.19 kernels print no bcdDevice
    expect(usbEvents(events)[2]!.fields.bcd_device).toBeUndefined()
  })
})

describe('usb.device from journal exports', () => {
  it('journalctl -o short-iso: the offset in the line gives the UTC time', async () => {
    const root = tree({'export/journal-short-iso.txt': fixture('journal-short-iso.txt')})
    const {artifacts, events} = await scanWith(root)
    expect(artifacts).toMatchObject([{kind: 'crd.syslog', status: 'parsed', events: 1}])
    expect(usbEvents(events)[0]).toMatchObject({
      time: '2024-06-03T01:02:03.000000Z', timeBasis: 'utc', location: 'line 3',
      fields: {vid: '1d6b', pid: '0104', manufacturer: 'PiKVM', serial: 'CAFEBABE', source: 'journal-short-iso.txt', computer: 'worker-laptop'},
    })
  })

  it('journalctl -o json: __REALTIME_TIMESTAMP in µs, _TRANSPORT=kernel', async () => {
    const root = tree({'export/journal.json': fixture('journal.json')})
    const {artifacts, events} = await scanWith(root)
    expect(artifacts).toMatchObject([{kind: 'crd.syslog', status: 'parsed', events: 1}])
    const e = usbEvents(events)[0]!
    expect(Date.parse(e.time!)).toBe(Date.parse('2024-06-03T01:02:03.267734Z'))
    expect(e).toMatchObject({timeBasis: 'utc', timePrecision: 'microsecond', location: 'line 2'})
    expect(e.fields).toMatchObject({vid: '1d6b', pid: '0104', product: 'PiKVM Composite Device', manufacturer: 'PiKVM', serial: 'CAFEBABE', source: 'journald', log_source: 'journald'})
  })

  it('journalctl -o short (classic prefix) from a file with any name is claimed by its kernel USB lines', async () => {
    const text = fixture('kern.log').toString().replace(/ \[ *\d+\.\d+\]/g, '')
    const root = tree({'export/journal-short.log': text})
    const {events} = await scanWith(root, {parsers: [...PARSERS]})
    expect(usbEvents(events)).toHaveLength(3)
  })
})

describe('kernel USB lines: assembly edge cases', () => {
  const line = (t: string, msg: string) => `Jun  3 ${t} h kernel: ${msg}`
  it('strings of a re-enumerated device never leak into the next one; devices on two hosts stay apart', async () => {
    const text = [
      line('01:00:00', 'usb 1-1: New USB device found, idVendor=1d6b, idProduct=0104, bcdDevice= 1.00'),
      line('01:00:00', 'usb 1-1: USB disconnect, device number 3'),
      line('01:00:01', 'usb 1-1: Manufacturer: PiKVM'),
      line('01:00:02', 'usb 1-1: new high-speed USB device number 4 using xhci_hcd'),
      line('01:00:02', 'usb 1-1: New USB device found, idVendor=0781, idProduct=5581, bcdDevice= 1.00'),
      'Jun  3 01:00:02 other kernel: usb 1-1: New USB device found, idVendor=046d, idProduct=c52b, bcdDevice=12.11',
      line('01:00:02', 'usb 1-1: Manufacturer: SanDisk'),
      'Jun  3 01:00:02 other kernel: usb 1-1: Manufacturer: Logitech',
    ].join('\n') + '\n'
    const {events} = await scanWith(tree({'var/log/syslog': text}), {parsers: [crdSyslog]})
    expect(usbEvents(events).map((e) => [e.fields.vid, e.fields.manufacturer ?? null, e.fields.computer])).toEqual([
      ['1d6b', null, 'h'],
      ['0781', 'SanDisk', 'h'],
      ['046d', 'Logitech', 'other'],
    ])
  })

  it('a copy of the fixture folder scans as one syslog artifact per log, none failed', async () => {
    const root = tempDir('usb-all-')
    cpSync(USB, join(root, 'var/log'), {recursive: true})
    const {artifacts} = await scanWith(root)
    expect(artifacts.filter((a) => a.kind === 'crd.syslog').map((a) => a.status)).toEqual(['parsed', 'parsed', 'parsed', 'parsed'])
  })
})
