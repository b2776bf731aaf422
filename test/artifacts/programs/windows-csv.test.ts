// Windows program lists as CSV. Fixtures written from the documented shapes:
// - PowerShell Export-Csv (about_Export-Csv / Export-Csv docs): Windows PowerShell 5.1 writes a
//   first line "#TYPE <type name>" unless -NoTypeInformation; every value in double quotes, `""`
//   for a quote, empty unquoted fields for $null; PowerShell 7 omits the #TYPE line;
//   -UseCulture takes the list separator (";" in de-DE). Get-ItemProperty adds PSPath,
//   PSParentPath, PSChildName, PSDrive, PSProvider to the registry values.
// - Win32_Product properties (learn.microsoft.com "Win32_Product class"): Name, Version, Vendor,
//   IdentifyingNumber, InstallDate ("YYYYMMDD"), InstallLocation, InstallSource, LocalPackage,
//   PackageName, Language.
// - `wmic product get ... /format:csv`: a blank first line, then "Node,<properties in
//   alphabetical order>", unquoted values, lines ending CR CR LF, UTF-16LE when redirected.
// - Velociraptor Windows.Sys.Programs columns: KeyName, KeyLastWriteTimestamp, DisplayName,
//   DisplayVersion, InstallLocation, InstallSource, Language, Publisher, UninstallString,
//   InstallDate, KeyPath.
import {describe, expect, it} from 'vitest'

import {programsWindowsCsv} from '../../../src/artifacts/programs/windows-csv.js'
import {scanWith} from '../../support/run-parser.js'
import {evidence, fixture, utf16} from './helpers.js'

