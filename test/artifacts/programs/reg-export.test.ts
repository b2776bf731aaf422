// .reg exports of the Uninstall keys. Fixture written from Microsoft KB 310516 ("How to add,
// modify, or delete registry subkeys and values by using a .reg file"): first line
// "Windows Registry Editor Version 5.00" (UTF-16LE with BOM as regedit/`reg export` write it),
// "[HKEY_LOCAL_MACHINE\...]" key lines, `"Name"="text"` with `\\` and `\"` escapes,
// `dword:00000001`, `hex(2):` REG_EXPAND_SZ and `hex(7):` REG_MULTI_SZ as UTF-16LE bytes,
// long hex data wrapped at ~80 columns with `,\` and a two-space indent; "REGEDIT4" is ANSI.
import {describe, expect, it} from 'vitest'

import {programsRegExport} from '../../../src/artifacts/programs/reg-export.js'
import {scanWith} from '../../support/run-parser.js'
import {evidence, fixture, utf16} from './helpers.js'

const SID = 'S-1-5-21-1004336348-1177238915-682003330-1001'

describe('programs.uninstall_reg', () => {
  it('reads HKLM, WOW6432Node, HKEY_USERS\\<SID> and HKCU Uninstall subkeys from a UTF-16LE export', async () => {
    const root = evidence({'Users/bob/Desktop/uninstall.reg': utf16(fixture('uninstall-export.reg.txt'))})
    const {artifacts, events} = await scanWith(root, {parsers: [programsRegExport]})
    expect(artifacts.map((a) => [a.path, a.kind, a.status, a.events])).toEqual([
      ['Users/bob/Desktop/uninstall.reg', 'programs.uninstall_reg', 'partial', 7],
    ])
    // the invalid InstallDate "20241399" of the Yandex key is the only problem
    expect(artifacts[0]!.warnings).toEqual([
      'line 48: install date "20241399" of "Яндекс Браузер" is not a valid date',
    ])
    const by = (p: string) => events.find((e) => e.fields.program === p)!
    const crd = by('Chrome Remote Desktop Host')
    expect(crd).toMatchObject({
      time: '2024-03-05T00:00:00.000000Z', timeBasis: 'assumed-utc', timePrecision: 'day', timestampDesc: 'Install date',
      type: 'program.installed', location: 'line 8',
    })
    expect(crd.fields).toEqual({
      program: 'Chrome Remote Desktop Host', program_normalized: 'chrome remote desktop host',
      display_name_raw: 'Chrome Remote Desktop Host', version: '124.0.6367.18', publisher: 'Google LLC',
      uninstall_string: 'MsiExec.exe /X{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}',
      source_key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}',
      key_name: '{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}', scope: 'machine', source_format: 'reg-export',
      install_date: '2024-03-05',
    })

    const ad = by('AnyDesk')
    expect(ad.fields).toMatchObject({
      version: 'ad 9.0.4', program_normalized: 'anydesk', publisher: 'AnyDesk Software GmbH',
      install_location: '"C:\\Program Files (x86)\\AnyDesk"',
      // hex(2) wrapped over five lines, UTF-16LE, trailing NUL dropped
      uninstall_string: '"%ProgramFiles(x86)%\\AnyDesk\\AnyDesk.exe" --uninstall',
      registry_view: '32-bit', scope: 'machine', install_date: '2024-03-06',
    })
    expect(ad.raw).toContain('"SupportedLanguages"=hex(7):')

    const astrill = by('Astrill VPN (x64)')
    expect([astrill.fields.program_normalized, astrill.fields.install_date, astrill.time]).toEqual(['astrill vpn', '2024-03-07', '2024-03-07T00:00:00.000000Z'])

    const yandex = by('Яндекс Браузер')
    expect([yandex.time, yandex.fields.publisher, yandex.fields.install_date_raw, yandex.fields.program_normalized])
      .toEqual([null, 'ООО «ЯНДЕКС»', '20241399', 'яндекс браузер'])

    const split = by('SplitCam 10.7.8')
    expect(split.fields).toMatchObject({program_normalized: 'splitcam', scope: 'user', user: SID, sid: SID, install_date: '2024-03-08'})
    const kakao = by('카카오톡')
    expect(kakao.fields).toMatchObject({publisher: 'Kakao Corp. (주식회사 카카오)', user: SID, version: '4.1.2.3800'})
    expect(kakao.fields.uninstall_string).toBe('"C:\\Program Files (x86)\\Kakao\\KakaoTalk\\uninstall.exe"')
    // HKCU names no user: the user folder the export was found in does
    expect(by('ATOK for Windows').fields).toMatchObject({publisher: '株式会社ジャストシステム', scope: 'user', user: 'bob'})
    expect(by('ATOK for Windows').time).toBeNull()

    // Run key, nested "Features" subkey, the KB key without DisplayName/UninstallString and the deletion: no events
    expect(events.map((e) => e.fields.key_name).sort()).toEqual(
      ['ATOK', 'AnyDesk', 'Astrill VPN', 'KakaoTalk', 'SplitCam', 'Yandex', '{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}'].sort(),
    )
  })

  it('REGEDIT4 (ANSI) with a hex(2) value in single bytes', async () => {
    const text = 'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\TeamViewer]\r\n' +
      '"DisplayName"="TeamViewer"\r\n"DisplayVersion"="15.51.5"\r\n"Publisher"="TeamViewer"\r\n' +
      '"UninstallString"=hex(2):43,3a,5c,54,56,5c,75,6e,2e,65,78,65,00\r\n"InstallDate"="20240310"\r\n'
    const root = evidence({'exports/arp.reg': text})
    const {artifacts, events} = await scanWith(root, {parsers: [programsRegExport]})
    expect(artifacts[0]!.status).toBe('parsed')
    expect(events.map((e) => [e.fields.program, e.fields.uninstall_string, e.fields.source_format, e.time])).toEqual([
      ['TeamViewer', 'C:\\TV\\un.exe', 'regedit4-export', '2024-03-10T00:00:00.000000Z'],
    ])
  })

  it('a truncated export warns and keeps what was read: cut after a wrapped line, and cut mid-character', async () => {
    const full = utf16(fixture('uninstall-export.reg.txt'))
    // (a) the file ends right after `...,5c,00,\` + CRLF: the value is still being continued
    const afterWrap = full.indexOf(Buffer.from('5c,00,\\\r\n', 'utf16le')) + Buffer.byteLength('5c,00,\\\r\n', 'utf16le')
    let r = await scanWith(evidence({'uninstall.reg': full.subarray(0, afterWrap)}), {parsers: [programsRegExport]})
    expect(r.artifacts[0]!.status).toBe('partial')
    expect(r.artifacts[0]!.warnings).toEqual(['line 32: the file ends inside a wrapped value (truncated)'])
    expect(r.events.map((e) => [e.fields.program, e.fields.uninstall_string ?? null])).toEqual([
      ['Chrome Remote Desktop Host', 'MsiExec.exe /X{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}'],
      ['AnyDesk', '"%ProgramFiles(x86)%\\'],
    ])
    // (b) cut in the middle of a UTF-16 code unit on the value's last line
    const midChar = full.indexOf(Buffer.from('69,00,6e,00,73,00', 'utf16le')) + 1
    r = await scanWith(evidence({'uninstall.reg': full.subarray(0, midChar)}), {parsers: [programsRegExport]})
    expect(r.artifacts[0]!.warnings).toEqual([
      'utf-16le text has an odd number of bytes: the file is truncated',
      '1 line(s) in Uninstall keys are not valid .reg syntax (first at line 32)',
    ])
    expect(r.events.map((e) => [e.fields.program, e.fields.uninstall_string ?? null])).toEqual([
      ['Chrome Remote Desktop Host', 'MsiExec.exe /X{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}'],
      ['AnyDesk', null],
    ])
  })

  it('is not claimed without the editor header, nor for unrelated .reg files', async () => {
    const root = evidence({
      'a.reg': utf16('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\X]\r\n"DisplayName"="X"\r\n'),
      'b.reg': utf16('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Foo]\r\n"A"="b"\r\n'),
    })
    const {artifacts} = await scanWith(root, {parsers: [programsRegExport]})
    expect(artifacts).toEqual([])
  })
})
