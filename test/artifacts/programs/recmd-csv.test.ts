// KAPE/RECmd batch CSV. Header as written by RECmd (EricZimmerman/RECmd `BatchCsvOut`):
// "HivePath,HiveType,Description,Category,KeyPath,ValueName,ValueType,ValueData,ValueData2,
// ValueData3,Comment,Recursive,Deleted,LastWriteTimestamp,PluginDetailFile" (older builds:
// PluginDetailValues); LastWriteTimestamp is UTC "yyyy-MM-dd HH:mm:ss.fffffff"; KeyPath is
// relative to the hive root ("ROOT\..."). One row per value, grouped here by key.
import {describe, expect, it} from 'vitest'

import {programsRecmdCsv} from '../../../src/artifacts/programs/recmd-csv.js'
import {programsWindowsCsv} from '../../../src/artifacts/programs/windows-csv.js'
import {scanWith} from '../../support/run-parser.js'
import {evidence, fixture} from './helpers.js'

describe('programs.recmd_csv', () => {
  it('groups value rows per Uninstall key; key last-write time is the event time', async () => {
    const root = evidence({'kape/Registry/20240312_RECmd_Batch_Kroll_Batch_Output.csv': fixture('recmd-batch.csv')})
    const {artifacts, events} = await scanWith(root, {parsers: [programsRecmdCsv, programsWindowsCsv]})
    expect(artifacts.map((a) => [a.kind, a.status, a.events])).toEqual([['programs.recmd_csv', 'parsed', 5]])
    expect(events.map((e) => [e.fields.program, e.time, e.timePrecision, e.fields.scope, e.fields.user ?? null, e.location])).toEqual([
      ['AnyDesk', '2024-03-06T09:14:22.512000Z', 'millisecond', 'machine', null, 'line 3'],
      ['SplitCam', '2024-03-08T01:02:03.000000Z', 'second', 'user', 'bob', 'line 13'],
      ['Yandex', '2024-03-09T04:05:06.000000Z', 'second', 'user', 'bob', 'line 15'],
      ['TeamViewer', '2024-03-10T17:30:01.000000Z', 'second', 'machine', null, 'line 8'],
      ['ManyCam', '2024-03-11T12:00:00.000000Z', 'second', 'machine', null, 'line 11'],
    ])
    const ad = events[0]!
    expect(ad.timestampDesc).toBe('Registry key last written')
    expect(ad.timeBasis).toBe('utc')
    expect(ad.fields).toMatchObject({
      version: 'ad 9.0.4', publisher: 'AnyDesk Software GmbH', install_date: '2024-03-06', registry_view: '32-bit',
      source_key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\AnyDesk',
      key_name: 'AnyDesk', hive_path: 'C:\\Windows\\System32\\config\\SOFTWARE', source_format: 'recmd-csv',
      uninstall_string: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --uninstall',
    })
    expect(ad.raw!.split('\n')).toHaveLength(5)
    expect(events[2]!.fields.publisher).toBe('ООО «ЯНДЕКС»')
    // a key recovered from deleted hive space: the program was there once
    expect(events[4]!.fields.deleted_key).toBe(true)
  })

  it('newer header (PluginDetailFile) and a truncated last row', async () => {
    const text = fixture('recmd-batch.csv').replace('PluginDetailValues', 'PluginDetailFile')
    const cut = text.slice(0, text.indexOf('SplitmediaLabs') + 5)
    const {artifacts, events} = await scanWith(evidence({'recmd.csv': cut}), {parsers: [programsRecmdCsv]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings).toEqual(["1 row(s) do not have the header's 15 columns (first at line 14)"])
    // the cut row still names its value (ValueData "Split"): SplitCam keeps DisplayName, loses nothing else
    expect(events.map((e) => [e.fields.program, e.fields.publisher ?? null])).toEqual([
      ['AnyDesk', 'AnyDesk Software GmbH'], ['SplitCam', 'Split'], ['TeamViewer', 'TeamViewer'], ['ManyCam', 'Visicom Media Inc.'],
    ])
  })
})
