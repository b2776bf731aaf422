// Name normalisation (indicator matching) and install-date parsing shared by every format.
// Date shapes: ARP/MSI `InstallDate` "YYYYMMDD" (Win32_Product docs: "InstallDate ... YYYYMMDD"),
// CIM_DATETIME "yyyymmddHHMMSS.mmmmmmsUUU" (WMI docs "CIM_DATETIME": UUU = offset in minutes).
import {describe, expect, it} from 'vitest'

import {parseInstallDate, parseKeyLastWrite} from '../../../src/artifacts/programs/dates.js'
import {normalizeProgramName} from '../../../src/artifacts/programs/normalize.js'

describe('normalizeProgramName', () => {
  it.each([
    ['AnyDesk 9.0.4', undefined, 'anydesk'],
    ['AnyDesk', 'ad 9.0.4', 'anydesk'],
    ['Astrill VPN (x64)', undefined, 'astrill vpn'],
    ['Mozilla Firefox (x64 en-US)', '124.0.1', 'mozilla firefox'],
    ['Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130', '14.38.33130.0', 'microsoft visual c++ 2015-2022 redistributable'],
    ['Python 3.11.4 (64-bit)', '3.11.4150.0', 'python'],
    ['Notepad++ (64-bit x64)', '8.6', 'notepad++'],
    ['7-Zip 23.01 (x64)', '23.01', '7-zip'],
    ['Zoom x86_64', undefined, 'zoom'],
    ['OBS Studio 30.0.2 64-bit', undefined, 'obs studio'],
    ['TeamViewer 15', '15.51.5', 'teamviewer'],
    ['Microsoft 365 Apps for enterprise - en-us', '16.0.17328.20162', 'microsoft 365 apps for enterprise'],
    ['Microsoft 365', '16.0.17328.20162', 'microsoft 365'],
    ['Chrome Remote Desktop Host', '124.0.6367.18', 'chrome remote desktop host'],
    ['카카오톡 4.1.2', undefined, '카카오톡'],
    ['Яндекс Браузер', '24.1.0.2578', 'яндекс браузер'],
    ['Xbox', undefined, 'xbox'],
    ['  SplitCam   10.7.8 ', undefined, 'splitcam'],
    ['1.2.3', undefined, '1.2.3'],
  ])('%s (%s) -> %s', (name, version, expected) => {
    expect(normalizeProgramName(name, version)).toBe(expected)
  })
})

describe('parseInstallDate', () => {
  it('days: YYYYMMDD, YYYY-MM-DD, YYYY.MM.DD, M/D/YYYY (day-first when the first number > 12), D.M.YYYY', () => {
    expect(parseInstallDate('20240306')).toEqual({kind: 'day', date: '2024-03-06', iso: '2024-03-06T00:00:00Z'})
    expect(parseInstallDate('2024-03-06')).toMatchObject({kind: 'day', date: '2024-03-06'})
    expect(parseInstallDate('2024.3.6')).toMatchObject({kind: 'day', date: '2024-03-06'})
    expect(parseInstallDate('3/6/2024')).toMatchObject({kind: 'day', date: '2024-03-06'})
    expect(parseInstallDate('25/6/2024')).toMatchObject({kind: 'day', date: '2024-06-25'})
    expect(parseInstallDate('06.03.2024')).toMatchObject({kind: 'day', date: '2024-03-06'})
  })

  it('instants: CIM_DATETIME with offset, ISO with zone, epoch seconds', () => {
    expect(parseInstallDate('20240306183422.000000+540')).toEqual({kind: 'instant', iso: '2024-03-06T09:34:22Z', precision: 'second'})
    expect(parseInstallDate('2024-03-06T18:34:22.25+09:00')).toEqual({kind: 'instant', iso: '2024-03-06T09:34:22.25Z', precision: 'millisecond'})
    expect(parseInstallDate('1709717662')).toEqual({kind: 'instant', iso: '2024-03-06T09:34:22Z', precision: 'second'})
  })

  it('no date and invalid dates', () => {
    for (const none of ['', '   ', '0', '00000000', undefined, null]) expect(parseInstallDate(none)).toBeUndefined()
    for (const bad of ['20241399', '20240230', '13/13/2024', 'yesterday', '2024-03-06T10:00:00', '16010101']) {
      expect(parseInstallDate(bad)).toEqual({kind: 'invalid', raw: bad})
    }
  })

  it('key last-write: RECmd 7-digit fraction (UTC), Velociraptor RFC 3339; 1601/1970 placeholders refused', () => {
    expect(parseKeyLastWrite('2024-03-06 09:14:22.5120000')).toEqual({kind: 'instant', iso: '2024-03-06T09:14:22.512Z', precision: 'millisecond'})
    expect(parseKeyLastWrite('2024-03-05T22:41:07.1234567Z')).toEqual({kind: 'instant', iso: '2024-03-05T22:41:07.123456Z', precision: 'microsecond'})
    expect(parseKeyLastWrite('1601-01-01 00:00:00.0000000')).toEqual({kind: 'invalid', raw: '1601-01-01 00:00:00.0000000'})
    expect(parseKeyLastWrite('1970-01-01T00:00:00Z')).toEqual({kind: 'invalid', raw: '1970-01-01T00:00:00Z'})
    expect(parseKeyLastWrite('')).toBeUndefined()
  })
})
