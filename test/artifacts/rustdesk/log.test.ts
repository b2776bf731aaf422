// RustDesk log parser. No public RustDesk log sample exists (reference §5), so the fixture is
// written from reference §3: the documented line
//   "[.. -03:00] DEBUG [src/server/connection.rs:1377] #899 Connection opened from 192.168.35.148:50328."
// (timestamp elided by its author; completed here as §0.6 did for its grammar check), the §3 grammar
//   ^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+ [+-]\d{2}:\d{2})\] (\w+) \[(.*?)\] (.*)$
// the Windows source-path form "src\server\connection.rs:983 #1362 Connection opened from …" (dissect test),
// and "#{} Connection closed: {}" from RustDesk src/server/connection.rs (on_close).
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {rustdeskLog, rustdeskTime} from '../../../src/artifacts/rustdesk/log.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const LINES = [
  '[2025-01-01 10:04:08.350802 -03:00] DEBUG [src/server/connection.rs:1377] #899 Connection opened from 192.168.35.148:50328.',
  // hypothetical wording (no public sample): exercises the connection-scoped auth classification
  '[2025-01-01 10:04:09.120000 -03:00] WARN [src/server/connection.rs:1600] #899 Login failed: wrong password',
  '[2025-01-01 10:04:30.000000 -03:00] INFO [src/server/connection.rs:1700] #899 file transfer job 1 started',
  '[2025-01-01 10:05:00.000000 -03:00] INFO [src/rendezvous_mediator.rs:300] login to rendezvous server ok',
  '[2025-01-01 10:20:00.000001 -03:00] INFO [src/server/connection.rs:2900] #899 Connection closed: Reset by the peer',
  '[2025-01-01 22:00:00.5 +09:00] DEBUG [src\\server\\connection.rs:983] #900 Connection opened from [2001:db8::5]:50330.',
  '   continuation of a multi-line message',
  '[2025-01-01 22:01',
]

function writeTree(rel: string[], data: Buffer | string): string {
  const dir = tempDir('rustdesk-')
  const folder = join(dir, ...rel.slice(0, -1))
  mkdirSync(folder, {recursive: true})
  writeFileSync(join(folder, rel.at(-1)!), data)
  return dir
}

describe('rustdesk.log', () => {
  it('converts with the explicit offset, to the microsecond', () => {
    expect(rustdeskTime('2025-01-01', '10:04:08', '350802', '-03:00')).toEqual({time: '2025-01-01T13:04:08.350802Z', timeBasis: 'local-converted'})
    expect(rustdeskTime('2025-01-01', '01:00:00', '1', '+05:30')).toEqual({time: '2024-12-31T19:30:00.1Z', timeBasis: 'local-converted'})
    expect(rustdeskTime('2025-02-30', '01:00:00', '1', '+05:30')).toEqual({time: null, timeBasis: 'unknown'})
  })

  it('connections opened/closed with IP, port, duration; auth and file lines; torn line warned', async () => {
    const dir = writeTree(['Users', 'alice', 'AppData', 'Roaming', 'RustDesk', 'log', 'server', 'RustDesk_rCURRENT.log'], LINES.join('\r\n') + '\r\n')
    const {artifacts, events} = await scanWith(dir, {parsers: [rustdeskLog]})
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]).toMatchObject({kind: 'rustdesk.log', status: 'partial', events: 5})
    expect(artifacts[0]!.warnings).toEqual(['1 line(s) not in the RustDesk log format (first at line 8)'])
    const starts = events.filter((e) => e.type === 'remote_access.session_start')
    expect(starts.map((e) => [e.time, e.location])).toEqual([['2025-01-01T13:00:00.500000Z', 'line 6'], ['2025-01-01T13:04:08.350802Z', 'line 1']])
    const s899 = starts.find((e) => e.fields.conn_id === '899')!
    expect(s899.timeBasis).toBe('local-converted')
    expect(s899.fields).toEqual({
      tool: 'rustdesk', direction: 'incoming', conn_id: '899', remote_ip: '192.168.35.148', remote_port: 50328,
      end_time: '2025-01-01T13:20:00.000001Z', duration_s: 951.65, source_offset: '-03:00', user: 'alice',
    })
    const s900 = starts.find((e) => e.fields.conn_id === '900')!
    expect(s900.fields).toMatchObject({remote_ip: '2001:db8::5', remote_port: 50330, source_offset: '+09:00'})
    expect(s900.fields.end_time).toBeUndefined()
    const end = events.find((e) => e.type === 'remote_access.session_end')!
    expect(end).toMatchObject({time: '2025-01-01T13:20:00.000001Z', location: 'line 5'})
    expect(end.fields).toMatchObject({close_reason: 'Reset by the peer', remote_ip: '192.168.35.148', start_time: '2025-01-01T13:04:08.350802Z'})
    const denied = events.filter((e) => e.type === 'remote_access.access_denied')
    expect(denied.map((e) => [e.location, e.fields.remote_ip])).toEqual([['line 2', '192.168.35.148']])
    // rendezvous "login" chatter is not a remote login
    expect(events.filter((e) => e.type === 'remote_access.login')).toHaveLength(0)
    expect(events.find((e) => e.type === 'remote_access.file_transfer')).toMatchObject({location: 'line 3', time: '2025-01-01T13:04:30.000000Z'})
  })

  it('service-profile path, UTF-16LE; not claimed by name alone', async () => {
    const rel = ['Windows', 'ServiceProfiles', 'LocalService', 'AppData', 'Roaming', 'RustDesk', 'log', 'server', 'RustDesk_rCURRENT.log']
    const data = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LINES.slice(0, 1).join('\n') + '\n', 'utf16le')])
    const {artifacts, events} = await scanWith(writeTree(rel, data), {parsers: [rustdeskLog]})
    expect(artifacts[0]).toMatchObject({status: 'parsed', events: 1})
    expect(events[0]!.fields.user).toBeUndefined()
    expect(events[0]!.message).toMatch(/close not recorded/)
    expect((await scanWith(writeTree(['RustDesk', 'RustDesk_rCURRENT.log'], 'hello\nworld\n'), {parsers: [rustdeskLog]})).artifacts).toMatchObject([{kind: 'rustdesk.log', status: 'failed', events: 0}])
  })
})
