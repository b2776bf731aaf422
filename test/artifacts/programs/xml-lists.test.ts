// XML program lists. Fixtures written from:
// - WMIC raw XML output (`/format:rawxml`): `<COMMAND SEQUENCENUM ISSUEDBY LOCALE><REQUEST>
//   <COMMANDLINE>..</COMMANDLINE><COMMANDLINECOMPONENTS>..</COMMANDLINECOMPONENTS></REQUEST>
//   <RESULTS NODE=".."><CIM><INSTANCE CLASSNAME="Win32_Product"><PROPERTY NAME=".."
//   CLASSORIGIN=".." TYPE="string"><VALUE>..</VALUE></PROPERTY>` (no <VALUE> = NULL).
// - PowerShell CLIXML ([MS-PSRP] §2.2.5 serialization; Export-Clixml output): `<Objs
//   Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">`, one `<Obj
//   RefId>` per object, `<TN>`/`<TNRef>` type names, note properties in `<MS>`, adapted ones in
//   `<Props>`, typed values `<S N="..">`, `<I32 N="..">`, `<Nil N=".."/>`, `_x000D_` escapes.
// - system_profiler -xml (Apple PropertyList-1.0 DTD): a top-level <array> of one <dict> per data
//   type with `_dataType` SPApplicationsDataType and `_items` (dicts with `_name`, `version`,
//   `obtained_from`, `lastModified` <date>, `path`, `signed_by` <array>, `info`); -json:
//   `{"SPApplicationsDataType" : [ ... ]}` with the same keys.
import {describe, expect, it} from 'vitest'

import {decodeClixmlString, programsClixml} from '../../../src/artifacts/programs/clixml.js'
import {programsSystemProfiler} from '../../../src/artifacts/programs/system-profiler.js'
import {programsWmicXml} from '../../../src/artifacts/programs/wmic-xml.js'
import {PROGRAM_PARSERS} from '../../../src/artifacts/programs/index.js'
import {scanWith} from '../../support/run-parser.js'
import {evidence, fixture, utf16} from './helpers.js'

const LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'

