// JSON program lists. Fixtures written from:
// - Velociraptor `Windows.Sys.Programs` (artifact columns KeyName, KeyLastWriteTimestamp,
//   DisplayName, DisplayVersion, InstallLocation, InstallSource, Language, Publisher,
//   UninstallString, InstallDate, KeyPath); offline collections store results as JSON lines.
// - osquery schema (osquery.io/schema): `programs` (name, version, install_location,
//   install_source, language, publisher, uninstall_string, install_date, identifying_number),
//   `apps` (name, path, bundle_identifier, bundle_name, bundle_short_version, last_opened_time),
//   `deb_packages` (name, version, source, size, arch, revision, status, maintainer, section,
//   priority, admindir); `osqueryi --json` prints an array of objects with string values;
//   osqueryd's filesystem logger writes result-log lines (docs "Logging": differential rows
//   `{"name","hostIdentifier","calendarTime","unixTime","epoch","counter","numerics",
//   "columns":{...},"action":"added"|"removed"}`, snapshots `{"snapshot":[...],"action":"snapshot"}`).
import {describe, expect, it} from 'vitest'

import {programsJson} from '../../../src/artifacts/programs/json-lists.js'
import {scanWith} from '../../support/run-parser.js'
import {evidence, fixture} from './helpers.js'

