// TeamViewer application log on the real TeamViewer 15.50.5 sample (plaso test data; oracle:
// shared/corpus/PROVENANCE.tsv "two 'Start: ... (UTC-8:00)' headers (lines 19 and 309), so
// UTC = local + 8 h") plus written fixtures for the older formats of reference §3 ("Older
// versions use MM/DD or YY/MM/DD and HH:MM:SS:mmm (dissect RE_LOG). Lines can continue over
// several lines"), a UTF-16LE log and torn lines.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {teamviewerConnections} from '../../../src/artifacts/teamviewer/connections.js'
import {parseTvLine, parseUtcOffset} from '../../../src/artifacts/teamviewer/logfile-grammar.js'
import {teamviewerLogfile} from '../../../src/artifacts/teamviewer/logfile.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const tv = corpusPath('remote', 'teamviewer-15-plaso')
const LOG = 'Program Files/TeamViewer/TeamViewer15_Logfile.log'

describe.skipIf(!HAS_CORPUS)('teamviewer.logfile on the real corpus', () => {
  it('converts with the Start header offset (UTC-8:00) and assembles the incoming session from 1660360496', async () => {
    const {artifacts, events} = await scanWith(tv, {parsers: [teamviewerLogfile]})
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]).toMatchObject({path: LOG, kind: 'teamviewer.logfile', status: 'parsed', size: 137410, events: 9, warnings: [],
      sha256: '7f982f46753070dd78bee9f61d99c1e230e1a03d39c90b6b683a4c08089392cf'})
    expect(events.every((e) => e.timeBasis === 'local-converted' && e.fields.source_offset === 'UTC-8:00')).toBe(true)

    const starts = events.filter((e) => e.type === 'remote_access.process_start')
    expect(starts.map((e) => [e.time, e.location])).toEqual([['2024-02-16T14:05:19.548000Z', 'line 19'], ['2024-02-16T14:14:13.342000Z', 'line 309']])
    expect(starts[0]!.fields).toMatchObject({version: '15.50.5', build: '64-bit', host_ip: '10.0.2.15', os: 'Win_10.0.17763_W (64-bit)', account: 'SYSTEM'})
    expect(starts[0]!.fields.local_id).toBeUndefined() // "ID: 0" before the ID is assigned
    expect(starts[1]!.fields.local_id).toBe('1660388656')

    expect(events.filter((e) => e.type === 'remote_access.local_id').map((e) => [e.time, e.location, e.fields.local_id]))
      .toEqual([['2024-02-16T14:07:19.257000Z', 'line 183', '1660388656']])
    expect(events.find((e) => e.type === 'remote_access.external_address')!.fields.country_code).toBe('GB')

    const s = events.filter((e) => e.type === 'remote_access.session_start')
    expect(s).toHaveLength(1)
    expect(s[0]).toMatchObject({time: '2024-02-16T14:16:32.444000Z', location: 'line 557'})
    expect(s[0]!.fields).toMatchObject({
      direction: 'incoming', remote_id: '1660360496', remote_alias: 'TestAccountRedacted', local_id: '1660388656',
      relay: 'gb-man-anx-r001.router.teamviewer.com', relay_ip: '37.252.232.100', relay_port: 5938, protocol: 'Tcp',
      connection_type: 'remote control', tv_session_id: '126302903', auth_method: 'dynamic password', auth_result: 'successful',
      auth_attempts: 1, remote_version: '15.50.5', end_time: '2024-02-16T14:18:36.100000Z', duration_s: 123.656,
    })
    // the relay endpoint is TeamViewer's router, not the partner: no remote_ip is invented
    expect(s[0]!.fields.remote_ip).toBeUndefined()
    expect(s[0]!.raw).toContain('560: 2024/02/16 06:16:32.562  2216       2492 S0   Negotiating session encryption: client hello received from 1660360496')

    const login = events.filter((e) => e.type === 'remote_access.login')
    expect(login.map((e) => [e.time, e.location])).toEqual([['2024-02-16T14:16:47.312000Z', 'line 624']])
    const end = events.find((e) => e.type === 'remote_access.session_end')!
    expect(end).toMatchObject({time: '2024-02-16T14:18:36.100000Z', location: 'line 964'})

    const ft = events.filter((e) => e.type === 'remote_access.file_transfer')
    expect(ft.map((e) => [e.time, e.location, e.fields.path, e.fields.direction, e.fields.status])).toEqual([
      ['2024-02-16T14:18:08.372000Z', 'line 950', 'cert-bundle.crt', 'incoming', 'error'],
      ['2024-02-16T14:18:18.042000Z', 'line 955', 'test', 'incoming', 'error'],
    ])
    expect(ft[0]!.fields).toMatchObject({error: 'Access is denied [system:5]', remote_id: '1660360496'})
  })

  it('agrees with Connections_incoming.txt (UTC) to the second, and --host-tz does not override the header offset', async () => {
    const {events} = await scanWith(tv, {parsers: [teamviewerConnections, teamviewerLogfile], hostTz: 'Asia/Tokyo'})
    const table = events.find((e) => e.type === 'remote_access.session_start' && e.fields.session_guid)!
    const log = events.find((e) => e.type === 'remote_access.session_start' && e.artifact === LOG)!
    expect(table.time).toBe('2024-02-16T14:16:32.000000Z')
    expect(log.time!.slice(0, 19)).toBe(table.time!.slice(0, 19))
    expect(log.fields.end_time!.toString().slice(0, 19)).toBe(String(table.fields.end_time).slice(0, 19))
  })
})

