// The written fixture hives are valid for two independent readers (reglookup, hivexregedit), and
// the artifacts read from them what a responder would see (reference §4.2–§4.5, §4.9).
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {registryHive} from '../../../src/artifacts/hive/index.js'
import {KVM_TIMES, ntuserHive, softwareHive, systemHive} from '../../support/hive-fixtures.js'
import {scanWith} from '../../support/run-parser.js'

const dir = mkdtempSync(join(tmpdir(), 'hive-fixtures-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
const write = (name: string, b: Buffer) => {
  const p = join(dir, name)
  mkdirSync(join(p, '..'), {recursive: true})
  writeFileSync(p, b)
  return p
}
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0

describe('fixture hives are valid hives for independent readers', () => {
  const hives = {SYSTEM: systemHive(), NTUSER: ntuserHive(), SOFTWARE: softwareHive()}
  for (const [name, bytes] of Object.entries(hives)) {
    it.skipIf(!has('reglookup'))(`${name}: reglookup lists the keys without errors`, () => {
      const p = write(`v/${name}`, bytes)
      const r = spawnSync('reglookup', [p], {encoding: 'utf8'})
      expect(r.status).toBe(0)
      // reglookup only notes (WARN) that it cannot render DEVPROP-typed values; no error
      expect(r.stderr).not.toMatch(/ERROR/)
      expect(r.stderr.split('\n').filter((l) => l && !/Data could not be interpreted/.test(l))).toEqual([])
      expect(r.stdout.split('\n').length).toBeGreaterThan(5)
    })
    it.skipIf(!has('hivexregedit'))(`${name}: hivexregedit exports it`, () => {
      const p = write(`h/${name}`, bytes)
      const r = spawnSync('hivexregedit', ['--export', p, '\\'], {encoding: 'utf8'})
      expect(r.status).toBe(0)
      expect(r.stdout).toMatch(/^Windows Registry Editor Version 5\.00/)
    })
  }
  it.skipIf(!has('reglookup'))('reglookup reads the PiKVM serial key and the big-endian-free DWORDs', () => {
    const p = write('v2/SYSTEM', hives.SYSTEM)
    const out = spawnSync('reglookup', ['-p', '/ControlSet001/Enum/USB', p], {encoding: 'utf8'}).stdout
    expect(out).toContain('/ControlSet001/Enum/USB/VID_1D6B&PID_0104/CAFEBABE,KEY,')
  })
})

describe('registry hive artifacts on the fixtures', () => {
  it('SYSTEM: PiKVM and NanoKVM as usb.device with VID/PID/serial/product and install times; AnyDesk service; Korea time zone', async () => {
    const p = write('Windows/System32/config/SYSTEM', systemHive())
    const r = await scanWith(p, {parsers: [registryHive]})
    expect(r.artifacts[0]!.status).toBe('parsed')
    const usb = r.events.filter((e) => e.type === 'usb.device')
    const pikvm = usb.find((e) => e.fields.vid === '1d6b')!
    expect(pikvm.fields).toMatchObject({pid: '0104', serial: 'CAFEBABE', product: 'PiKVM Composite Device', interfaces: 1, source: 'Enum\\USB'})
    expect(Date.parse(pikvm.time!)).toBe(KVM_TIMES.pikvmFirst.getTime())
    expect(Date.parse(String(pikvm.fields.last_arrival))).toBe(KVM_TIMES.pikvmArrival.getTime())
    const nano = usb.find((e) => e.fields.vid === '3346')!
    expect(nano.fields).toMatchObject({pid: '1009', serial: '0123456789ABCDEF', product: 'NanoKVM'})
    const stor = usb.find((e) => e.fields.source === 'Enum\\USBSTOR')!
    expect(stor.fields).toMatchObject({manufacturer: 'PiKVM', product: 'Flash Drive', serial: 'CAFEBABE', mounted_as: 'E:'})
    const svc = r.events.filter((e) => e.type === 'service.installed')
    expect(svc.map((e) => [e.fields.service_name, e.fields.tool, e.fields.start_type, e.fields.account])).toEqual([['AnyDesk', 'anydesk', 'auto', 'LocalSystem']])
    expect(svc[0]!.fields.image_path).toBe('"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service')
    const tz = r.events.find((e) => e.type === 'system.timezone')!
    expect(tz.fields).toMatchObject({time_zone: 'Korea Standard Time', bias_minutes: -540, utc_offset: 'UTC+09:00', iana_zone: 'Asia/Seoul'})
  })

  it('NTUSER.DAT: the Korean layout and the Microsoft Korean IME as locale context', async () => {
    const p = write('Users/kim/NTUSER.DAT', ntuserHive())
    const r = await scanWith(p, {parsers: [registryHive]})
    const loc = r.events.filter((e) => e.type === 'system.locale')
    expect(loc.map((e) => e.fields.keyboard_layout).filter(Boolean)).toEqual(['00000409', '00000412'])
    const ime = loc.find((e) => e.fields.setting === 'input_method')!
    expect(ime.fields).toMatchObject({input_method: 'Microsoft Korean IME', language: 'ko', langid: '0412', user: 'kim'})
    expect(r.events.find((e) => e.type === 'rdp.client_mru')!.fields.host).toBe('203.0.113.7:3389')
  })

  it('SOFTWARE: AnyDesk, Astrill and SplitCam installs with the key LastWrite as time basis; Astrill network profile', async () => {
    const p = write('Windows/System32/config/SOFTWARE', softwareHive())
    const r = await scanWith(p, {parsers: [registryHive], hostTz: 'Asia/Seoul'})
    const progs = r.events.filter((e) => e.type === 'program.installed')
    expect(progs.map((e) => String(e.fields.program_normalized).split(' ')[0]).sort()).toEqual(['anydesk', 'astrill', 'splitcam'])
    const ad = progs.find((e) => e.fields.program === 'AnyDesk')!
    expect([ad.timeBasis, ad.timestampDesc, Date.parse(ad.time!)]).toEqual(['utc', 'Registry key last written', Date.parse('2024-03-02T07:59:00Z')])
    expect(ad.fields).toMatchObject({publisher: 'AnyDesk Software GmbH', wow6432: true, source_format: 'registry-hive'})
    const net = r.events.find((e) => e.type === 'network.profile')!
    expect(net.fields).toMatchObject({profile_name: 'Astrill VPN', vpn_like: true, adapter_type: 'wired'})
    // DateLastConnected 2024-03-06 09:30 local in Seoul
    expect([Date.parse(net.time!), net.timeBasis]).toEqual([Date.parse('2024-03-06T00:30:00Z'), 'local-converted'])
  })
})