describe('programs.json', () => {
  it('Velociraptor Windows.Sys.Programs JSONL inside an offline-collection layout', async () => {
    const root = evidence({'Collection-WS-BOB/results/Windows.Sys.Programs.json': fixture('velociraptor-programs.jsonl')})
    const {artifacts, events} = await scanWith(root, {parsers: [programsJson]})
    expect(artifacts.map((a) => [a.kind, a.status, a.events])).toEqual([['programs.json', 'parsed', 5]])
    expect(events.map((e) => [e.fields.program, e.fields.program_normalized, e.time, e.location, e.fields.source_format])).toEqual([
      ['Notepad++ (64-bit x64)', 'notepad++', '2023-11-20T10:00:00.000000Z', 'line 4', 'velociraptor-json'],
      ['Chrome Remote Desktop Host', 'chrome remote desktop host', '2024-03-05T22:41:07.123456Z', 'line 2', 'velociraptor-json'],
      ['AnyDesk', 'anydesk', '2024-03-06T09:14:22.000000Z', 'line 1', 'velociraptor-json'],
      ['SplitCam 10.7.8', 'splitcam', '2024-03-08T01:02:03.000000Z', 'line 3', 'velociraptor-json'],
      ['Яндекс Браузер', 'яндекс браузер', '2024-03-09T04:05:06.000000Z', 'line 5', 'velociraptor-json'],
    ])
    expect(events[4]!.fields).toMatchObject({publisher: 'ООО «ЯНДЕКС»', install_date: '2024-03-09', scope: 'user'})
    expect(events[2]!.fields).toMatchObject({install_date: '2024-03-06', key_name: 'AnyDesk', registry_view: '32-bit', key_last_write: '2024-03-06T09:14:22.000000Z'})
    expect(events[3]!.fields).toMatchObject({scope: 'user', user: 'S-1-5-21-1004336348-1177238915-682003330-1001'})
  })

  it('osqueryi --json programs: install dates are days; Korean name; an impossible date warns', async () => {
    const {artifacts, events} = await scanWith(evidence({'osquery/programs.json': fixture('osquery-programs.json')}), {parsers: [programsJson]})
    expect(artifacts[0]!.warnings).toEqual(['record 4: install date "20240230" of "네이버 웨일" is not a valid date'])
    expect(events.map((e) => [e.fields.program, e.time, e.timePrecision ?? null, e.fields.product_code ?? null, e.location])).toEqual([
      ['Chrome Remote Desktop Host', '2024-03-05T00:00:00.000000Z', 'day', '{5B1F2E7C-3D4A-4F6B-9C1E-2A7D8E9F0A1B}', 'record 2'],
      ['AnyDesk', '2024-03-06T00:00:00.000000Z', 'day', null, 'record 1'],
      ['Astrill VPN', null, null, null, 'record 3'],
      ['네이버 웨일', null, null, null, 'record 4'],
    ])
    expect(events[1]!.fields.source_format).toBe('osquery-json-programs')
    expect(events[3]!.fields).toMatchObject({publisher: 'NAVER Corp.', install_date_raw: '20240230', program_normalized: '네이버 웨일'})
  })

  it('osqueryd result log: programs added/removed, apps snapshot, deb_packages (installed only)', async () => {
    const {artifacts, events} = await scanWith(evidence({'var/log/osquery/osqueryd.results.log': fixture('osqueryd.results.log')}), {parsers: [programsJson]})
    expect(artifacts[0]!.status).toBe('parsed')
    expect(events.map((e) => [e.type, e.fields.program, e.time, e.fields.osquery_action, e.fields.computer, e.location])).toEqual([
      ['program.installed', 'AnyDesk', '2024-03-06T00:00:00.000000Z', 'added', 'WS-BOB', 'line 1'],
      ['program.removed', 'ManyCam', '2024-03-11T12:00:00.000000Z', 'removed', 'WS-BOB', 'line 2'],
      ['program.installed', 'AnyDesk', null, 'snapshot', 'mac-bob', 'line 3'],
      ['program.installed', 'OBS Studio', null, 'snapshot', 'mac-bob', 'line 3'],
      ['program.installed', 'anydesk', null, 'added', 'ubuntu-bob', 'line 4'],
    ])
    expect(events[0]!.fields.observed).toBe('2024-03-06T09:30:00.000000Z')
    expect(events[2]!.fields).toMatchObject({
      version: '8.0.9', bundle_identifier: 'com.philandro.anydesk', install_location: '/Applications/AnyDesk.app',
      last_opened: '2024-03-07T08:26:40.500000Z', scope: 'machine', source_format: 'osquery-result-log-apps',
    })
    expect(events[3]!.fields).toMatchObject({scope: 'user', user: 'bob', program_normalized: 'obs studio'})
    expect(events[3]!.fields.last_opened).toBeUndefined()
    expect(events[4]!.fields).toMatchObject({publisher: 'philandro Software GmbH <info@anydesk.com>', architecture: 'amd64', package_manager: 'dpkg'})
  })

  it('a cut-off osqueryi array and a broken JSON line warn and keep the complete records', async () => {
    const arr = fixture('osquery-programs.json')
    const cutArr = arr.slice(0, arr.indexOf('"Astrill VPN"'))
    const lines = fixture('velociraptor-programs.jsonl').split('\n')
    lines[1] = lines[1]!.slice(0, 80)
    const {artifacts, events} = await scanWith(evidence({'a/programs.json': cutArr, 'b/Windows.Sys.Programs.json': lines.join('\n')}), {parsers: [programsJson]})
    expect(artifacts.map((a) => [a.path, a.status, a.events])).toEqual([['a/programs.json', 'partial', 2], ['b/Windows.Sys.Programs.json', 'partial', 4]])
    expect(artifacts[0]!.warnings[0]).toMatch(/^the JSON array is not valid JSON \(.+\); reading the complete objects it holds$/)
    expect(artifacts[1]!.warnings).toEqual(['1 line(s) are not valid JSON (first at line 2)'])
    expect(events.filter((e) => e.artifact === 'a/programs.json').map((e) => e.fields.program)).toEqual(['Chrome Remote Desktop Host', 'AnyDesk'])
  })

  it('does not claim unrelated JSON (e.g. a Chrome Remote Desktop host.json)', async () => {
    const {artifacts} = await scanWith(evidence({'ProgramData/Google/Chrome Remote Desktop/host.json': '{"host_id":"x","host_owner":"a@b.c"}'}), {parsers: [programsJson]})
    expect(artifacts).toEqual([])
  })
})