describe('teamviewer.logfile grammar', () => {
  it('reads TeamViewer 15 columns and the older date/time shapes', () => {
    expect(parseTvLine('2024/02/16 06:05:19.400  2136       3688 S0   SERVICE_CONTROL_POWEREVENT 32787'))
      .toMatchObject({year: 2024, pid: '2136', tid: '3688', proc: 'S0', message: 'SERVICE_CONTROL_POWEREVENT 32787'})
    expect(parseTvLine('2024/02/16 06:16:49.245  1084       6700 D1!! DuplicateMonitor::Init(): failed')).toMatchObject({proc: 'D1', severity: '!!'})
    expect(parseTvLine('11/11 12:35:55.465 Should be year 2021')).toMatchObject({year: undefined, wall: {month: 11, day: 11, fraction: '465'}, message: 'Should be year 2021'})
    expect(parseTvLine('21/11/11 12:37:00.000 x')).toMatchObject({year: 2021})
    expect(parseTvLine('2021/11/11 12:36:11:111 x')).toMatchObject({wall: {second: 11, fraction: '111'}})
    expect(parseUtcOffset('UTC-8:00')).toBe(-480)
    expect(parseUtcOffset('UTC+5:30')).toBe(330)
    expect(parseUtcOffset('UTC+2')).toBe(120)
    expect(parseUtcOffset('UTC')).toBe(0)
    expect(parseUtcOffset('Pacific Standard Time')).toBeUndefined()
  })
})

// Older-format log written from §3 / dissect RE_LOG and RE_START shapes.
const OLD = [
  '2021/11/11 12:30:00.000  1234  5678 S0   Logger started.',
  '11/11 12:31:00.000  1234  5678 S0   TeamViewerIDTracker::UpdateMachineID: New machineID = 987654321',
  'Start:          2021/11/11 12:34:56',
  'Version:            9.0.1234',
  'ID:                 987654321',
  '',
  '11/11 12:35:55.465  1234  5678 S0   Negotiating session encryption: client hello received from 123456789, RSA key length = 2048',
  '21/11/11 12:36:11:111  1234  5678 S0   UDPv4: punch received a=203.0.113.7:49152: (*)',
  '2021/11/11 12:36:20:000  1234  5678 S0   AuthenticationPasswordLogin_Passive::RunAuthenticationMethod: authentication using fixed password was not successful',
  '2021/11/11 12:37:00:000  1234  5678 S0   Write file C:\\Users\\bob\\Desktop\\tool.exe',
  '   (wrapped continuation of the previous message)',
  'Start:              2021/11/12 08:00:00.000 (UTC+5:30)',
  '2021/11/12 08:00:01.000  1234  5678 S0   SessionStatistics[1] Session to 123456789 ended. Estimated capacity=1kBit/s',
  '2021/11/12 08:0',
].join('\r\n')

function writeLog(name: string, data: Buffer | string): string {
  const dir = tempDir('tv-log-')
  const folder = join(dir, 'Users', 'bob', 'AppData', 'Roaming', 'TeamViewer')
  mkdirSync(folder, {recursive: true})
  writeFileSync(join(folder, name), data)
  return dir
}

