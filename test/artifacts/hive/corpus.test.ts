// Registry-hive artifacts on the real corpus hives (reference §4, §6.1; values in PROVENANCE.tsv).
import {describe, expect, it} from 'vitest'

import {registryHive} from '../../../src/artifacts/hive/index.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'

const scan = (f: string) => scanWith(corpusPath('registry', 'regipy', f), {parsers: [registryHive]})
const ms = (iso: unknown) => Date.parse(String(iso))

describe.skipIf(!HAS_CORPUS)('registry hive artifacts on the corpus', () => {
  it('Windows 10 SYSTEM: USB devices with property times, USBSTOR, time zone, dirty without logs', async () => {
    const r = await scan('SYSTEM_WIN_10_1709')
    const [a] = r.artifacts
    expect(a!.kind).toBe('windows.registry-hive')
    expect(a!.status).toBe('partial')
    expect(a!.warnings[0]).toMatch(/dirty .*no transaction logs/)
    expect(a!.notes).toContain('current control set ControlSet001 (Select\\Current)')
    const usb = r.events.filter((e) => e.type === 'usb.device')
    expect(usb).toHaveLength(10)
    const cruzer = usb.find((e) => e.fields.source === 'Enum\\USB' && e.fields.serial === '200608767007B7C08A6A')!
    expect(cruzer.fields).toMatchObject({vid: '0781', pid: '5530', product: 'Cruzer', service: 'USBSTOR'})
    expect(ms(cruzer.time)).toBe(Date.parse('2020-03-17T14:02:38.878Z'))
    expect(cruzer.timeBasis).toBe('utc')
    const stor = usb.find((e) => e.fields.source === 'Enum\\USBSTOR')!
    expect(stor.fields).toMatchObject({manufacturer: 'SanDisk', product: 'Cruzer', revision: '1.20', serial: '200608767007B7C08A6A', device_class: 'disk'})
    expect(ms(stor.fields.last_arrival)).toBe(Date.parse('2020-03-17T14:02:38.946Z'))
    const ids = usb.filter((e) => e.fields.vid).map((e) => `${e.fields.vid}:${e.fields.pid}`)
    expect(ids).toContain('152d:0567')
    expect(ids).toContain('0e0f:0003')
    const tz = r.events.find((e) => e.type === 'system.timezone')!
    expect(tz.fields).toMatchObject({time_zone: 'Pacific Standard Time', bias_minutes: 480, active_bias_minutes: 420, iana_zone: 'America/Los_Angeles'})
    // no remote-access service in this hive: none reported
    expect(r.events.filter((e) => e.type === 'service.installed')).toEqual([])
  })

  it('NTUSER_with_winscp.DAT: both keyboard layouts, the Hebrew substitute, Run keys, per-user Uninstall', async () => {
    const r = await scan('NTUSER_with_winscp.DAT')
    const layouts = r.events.filter((e) => e.fields.setting === 'keyboard_layout').map((e) => [e.fields.layout_order, e.fields.keyboard_layout, e.fields.substitute ?? null])
    expect(layouts).toEqual([[1, '00000409', null], [2, '0000040d', '0002040d']])
    expect(r.events.filter((e) => e.type === 'autorun.entry').map((e) => e.fields.name).sort()).toEqual(['BCClipboard', 'Ditto', 'Docker Desktop', 'OneDrive'])
    const progs = r.events.filter((e) => e.type === 'program.installed')
    expect(progs.length).toBe(4)
    expect(progs.every((e) => e.timeBasis === 'utc' && e.timestampDesc === 'Registry key last written' && e.fields.scope === 'user' && e.fields.user === 'tony')).toBe(true)
    expect(progs.map((e) => e.fields.key_name)).toEqual(expect.arrayContaining(['GitHubDesktop', 'ZoomUMX']))
  })

  it('Amcache InventoryApplication: installs with their zone-less install times', async () => {
    const r = await scan('amcache.hve')
    const progs = r.events.filter((e) => e.type === 'program.installed')
    expect(progs).toHaveLength(73)
    const acct = progs.find((e) => e.fields.program === 'Microsoft.AccountsControl')!
    expect(acct.fields).toMatchObject({version: '10.0.14393.0', source_format: 'amcache'})
    expect(ms(acct.time)).toBe(Date.parse('2016-07-16T11:47:48Z'))
    expect(acct.timeBasis).toBe('assumed-utc')
    const withTz = await scanWith(corpusPath('registry', 'regipy', 'amcache.hve'), {parsers: [registryHive], hostTz: 'America/Los_Angeles'})
    const acct2 = withTz.events.find((e) => e.fields.program === 'Microsoft.AccountsControl')!
    expect([ms(acct2.time), acct2.timeBasis]).toEqual([Date.parse('2016-07-16T18:47:48Z'), 'local-converted'])
  })
})
