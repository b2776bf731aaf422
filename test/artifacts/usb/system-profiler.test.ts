// macOS system_profiler SPUSBDataType in -xml, -json and text form (fixtures in
// test/fixtures/usb/, written from the output's key names and layout): the same devices, with
// vid/pid normalised, Apple's `apple_vendor_id` as 05ac, nested hubs walked, no invented time.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {usbSystemProfiler} from '../../../src/artifacts/usb/system-profiler.js'
import {FIXTURES} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const fx = (n: string) => readFileSync(join(FIXTURES, 'usb', n))
function one(name: string, data: Buffer | string): string {
  const root = tempDir('spusb-')
  mkdirSync(join(root, 'macos'))
  writeFileSync(join(root, 'macos', name), data)
  return root
}

const devices = (events: Array<{fields: Record<string, unknown>}>) =>
  events.map((e) => [e.fields.vid, e.fields.pid, e.fields.manufacturer, e.fields.product, e.fields.serial ?? null])

const PLIST_DEVICES = [
  ['1d6b', '0104', 'PiKVM', 'PiKVM Composite Device', 'CAFEBABE'],
  ['05e3', '0610', 'GenesysLogic', 'USB2.0 Hub', null],
  ['0781', '5581', 'SanDisk', 'Ultra', '4C530001230503110451'],
  ['05ac', '8289', 'Broadcom Corp.', 'Bluetooth USB Host Controller', null],
  ['3346', '1009', 'sipeed', 'NanoKVM', '0123456789ABCDEF'],
]

describe('usb.system_profiler', () => {
  it.each([['SPUSBDataType.xml'], ['SPUSBDataType.json']])('%s: every device of every bus, hubs walked, in document order', async (name) => {
    const {artifacts, events} = await scanWith(one(name, fx(name)))
    expect(artifacts).toMatchObject([{kind: 'usb.system_profiler', status: 'parsed', events: 5, warnings: []}])
    expect(devices(events)).toEqual(PLIST_DEVICES)
    const pikvm = events[0]!
    expect(pikvm).toMatchObject({type: 'usb.device', time: null, timeBasis: 'unknown', timestampDesc: 'Attached when system_profiler ran (the listing has no time)'})
    expect(pikvm.fields).toMatchObject({source: 'system_profiler', vendor_name: 'Linux Foundation', bcd_device: '1.00', location_id: '0x14200000 / 7', speed: 'high_speed', bus: 'USB30Bus'})
    expect(pikvm.raw).toContain('"serial_num":"CAFEBABE"')
    expect(events[3]!.fields.vendor_name).toBe('Apple Inc.')
  })

  it('the text form: nodes by indentation, a device under a hub, Media sub-nodes are not devices', async () => {
    const {artifacts, events} = await scanWith(one('usb.txt', fx('SPUSBDataType.txt')))
    expect(artifacts).toMatchObject([{kind: 'usb.system_profiler', status: 'parsed', events: 4}])
    expect(devices(events)).toEqual(PLIST_DEVICES.slice(0, 4))
    expect(events[0]).toMatchObject({location: 'line 10'})
    expect(events[0]!.fields).toMatchObject({bus: 'USB 3.0 Bus', bcd_device: '1.00', speed: 'Up to 480 Mb/s', vendor_name: 'Linux Foundation'})
    expect(events[2]!.raw!.split('\n')[0]).toBe('Ultra:')
  })

  it('an unreadable id is reported, not guessed; other listings are not claimed', async () => {
    const text = fx('SPUSBDataType.txt').toString().replace('Product ID: 0x0104', 'Product ID: unknown')
    const {artifacts, events} = await scanWith(one('usb.txt', text), {parsers: [usbSystemProfiler]})
    expect(artifacts[0]).toMatchObject({status: 'partial', warnings: ['line 10: vendor or product id unreadable ("0x1d6b  (Linux Foundation)", "unknown")']})
    expect(events).toHaveLength(3)
    const apps = '<?xml version="1.0"?><plist version="1.0"><array><dict><key>_dataType</key><string>SPApplicationsDataType</string></dict></array></plist>'
    expect((await scanWith(one('apps.xml', apps), {parsers: [usbSystemProfiler]})).artifacts).toEqual([])
  })

  it('a truncated plist fails with the reason', async () => {
    const xml = fx('SPUSBDataType.xml')
    const {artifacts} = await scanWith(one('usb.xml', xml.subarray(0, xml.length - 200)), {parsers: [usbSystemProfiler]})
    expect(artifacts[0]!.status).toBe('failed')
    expect(artifacts[0]!.warnings[0]).toMatch(/^parsing stopped: not well-formed XML/)
  })
})