describe('teamviewer.logfile written fixtures', () => {
  it('older formats: MM/DD takes the Start year, YY/MM/DD, HH:MM:SS:mmm, header offsets apply to the lines after them', async () => {
    const dir = writeLog('TeamViewer9_Logfile.log', OLD)
    const {artifacts, events} = await scanWith(dir, {parsers: [teamviewerLogfile]})
    expect(artifacts[0]).toMatchObject({path: 'Users/bob/AppData/Roaming/TeamViewer/TeamViewer9_Logfile.log', status: 'partial'})
    expect(artifacts[0]!.warnings).toEqual([
      '1 record(s) have a MM/DD date and no preceding Start header to give the year: time left empty (line 2)',
      '1 line(s) start like a record but are cut or malformed (line 14)',
    ])
    // no year before any Start header: the local ID is reported without a time
    expect(events.find((e) => e.type === 'remote_access.local_id')).toMatchObject({time: null, timeBasis: 'unknown', location: 'line 2'})
    expect(events.find((e) => e.type === 'remote_access.process_start')).toMatchObject({time: '2021-11-11T12:34:56.000000Z', timeBasis: 'assumed-utc'})
    const s = events.find((e) => e.type === 'remote_access.session_start')!
    expect(s).toMatchObject({time: '2021-11-11T12:35:55.465000Z', timeBasis: 'assumed-utc', location: 'line 7'})
    // 08:00:01 at UTC+5:30 = 02:30:01Z
    expect(s.fields).toMatchObject({remote_id: '123456789', remote_ip: '203.0.113.7', remote_port: 49152, end_time: '2021-11-12T02:30:01.000000Z', duration_s: 50045.535, user: 'bob'})
    expect(events.find((e) => e.type === 'remote_access.access_denied')).toMatchObject({time: '2021-11-11T12:36:20.000000Z', location: 'line 9'})
    const ft = events.find((e) => e.type === 'remote_access.file_transfer')!
    expect(ft.fields).toMatchObject({path: 'C:\\Users\\bob\\Desktop\\tool.exe', direction: 'incoming', status: 'written'})
    expect(ft.raw).toBe('2021/11/11 12:37:00:000  1234  5678 S0   Write file C:\\Users\\bob\\Desktop\\tool.exe\n   (wrapped continuation of the previous message)')
    expect(events.find((e) => e.type === 'remote_access.session_end')).toMatchObject({time: '2021-11-12T02:30:01.000000Z', timeBasis: 'local-converted', fields: expect.objectContaining({source_offset: 'UTC+5:30'})})
  })

  it('before any header --host-tz converts zone-less lines', async () => {
    const dir = writeLog('TeamViewer9_Logfile.log', OLD)
    const {events} = await scanWith(dir, {parsers: [teamviewerLogfile], hostTz: 'Europe/Berlin'})
    // Start header without a zone: 12:34:56 CET = 11:34:56Z
    expect(events.find((e) => e.type === 'remote_access.process_start')).toMatchObject({time: '2021-11-11T11:34:56.000000Z', timeBasis: 'local-converted'})
  })

  it('UTF-16LE (with and without BOM) TeamViewer 15 log; a session without an end is still reported', async () => {
    const text = [
      '2024/03/01 10:00:00.000  4000       4001 S0   ',
      'Start:              2024/03/01 10:00:00.100 (UTC+9:00)',
      'Version:            15.51.5 (64-bit)',
      'ID:                 111222333',
      'IP:                 192.168.1.20',
      '',
      '2024/03/01 10:05:00.000  4000       4002 S0   CommandHandlerRouting[3]::CreatePassiveSession(): incoming session via kr-sel-r001.router.teamviewer.com, protocol Tcp',
      '2024/03/01 10:05:00.100  4000       4002 S0   Negotiating session encryption: client hello received from 444555666, RSA key length = 4096',
      '2024/03/01 10:05:10.000  4000       4002 S0   AuthenticationPasswordLogin_Passive::RunAuthenticationMethod: authentication using dynamic password was successful',
      '2024/03/01 10:05:10.500  4000       4003 S0   CPersistentParticipantManager::AddParticipant: [444555666,1] type=6 name=Remote Admin PC',
      '2024/03/01 10:05:11.000  4000       4003 S0   RequestIPAddress::RequestResult: Client country code: KP',
      '',
    ].join('\r\n')
    for (const data of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), Buffer.from(text, 'utf16le')]) {
      const {artifacts, events} = await scanWith(writeLog('TeamViewer15_Logfile.log', data), {parsers: [teamviewerLogfile]})
      expect(artifacts[0]).toMatchObject({status: 'parsed', warnings: [], events: 4})
      expect(events.find((e) => e.type === 'remote_access.process_start')!.fields).toMatchObject({version: '15.51.5', local_id: '111222333', host_ip: '192.168.1.20', source_offset: 'UTC+9:00'})
      const s = events.find((e) => e.type === 'remote_access.session_start')!
      expect(s).toMatchObject({time: '2024-03-01T01:05:00.000000Z', location: 'line 7'})
      expect(s.fields).toMatchObject({remote_id: '444555666', remote_alias: 'Remote Admin PC', auth_method: 'dynamic password'})
      expect(s.fields.end_time).toBeUndefined()
      expect(s.message).toMatch(/end not recorded/)
      expect(events.find((e) => e.type === 'remote_access.external_address')!.fields.country_code).toBe('KP')
    }
  })

  it('is not claimed by name alone; garbage in a claimed log is a warning, not a crash', async () => {
    expect((await scanWith(writeLog('TeamViewer15_Logfile.log', 'just some text\nnothing else\n'), {parsers: [teamviewerLogfile]})).artifacts).toMatchObject([{kind: 'teamviewer.logfile', status: 'failed', events: 0}])
    const bytes = Buffer.concat([Buffer.from('garbage \x01\x02\xfe line\n', 'latin1'), Buffer.from(OLD.split('\r\n').slice(2, 10).join('\n'))])
    const {artifacts, events} = await scanWith(writeLog('TeamViewer9_Logfile.log', bytes), {parsers: [teamviewerLogfile]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings[0]).toMatch(/^1 line\(s\) before the first log record are not TeamViewer records \(first at line 1\)/)
    expect(events.some((e) => e.type === 'remote_access.session_start')).toBe(true)
  })
})