describe('programs.wmic_xml', () => {
  it('reads Win32_Product instances from UTF-16LE rawxml; entities and character references decoded', async () => {
    const {artifacts, events} = await scanWith(evidence({'wmic/products.xml': utf16(fixture('wmic-product-rawxml.xml'))}), {parsers: [programsWmicXml]})
    expect(artifacts.map((a) => [a.kind, a.status, a.events])).toEqual([['programs.wmic_xml', 'parsed', 4]])
    expect(events.map((e) => [e.fields.program, e.fields.program_normalized, e.fields.publisher, e.time, e.location])).toEqual([
      ['AT&T Global Network Client – 64-bit', 'at&t global network client', 'AT&T', '2023-11-15T00:00:00.000000Z', 'line 5'],
      ['Chrome Remote Desktop Host', 'chrome remote desktop host', 'Google LLC', '2024-03-05T00:00:00.000000Z', 'line 3'],
      ['TeamViewer Host', 'teamviewer host', 'TeamViewer', '2024-03-10T00:00:00.000000Z', 'line 4'],
      ['Kaspersky Small Office Security', 'kaspersky small office security', 'АО «Лаборатория Касперского»', null, 'line 6'],
    ])
    expect(events[1]!.fields).toMatchObject({product_code: '{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}', computer: 'WS-BOB', source_format: 'wmic-rawxml'})
    expect(events[1]!.timePrecision).toBe('day')
    expect(events[2]!.fields.install_location).toBe('C:\\Program Files\\TeamViewer\\')
  })

  it('truncated (broken) XML warns and keeps the complete instances', async () => {
    const text = fixture('wmic-product-rawxml.xml')
    const cut = text.slice(0, text.indexOf('Kaspersky'))
    const {artifacts, events} = await scanWith(evidence({'products.xml': cut}), {parsers: [programsWmicXml]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings).toHaveLength(2)
    expect(artifacts[0]!.warnings[0]).toMatch(/^not well-formed XML \(line \d+: .+\); reading the complete INSTANCE elements$/)
    expect(artifacts[0]!.warnings[1]).toBe('the last INSTANCE element is cut off (truncated file)')
    expect(events.map((e) => e.fields.program).sort()).toEqual(['AT&T Global Network Client – 64-bit', 'Chrome Remote Desktop Host', 'TeamViewer Host'])
  })

  it('billion laughs: DTD entities are never expanded', async () => {
    const text = fixture('wmic-product-rawxml.xml').replace('<?xml version="1.0"?>\n', `<?xml version="1.0"?>\n${LAUGHS}\n`)
      .replace('<VALUE>TeamViewer</VALUE>', '<VALUE>&lol9;</VALUE>')
    const started = Date.now()
    const {artifacts, events} = await scanWith(evidence({'products.xml': text}), {parsers: [programsWmicXml]})
    expect(Date.now() - started).toBeLessThan(5000)
    expect(artifacts[0]!.warnings).toContain('the document declares DTD entities; they are not expanded')
    expect(events.find((e) => e.fields.program === 'TeamViewer Host')!.fields.publisher).toBe('&lol9;')
  })
})

describe('programs.clixml', () => {
  it('Export-Clixml of Get-ItemProperty objects: MS note properties, nested Obj ignored, _xHHHH_ decoded', async () => {
    const {artifacts, events} = await scanWith(evidence({'Users/bob/Desktop/arp.clixml': fixture('uninstall.clixml')}), {parsers: [programsClixml]})
    expect(artifacts.map((a) => [a.kind, a.status, a.events, a.warnings])).toEqual([['programs.clixml', 'parsed', 4, []]])
    expect(events.map((e) => [e.fields.program, e.fields.scope, e.fields.user ?? null, e.fields.install_date ?? null, e.location])).toEqual([
      ['ATOK for Windows', 'machine', null, '2024-02-29', 'line 65'],
      ['AnyDesk', 'machine', null, '2024-03-06', 'line 2'],
      ['SplitCam', 'user', 'S-1-5-21-1004336348-1177238915-682003330-1001', '2024-03-08', 'line 54'],
      ['AT&T Global Network Client', 'machine', null, null, 'line 42'],
    ])
    expect(events[1]!.fields).toMatchObject({
      program_normalized: 'anydesk', version: 'ad 9.0.4', key_name: 'AnyDesk', registry_view: '32-bit', source_format: 'clixml-powershell-arp',
      source_key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\AnyDesk',
    })
    expect(events[0]!.fields.publisher).toBe('株式会社ジャストシステム')
    // the nested PSDrive object's `<S N="Name">HKLM</S>` is not a property of the program
    expect(events.map((e) => e.fields.program)).not.toContain('HKLM')
    expect(decodeClixmlString('line one_x000D__x000A_line two')).toBe('line one\r\nline two')
  })

  it('Win32_Product objects (Props) and a truncated document', async () => {
    const obj = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\r\n' +
      '  <Obj RefId="0">\r\n    <TN RefId="0">\r\n      <T>System.Management.ManagementObject#root\\cimv2\\Win32_Product</T>\r\n    </TN>\r\n' +
      '    <Props>\r\n      <S N="Name">ManyCam</S>\r\n      <S N="Vendor">Visicom Media Inc.</S>\r\n      <S N="Version">9.0.1.23</S>\r\n' +
      '      <S N="IdentifyingNumber">{11111111-2222-3333-4444-555555555555}</S>\r\n      <S N="InstallDate">20240311</S>\r\n    </Props>\r\n  </Obj>\r\n' +
      '  <Obj RefId="1">\r\n    <TNRef RefId="0" />\r\n    <Props>\r\n      <S N="Name">OBS Virtual Cam'
    const {artifacts, events} = await scanWith(evidence({'products.clixml': utf16(obj)}), {parsers: [programsClixml]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings[1]).toBe('the last Obj element is cut off (truncated file)')
    expect(events.map((e) => [e.fields.program, e.fields.publisher, e.fields.product_code, e.time, e.fields.source_format])).toEqual([
      ['ManyCam', 'Visicom Media Inc.', '{11111111-2222-3333-4444-555555555555}', '2024-03-11T00:00:00.000000Z', 'clixml-win32_product'],
    ])
  })
})

describe('programs.system_profiler', () => {
  const expected = [
    ['Safari', '2024-02-01T00:00:00.000000Z', undefined, 'apple', 'machine', undefined],
    ['AnyDesk', '2024-03-06T09:20:11.000000Z', 'AnyDesk Software GmbH', 'identified_developer', 'machine', undefined],
    ['Astrill', '2024-03-07T02:11:45.000000Z', 'Astrill Systems Corp.', 'identified_developer', 'machine', undefined],
    ['카카오톡', '2024-03-09T11:00:00.000000Z', undefined, 'mac_app_store', 'machine', undefined],
    ['OBS', '2024-03-12T10:00:00.000000Z', 'Wizards of OBS LLC', 'identified_developer', 'user', 'bob'],
  ]

  it('-xml plist and -json give the same programs; lastModified dates the event (utc)', async () => {
    const root = evidence({'mac/SPApplicationsDataType.xml': fixture('SPApplicationsDataType.xml'), 'mac/apps.json': fixture('SPApplicationsDataType.json')})
    const {artifacts, events} = await scanWith(root, {parsers: [...PROGRAM_PARSERS]})
    expect(artifacts.map((a) => [a.path, a.kind, a.status, a.events])).toEqual([
      ['mac/SPApplicationsDataType.xml', 'programs.system_profiler', 'parsed', 5],
      ['mac/apps.json', 'programs.system_profiler', 'parsed', 5],
    ])
    for (const artifact of ['mac/SPApplicationsDataType.xml', 'mac/apps.json']) {
      const ev = events.filter((e) => e.artifact === artifact)
      expect(ev.map((e) => [e.fields.program, e.time, e.fields.publisher, e.fields.obtained_from, e.fields.scope, e.fields.user])).toEqual(expected)
      expect(ev.every((e) => e.timeBasis === 'utc' && e.timestampDesc === 'Application bundle last modified')).toBe(true)
    }
    const ad = events.find((e) => e.artifact === 'mac/SPApplicationsDataType.xml' && e.fields.program === 'AnyDesk')!
    expect(ad.fields).toMatchObject({version: '8.0.9', install_location: '/Applications/AnyDesk.app', arch_kind: 'arch_arm_i64', source_format: 'system-profiler'})
    expect(ad.raw).toMatch(/^<dict>\s+<key>_name<\/key>\s+<string>AnyDesk<\/string>/)
    expect(ad.location).toBe('record 1')
  })

  it('truncated plist and cut-off JSON warn and keep the complete applications', async () => {
    const xml = fixture('SPApplicationsDataType.xml')
    const json = fixture('SPApplicationsDataType.json')
    const root = evidence({'a.xml': xml.slice(0, xml.indexOf('<string>Safari</string>')), 'b.json': json.slice(0, json.indexOf('"Safari"'))})
    const {artifacts, events} = await scanWith(root, {parsers: [programsSystemProfiler]})
    expect(artifacts.map((a) => [a.path, a.status, a.events])).toEqual([['a.xml', 'partial', 4], ['b.json', 'partial', 4]])
    expect(artifacts[0]!.warnings[0]).toMatch(/^not well-formed XML \(line \d+: .+\); reading the complete application dicts$/)
    expect(artifacts[0]!.warnings[1]).toBe('the last application dict is cut off (truncated file)')
    expect(artifacts[1]!.warnings[0]).toMatch(/^not valid JSON \(.+\); reading the complete application objects$/)
    expect(events.filter((e) => e.artifact === 'b.json').map((e) => e.fields.program)).toEqual(['AnyDesk', 'Astrill', '카카오톡', 'OBS'])
  })

  it('billion laughs in a plist DTD is not expanded; an invalid lastModified warns', async () => {
    const xml = fixture('SPApplicationsDataType.xml')
      .replace(/<!DOCTYPE plist[^>]*>/, LAUGHS)
      .replace('<string>8.0.9</string>', '<string>&lol9;</string>')
      .replace('<date>2024-03-07T02:11:45Z</date>', '<date>2024-13-07T02:11:45Z</date>')
    const {artifacts, events} = await scanWith(evidence({'sp.xml': xml}), {parsers: [programsSystemProfiler]})
    expect(artifacts[0]!.warnings).toEqual([
      'the document declares DTD entities; they are not expanded',
      'record 2: application bundle last modified "2024-13-07T02:11:45Z" is not a valid time',
    ])
    expect(events.find((e) => e.fields.program === 'AnyDesk')!.fields.version).toBe('&lol9;')
    expect(events.find((e) => e.fields.program === 'Astrill')!.time).toBeNull()
  })
})