describe('programs.windows_csv', () => {
  it('PowerShell Get-ItemProperty Uninstall\\* | Export-Csv (with #TYPE), HKLM/WOW6432Node/HKCU', async () => {
    const root = evidence({'Users/bob/Documents/installed.csv': fixture('ps-uninstall.csv')})
    const {artifacts, events} = await scanWith(root, {parsers: [programsWindowsCsv]})
    expect(artifacts.map((a) => [a.kind, a.status, a.events, a.warnings])).toEqual([['programs.windows_csv', 'parsed', 6, []]])
    // the row without DisplayName ("Connection Manager": no uninstall command either) is not a program
    expect(events.map((e) => [e.fields.program, e.fields.program_normalized, e.time, e.timePrecision ?? null, e.location])).toEqual([
      ['AnyDesk', 'anydesk', '2024-03-06T00:00:00.000000Z', 'day', 'line 3'],
      ['Astrill VPN', 'astrill vpn', '2024-03-07T00:00:00.000000Z', 'day', 'line 9'],
      ['ManyCam 9.0.1.23', 'manycam', '2024-03-11T00:00:00.000000Z', 'day', 'line 4'],
      ['1С:Предприятие 8 (8.3.24.1467)', '1с:предприятие 8', '2024-03-12T00:00:00.000000Z', 'day', 'line 8'],
      ['OBS Studio', 'obs studio', null, null, 'line 6'],
      ['7-Zip 23.01 (x64)', '7-zip', null, null, 'line 7'],
    ])
    const ad = events[0]!
    expect(ad.fields).toEqual({
      program: 'AnyDesk', program_normalized: 'anydesk', display_name_raw: 'AnyDesk', version: 'ad 9.0.4',
      publisher: 'AnyDesk Software GmbH', install_location: '"C:\\Program Files (x86)\\AnyDesk"',
      uninstall_string: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --uninstall',
      source_key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\AnyDesk',
      key_name: 'AnyDesk', scope: 'machine', source_format: 'powershell-arp-csv', install_date: '2024-03-06',
      registry_view: '32-bit',
    })
    expect(ad.timeBasis).toBe('assumed-utc')
    expect(ad.timestampDesc).toBe('Install date')
    expect(ad.raw).toMatch(/^"AnyDesk","ad 9\.0\.4",/)
    // HKCU: the user is the profile folder the list was found in
    expect(events[1]!.fields).toMatchObject({scope: 'user', user: 'bob', source_key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Astrill VPN'})
    expect(events[3]!.fields.publisher).toBe('1С-Софт')
  })

  it('PowerShell 7 (no #TYPE line) with -UseCulture ";" separators', async () => {
    const text = fixture('ps-uninstall.csv').split('\n').slice(1).map((l) => l.replace(/","/g, '";"').replace(/,,/g, ';;')).join('\n')
    const header = text.split('\n')[0]!
    expect(header.startsWith('"DisplayName";"DisplayVersion"')).toBe(true)
    const {events} = await scanWith(evidence({'p.csv': text.split('\n').slice(0, 3).join('\n') + '\n'}), {parsers: [programsWindowsCsv]})
    expect(events.map((e) => [e.fields.program, e.fields.version, e.location])).toEqual([
      ['AnyDesk', 'ad 9.0.4', 'line 2'], ['ManyCam 9.0.1.23', '9.0.1.23', 'line 3'],
    ])
  })

  it('Get-WmiObject Win32_Product | Export-Csv: Korean and Japanese vendors, product codes', async () => {
    const {artifacts, events} = await scanWith(evidence({'wmi/products.csv': fixture('win32-product.csv')}), {parsers: [programsWindowsCsv]})
    expect(artifacts[0]!.status).toBe('parsed')
    expect(events.map((e) => [e.fields.program, e.fields.publisher, e.fields.install_date, e.fields.product_code, e.fields.computer])).toEqual([
      ['알약', '(주)이스트시큐리티', '2024-01-01', '{0F0E0D0C-AAAA-BBBB-CCCC-DDDDEEEEFFFF}', 'WS-BOB'],
      ['一太郎2024', '株式会社ジャストシステム', '2024-02-29', '{12345678-ABCD-4EF0-9876-0123456789AB}', 'WS-BOB'],
      ['Chrome Remote Desktop Host', 'Google LLC', '2024-03-05', '{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}', 'WS-BOB'],
      ['TeamViewer Host', 'TeamViewer', '2024-03-10', '{A1B2C3D4-1111-2222-3333-444455556666}', 'WS-BOB'],
    ])
    expect(events[2]!.fields.source_format).toBe('win32_product-csv')
    expect(events[2]!.fields.scope).toBeUndefined()
  })

  it('wmic product get /format:csv as UTF-16LE (blank first line, CR CR LF); an unquoted comma shifts a row', async () => {
    const text = '\r\r\nNode,IdentifyingNumber,InstallDate,InstallLocation,Name,Vendor,Version\r\r\n' +
      'WS-BOB,{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B},20240305,,Chrome Remote Desktop Host,Google LLC,124.0.6367.18\r\r\n' +
      'WS-BOB,{AC76BA86-7AD7-1033-7B44-AC0F074E4100},20231002,C:\\Program Files\\Adobe\\,Adobe Acrobat (64-bit),Adobe Systems, Incorporated,23.006.20320\r\r\n' +
      'WS-BOB,{6F8E2D1B-0C3A-4B5D-9E7F-1A2B3C4D5E6F},20240312,,OBS Virtual Camera,OBS Project,30.0.2\r\r\n' +
      'WS-BOB,{2B3C4D5E-6F70-4182-93A4-B5C6D7E8F901},20240313,,네이버 웨일,NAVER Corp.,3.25.232.19\r\r\n'
    const {artifacts, events} = await scanWith(evidence({'wmic_product.csv': utf16(text)}), {parsers: [programsWindowsCsv]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings).toEqual([
      "1 row(s) do not have the header's 7 columns (first at line 4); wmic does not quote values, so a comma inside a value shifts the columns: longer rows were skipped",
    ])
    expect(events.map((e) => [e.fields.program, e.fields.program_normalized, e.fields.version, e.time, e.location, e.fields.source_format])).toEqual([
      ['Chrome Remote Desktop Host', 'chrome remote desktop host', '124.0.6367.18', '2024-03-05T00:00:00.000000Z', 'line 3', 'wmic-csv'],
      ['OBS Virtual Camera', 'obs virtual camera', '30.0.2', '2024-03-12T00:00:00.000000Z', 'line 5', 'wmic-csv'],
      ['네이버 웨일', '네이버 웨일', '3.25.232.19', '2024-03-13T00:00:00.000000Z', 'line 6', 'wmic-csv'],
    ])
  })

  it('Velociraptor Windows.Sys.Programs CSV: key last-write time is the event time, install date kept', async () => {
    const {events} = await scanWith(evidence({'results/Windows.Sys.Programs.csv': fixture('velociraptor-programs.csv')}), {parsers: [programsWindowsCsv]})
    expect(events.map((e) => [e.fields.program, e.time, e.timeBasis, e.timestampDesc, e.fields.install_date ?? null, e.fields.scope, e.fields.user ?? null])).toEqual([
      ['Notepad++ (64-bit x64)', '2023-11-20T10:00:00.000000Z', 'utc', 'Registry key last written', null, 'machine', null],
      ['Chrome Remote Desktop Host', '2024-03-05T22:41:07.123456Z', 'utc', 'Registry key last written', '2024-03-05', 'machine', null],
      ['AnyDesk', '2024-03-06T09:14:22.000000Z', 'utc', 'Registry key last written', '2024-03-06', 'machine', null],
      ['SplitCam 10.7.8', '2024-03-08T01:02:03.000000Z', 'utc', 'Registry key last written', null, 'user', 'S-1-5-21-1004336348-1177238915-682003330-1001'],
      ['Яндекс Браузер', '2024-03-09T04:05:06.000000Z', 'utc', 'Registry key last written', '2024-03-09', 'user', 'S-1-5-21-1004336348-1177238915-682003330-1001'],
    ])
    expect(events[0]!.fields.program_normalized).toBe('notepad++')
    expect(events[1]!.timePrecision).toBe('microsecond')
    expect(events[1]!.fields).toMatchObject({key_last_write: '2024-03-05T22:41:07.123456Z', language: '1033', install_source: 'C:\\Users\\bob\\Downloads\\', source_format: 'velociraptor-csv'})
  })

  it('Velociraptor CSV with a broken key time and a cut-off last row', async () => {
    const text = fixture('velociraptor-programs.csv').replace('2024-03-08T01:02:03Z', '2024-03-08T25:02:03Z')
    const cut = text.slice(0, text.indexOf('Яндекс Браузер') + 6)
    const {artifacts, events} = await scanWith(evidence({'Windows.Sys.Programs.csv': cut}), {parsers: [programsWindowsCsv]})
    expect(artifacts[0]!.warnings).toEqual([
      'line 4: key last-write time "2024-03-08T25:02:03Z" is not a valid time',
      "1 row(s) do not have the header's 11 columns (first at line 6)",
    ])
    // SplitCam has no InstallDate to fall back on; the cut row keeps its key time and a cut name
    expect(events.map((e) => [e.fields.program, e.time])).toEqual([
      ['Notepad++ (64-bit x64)', '2023-11-20T10:00:00.000000Z'], ['Chrome Remote Desktop Host', '2024-03-05T22:41:07.123456Z'],
      ['AnyDesk', '2024-03-06T09:14:22.000000Z'], ['Яндекс', '2024-03-09T04:05:06.000000Z'], ['SplitCam 10.7.8', null],
    ])
  })

  it('Get-Package | Export-Csv (Name, Version, ProviderName, Source)', async () => {
    const text = '#TYPE Microsoft.PackageManagement.Packaging.SoftwareIdentity\r\n' +
      '"PropertyOfSoftwareIdentity","FastPackageReference","ProviderName","Source","Status","SearchKey","FullPath","PackageFilename","FromTrustedSource","Summary","Name","Version","VersionScheme"\r\n' +
      '"PropertyOfSoftwareIdentity","hklm32\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\AnyDesk","Programs",,"Installed","AnyDesk",,"AnyDesk","False",,"AnyDesk","ad 9.0.4","unknown"\r\n' +
      '"PropertyOfSoftwareIdentity","C:\\Windows\\Installer\\1a2b3c.msi","msi","C:\\Users\\bob\\Downloads\\","Installed","Chrome Remote Desktop Host",,"chromeremotedesktophost.msi","False",,"Chrome Remote Desktop Host","124.0.6367.18","MultiPartNumeric"\r\n'
    const {artifacts, events} = await scanWith(evidence({'get-package.csv': text}), {parsers: [programsWindowsCsv]})
    expect(artifacts[0]!.status).toBe('parsed')
    expect(events.map((e) => [e.fields.program, e.fields.version, e.fields.package_provider, e.fields.source_format, e.time])).toEqual([
      ['AnyDesk', 'ad 9.0.4', 'Programs', 'get-package-csv', null], ['Chrome Remote Desktop Host', '124.0.6367.18', 'msi', 'get-package-csv', null],
    ])
  })

  it('wrong encoding (CP949 bytes in a UTF-8 export) and a truncated quoted value warn, not crash', async () => {
    const head = '"DisplayName","DisplayVersion","Publisher","InstallDate","PSChildName"\r\n'
    const cp949 = Buffer.from([0xc4, 0xab, 0xc4, 0xab, 0xbf, 0xc0, 0xc5, 0xe5]) // 카카오톡 in CP949
    const buf = Buffer.concat([Buffer.from(head + '"'), cp949, Buffer.from('","4.1.2","Kakao","20240309","KakaoTalk"\r\n"AnyDesk","ad 9.0.4","AnyDesk Software GmbH","2024')])
    const {artifacts, events} = await scanWith(evidence({'arp.csv': buf}), {parsers: [programsWindowsCsv]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings).toEqual([
      'line 3: the file ends inside a quoted value (truncated); the last row is incomplete',
      'line 3: install date "2024" of "AnyDesk" is not a valid date',
      "1 row(s) do not have the header's 5 columns (first at line 3)",
    ])
    // the one non-UTF-8 line decodes cleanly as CP949 (detected): C4 AB is not taken as UTF-8 ī
    expect(artifacts[0]!.codepage).toBe('euc-kr')
    expect(artifacts[0]!.notes).toEqual(['1 line(s) decoded as code page euc-kr (detected: it decodes every non-UTF-8 line)'])
    expect(events.map((e) => [e.fields.program, e.fields.version])).toEqual([
      ['카카오톡', '4.1.2'], ['AnyDesk', 'ad 9.0.4'],
    ])
    expect(events[0]!.rawHex).toContain('c4abc4abbfc0c5e5')
  })

  it('is not claimed for CSVs without a program-list header', async () => {
    const {artifacts} = await scanWith(evidence({'x.csv': 'Name,Size\r\nfoo,1\r\n', 'y.csv': '"HivePath","HiveType","KeyPath","ValueName","ValueData"\r\n'}), {parsers: [programsWindowsCsv]})
    expect(artifacts).toEqual([])
  })
})
