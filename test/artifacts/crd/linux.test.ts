// Chrome Remote Desktop on Linux (reference §2.2): /tmp session logs in both line grammars,
// syslog and journald exports; plus the Windows file log grammar (§2.1) and host configs.
// No captured CRD file exists (§5): fixtures are written from the quoted grammars. Whether the
// host also writes the §2.2 syslog sentences ("Client connected: …") into its /tmp log is not
// documented; the log fixtures use them inside the documented Chromium line grammar.
import {mkdirSync, utimesSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {crdHostConfig} from '../../../src/artifacts/crd/host-config.js'
import {crdHostLog, parseHostLogLine} from '../../../src/artifacts/crd/host-log.js'
import {crdSyslog} from '../../../src/artifacts/crd/syslog.js'
import {scanWith} from '../../support/run-parser.js'
import {JID_A, JID_B, JID_C} from './scenario.js'
import {tempDir} from '../../support/tmp.js'

function tree(files: Record<string, string | Buffer>, mtime?: Date): string {
  const root = tempDir('crd-linux-')
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(dirname(p), {recursive: true})
    writeFileSync(p, data)
    if (mtime) utimesSync(p, mtime, mtime)
  }
  return root
}

const LOG_NAME = 'chrome_remote_desktop_20231230_235500_LUyjRz'
const HOST_LOG = [
  // §2.2 Python launcher line (nixpkgs PR #283285 form)
  '2023-12-30 23:55:00,851:INFO:Using host_id: 4b1d3c2a-0000-4e5f-9a8b-1234567890ab',
  // §2.2 Chromium line (cardinalby/chrome-remote-desktop-image issue #9 form)
  `[1230/235501.762082:INFO:remoting_user_session.cc(759)] Daemon process started in the background, logging to '/tmp/${LOG_NAME}'`,
  'Xvfb: extension "GLX" missing on display ":20".',
  // with the optional pid:tid: prefix
  '[4321:4322:1230/235502.000001:INFO:remoting_me2me_host.cc(1900)] Host ready to receive connections.',
  `[4321:4322:1231/235958.500000:INFO:host_event_logger_posix.cc(86)] Client connected: ${JID_A}`,
  `[4321:4322:1231/235958.600000:INFO:host_event_logger_posix.cc(86)] Channel IP for client: ${JID_A} ip='unknown' host_ip='10.0.0.5:45001' channel='' connection='relay'`,
  // after midnight on New Year's Eve: the year rolls over (Dec -> Jan)
  `[4321:4322:0101/000130.250000:INFO:host_event_logger_posix.cc(86)] Client disconnected: ${JID_A}`,
].join('\n') + '\n[4321:4322:0101/0002'

describe('crd.host_log: Linux /tmp/chrome_remote_desktop_* logs', () => {
  it('both grammars, year from the file name, Dec->Jan roll-over, converted with --host-tz', async () => {
    const root = tree({[`tmp/${LOG_NAME}`]: HOST_LOG})
    const {artifacts, events} = await scanWith(root, {parsers: [crdHostLog], hostTz: 'Europe/Berlin'})
    expect(artifacts).toMatchObject([{kind: 'crd.host_log', status: 'partial', warnings: ['line 8: the last line is incomplete (truncated file?)']}])
    expect(events.map((e) => [e.type, e.time, e.timeBasis, e.location])).toEqual([
      ['remote_access.config', '2023-12-30T22:55:00.851000Z', 'local-converted', 'line 1'],
      ['remote_access.process_start', '2023-12-30T22:55:01.762082Z', 'local-converted', 'line 2'],
      ['remote_access.host_ready', '2023-12-30T22:55:02.000001Z', 'local-converted', 'line 4'],
      ['remote_access.session_start', '2023-12-31T22:59:58.500000Z', 'local-converted', 'line 5'],
      ['remote_access.connection_route', '2023-12-31T22:59:58.600000Z', 'local-converted', 'line 6'],
      ['remote_access.session_end', '2023-12-31T23:01:30.250000Z', 'local-converted', 'line 7'],
    ])
    expect(events[0]!.fields).toMatchObject({host_id: '4b1d3c2a-0000-4e5f-9a8b-1234567890ab', log_grammar: 'python'})
    expect(events[0]!.fields.year_source).toBeUndefined()
    expect(events[1]!.fields).toMatchObject({year_source: 'file name', log_grammar: 'chromium', source_file: 'remoting_user_session.cc(759)'})
    const s = events[3]!
    expect(s.fields).toMatchObject({
      tool: 'chrome_remote_desktop', client: JID_A, email: 'worker.one@gmail.com', route: 'relay', host_ip: '10.0.0.5', host_port: 45001,
      duration_s: 91.75, end_time: '2023-12-31T23:01:30.250000Z', year_source: 'file name', pid: '4321',
    })
    expect(s.fields.remote_ip).toBeUndefined()
    expect(events[5]!.fields).toMatchObject({year_source: 'file name', year_rollover: true})
  })

  it('without --host-tz the times are assumed UTC', async () => {
    const root = tree({[`tmp/${LOG_NAME}`]: HOST_LOG})
    const {events} = await scanWith(root, {parsers: [crdHostLog]})
    const s = events.find((e) => e.type === 'remote_access.session_start')!
    expect(s).toMatchObject({time: '2023-12-31T23:59:58.500000Z', timeBasis: 'assumed-utc'})
    expect(s.fields.end_time).toBe('2024-01-01T00:01:30.250000Z')
  })

  it('the .latest copy has no date in its name: the year comes from the file mtime, flagged', async () => {
    const lines = `[0105/101500.000000:INFO:remoting_me2me_host.cc(1900)] Host ready to receive connections.\n`
    const root = tree({'tmp/chrome_remote_desktop.latest': lines}, new Date('2024-01-06T00:00:00Z'))
    const {events} = await scanWith(root, {parsers: [crdHostLog]})
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({time: '2024-01-05T10:15:00.000000Z', timeBasis: 'assumed-utc'})
    expect(events[0]!.fields.year_source).toBe('file mtime')
  })

  it('is not parsed by name alone (at its known location it is listed as failed, #14.3)', async () => {
    const root = tree({[`tmp/${LOG_NAME}`]: 'just text\nno log lines\n'})
    const {artifacts} = await scanWith(root, {parsers: [crdHostLog]})
    expect(artifacts).toMatchObject([{kind: 'crd.host_log', status: 'failed', events: 0}])
    expect(artifacts[0]!.warnings[0]).toMatch(/^not read: the content is not a Chrome Remote Desktop host log/)
  })

  it('Windows file log grammar (§2.1): year in the line, pid column', () => {
    expect(parseHostLogLine(`[20240516/094058.123:06544:07012:INFO:host_event_logger.cc(80)] Client connected: ${JID_A}`)).toMatchObject({
      wall: {year: 2024, month: 5, day: 16, hour: 9, minute: 40, second: 58, fraction: '123'}, pid: '6544', severity: 'INFO',
      message: `Client connected: ${JID_A}`, grammar: 'windows-file',
    })
  })
})

describe('crd.syslog: syslog and journald exports', () => {
  const SYSLOG = [
    `Dec 31 23:59:58 ubuntu-host chromoting[2315]: Client connected: ${JID_A}`,
    `Dec 31 23:59:58 ubuntu-host chromoting[2315]: Channel IP for client: ${JID_A} ip='203.0.113.77:50001' host_ip='192.168.1.20:50002' channel='' connection='direct'`,
    `Jan  1 00:01:30 ubuntu-host chromoting[2315]: Client disconnected: ${JID_A}`,
    'Jan  1 00:05:00 ubuntu-host systemd[1]: Started Daily apt download activities.',
    `Jan  2 10:00:00 ubuntu-host chromoting[2315]: Access denied for client: ${JID_C}`,
    `Jan  2 11:00:00 ubuntu-host chromoting[2315]: Client connected: ${JID_B}`,
    'Jan  3 09:00:00 ubuntu-host chromoting[2401]: Host started for user: owner@gmail.com',
  ].join('\n') + '\n'

  it('classic lines: year from the file mtime (Dec of the previous year), flagged; a new host process ends nothing', async () => {
    const root = tree({'var/log/syslog': SYSLOG}, new Date('2024-01-05T12:00:00Z'))
    const {artifacts, events} = await scanWith(root, {parsers: [crdSyslog]})
    expect(artifacts).toMatchObject([{kind: 'crd.syslog', status: 'parsed'}])
    expect(events.map((e) => [e.type, e.time, e.location])).toEqual([
      ['remote_access.session_start', '2023-12-31T23:59:58.000000Z', 'line 1'],
      ['remote_access.connection_route', '2023-12-31T23:59:58.000000Z', 'line 2'],
      ['remote_access.session_end', '2024-01-01T00:01:30.000000Z', 'line 3'],
      ['remote_access.access_denied', '2024-01-02T10:00:00.000000Z', 'line 5'],
      ['remote_access.session_start', '2024-01-02T11:00:00.000000Z', 'line 6'],
      ['remote_access.process_start', '2024-01-03T09:00:00.000000Z', 'line 7'],
    ])
    const a = events[0]!
    expect(a).toMatchObject({timeBasis: 'assumed-utc', timePrecision: 'second'})
    expect(a.fields).toMatchObject({
      client: JID_A, route: 'direct', remote_ip: '203.0.113.77', remote_port: 50001, host_ip: '192.168.1.20', host_port: 50002,
      duration_s: 92, year_source: 'file mtime', computer: 'ubuntu-host', pid: '2315',
    })
    expect(events[4]!.fields).toMatchObject({client: JID_B, end_missing: true, end_note: 'host process 2315 was replaced by 2401 before a disconnect was logged'})
  })

  it('classic lines with --host-tz', async () => {
    const root = tree({'var/log/syslog': SYSLOG}, new Date('2024-01-05T12:00:00Z'))
    const {events} = await scanWith(root, {parsers: [crdSyslog], hostTz: 'America/New_York'})
    expect(events[0]).toMatchObject({time: '2024-01-01T04:59:58.000000Z', timeBasis: 'local-converted'})
  })

  it('RFC 3339 lines are exact (UTC)', async () => {
    const root = tree({'var/log/messages': `2024-01-04T10:00:00.123456+01:00 ubuntu-host chromoting[2401]: Client connected: ${JID_A}\n`})
    const {events} = await scanWith(root, {parsers: [crdSyslog]})
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({time: '2024-01-04T09:00:00.123456Z', timeBasis: 'utc', type: 'remote_access.session_start'})
  })

  it('journalctl -o json: µs UTC, MESSAGE as string or byte array, truncated last line warned', async () => {
    const j = (us: string, msg: unknown, pid = '2315') => JSON.stringify({
      __CURSOR: 's=0c8f;i=1a2b', __REALTIME_TIMESTAMP: us, __MONOTONIC_TIMESTAMP: '123456789', _BOOT_ID: 'b1', PRIORITY: '5',
      SYSLOG_FACILITY: '1', SYSLOG_IDENTIFIER: 'chromoting', _PID: pid, _COMM: 'chrome-remote-d', _HOSTNAME: 'ubuntu-host',
      _SYSTEMD_UNIT: 'chrome-remote-desktop@alice.service', MESSAGE: msg,
    })
    const route = `Channel IP for client: ${JID_A} ip='unknown' host_ip='10.1.2.3:33000' channel='' connection='relay'`
    const lines = [
      j('1715852458123456', `Client connected: ${JID_A}`),
      j('1715852458200000', [...Buffer.from(route)]),
      JSON.stringify({__REALTIME_TIMESTAMP: '1715852459000000', SYSLOG_IDENTIFIER: 'systemd', MESSAGE: 'Started chromoting thing'}),
      j('1715854323623456', `Client disconnected: ${JID_A}`),
    ]
    const text = lines.join('\n') + '\n' + j('1715855000000000', 'Client connected: x').slice(0, 60)
    const root = tree({'case/journal-chromoting.json': text + 'chromoting'})
    const {artifacts, events} = await scanWith(root, {parsers: [crdSyslog]})
    expect(artifacts[0]).toMatchObject({kind: 'crd.syslog', status: 'partial', warnings: ['1 journal line(s) are not valid JSON (first at line 5; truncated export?)']})
    expect(events.map((e) => [e.type, e.time, e.timeBasis])).toEqual([
      ['remote_access.session_start', '2024-05-16T09:40:58.123456Z', 'utc'],
      ['remote_access.connection_route', '2024-05-16T09:40:58.200000Z', 'utc'],
      ['remote_access.session_end', '2024-05-16T10:12:03.623456Z', 'utc'],
    ])
    expect(events[0]!.fields).toMatchObject({
      duration_s: 1865.5, host_ip: '10.1.2.3', route: 'relay', computer: 'ubuntu-host', systemd_unit: 'chrome-remote-desktop@alice.service', log_source: 'journald',
    })
  })

  it('a text file without chromoting syslog lines is not claimed', async () => {
    const root = tree({'notes.txt': 'Jan  1 00:05:00 ubuntu-host systemd[1]: Started x.\n'})
    const {artifacts} = await scanWith(root, {parsers: [crdSyslog]})
    expect(artifacts).toHaveLength(0)
  })
})

describe('crd.host_config: host.json / host#<hash>.json', () => {
  // §2.1 "Config" keys (Chromium linux_me2me_host.py; a public provisioning script)
  const cfg = {
    host_id: '4b1d3c2a-0000-4e5f-9a8b-1234567890ab', host_name: 'DESKTOP-7QK2F', host_owner: 'owner@gmail.com',
    xmpp_login: 'owner@gmail.com', service_account: '0123abcd@chromoting.gserviceaccount.com',
    host_secret_hash: 'hmac:Zm9vYmFyYmF6cXV4', private_key: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', oauth_refresh_token: '1//0gSECRETrefresh',
    usage_stats_consent: false,
  }

  it('Windows ProgramData host.json: owner, name, id; secrets redacted; no time', async () => {
    const root = tree({'C/ProgramData/Google/Chrome Remote Desktop/host.json': JSON.stringify(cfg, null, 2)})
    const {artifacts, events} = await scanWith(root, {parsers: [crdHostConfig]})
    expect(artifacts).toMatchObject([{kind: 'crd.host_config', status: 'parsed', logicalPath: 'C:/ProgramData/Google/Chrome Remote Desktop/host.json'}])
    expect(events).toHaveLength(1)
    const e = events[0]!
    expect(e).toMatchObject({time: null, timeBasis: 'unknown', type: 'remote_access.config', location: 'file'})
    expect(e.fields).toEqual({
      tool: 'chrome_remote_desktop', setting: 'host_config', email: 'owner@gmail.com', host_owner: 'owner@gmail.com',
      host_name: 'DESKTOP-7QK2F', host_id: '4b1d3c2a-0000-4e5f-9a8b-1234567890ab', service_account: '0123abcd@chromoting.gserviceaccount.com',
      usage_stats_consent: false, pin_set: true,
    })
    for (const secret of ['MIIEvQ', 'SECRETrefresh', 'Zm9vYmFy']) expect(e.raw).not.toContain(secret)
    expect(e.raw).toContain('"private_key":"[redacted 32 characters]"')
  })

  it('Linux ~/.config/chrome-remote-desktop/host#<hash>.json names the OS user; truncated JSON is salvaged with a warning', async () => {
    const text = JSON.stringify(cfg)
    const root = tree({
      'home/alice/.config/chrome-remote-desktop/host#0a1b2c3d4e5f60718293a4b5c6d7e8f9.json': text,
      'home/bob/.config/chrome-remote-desktop/host#ffffffffffffffffffffffffffffffff.json': text.slice(0, 120),
    })
    const {artifacts, events} = await scanWith(root, {parsers: [crdHostConfig]})
    expect(artifacts.map((a) => a.status).sort()).toEqual(['parsed', 'partial'])
    const alice = events.find((e) => e.fields.user === 'alice')!
    expect(alice.fields).toMatchObject({email: 'owner@gmail.com', host_name: 'DESKTOP-7QK2F'})
    const bob = events.find((e) => e.fields.user === 'bob')!
    expect(bob.fields).toMatchObject({email: 'owner@gmail.com', host_id: '4b1d3c2a-0000-4e5f-9a8b-1234567890ab'})
  })
})

describe('macOS unified log exports (reference §2.3: the host syslog() messages go to the unified log)', () => {
  it('log show default and syslog styles, and ndjson: sessions with the stated offset converted to UTC', async () => {
    const dir = tempDir('crd-mac-')
    const jid = 'worker.one@gmail.com/chromoting_ftl_0523e78a-4a7c-4466-9fd5-5df9be1c656a'
    // `log show` default style (Timestamp Thread Type Activity PID TTL, then process: message)
    writeFileSync(join(dir, 'crd-unified.log'), [
      'Timestamp                       Thread     Type        Activity             PID    TTL  ',
      `2024-05-16 02:40:58.123456-0700 0x2a5c     Default     0x0                  812    0    remoting_me2me_host: (libsystem_trace.dylib) Client connected: ${jid}.`,
      `2024-05-16 02:40:58.200000-0700 0x2a5c     Default     0x0                  812    0    remoting_me2me_host: Channel IP for client: ${jid} ip='198.51.100.23:40112' host_ip='192.168.1.50:40113' channel='' connection='stun'.`,
    ].join('\n') + '\n')
    // `--style syslog` and `--style ndjson`
    writeFileSync(join(dir, 'crd-syslog-style.txt'), `2024-05-16 03:12:03.623456-0700  localhost remoting_me2me_host[812]: Client disconnected: ${jid}.\n`)
    writeFileSync(join(dir, 'crd.ndjson'), JSON.stringify({timestamp: '2024-05-16 03:30:00.000001-0700', eventMessage: 'Host started for user: owner@gmail.com.', processImagePath: '/Library/PrivilegedHelperTools/ChromeRemoteDesktopHost.app/Contents/MacOS/remoting_me2me_host', processID: 812}) + '\n')
    const {artifacts, events} = await scanWith(dir, {parsers: [crdSyslog]})
    expect(artifacts.map((a) => [a.path, a.status])).toEqual([['crd-syslog-style.txt', 'parsed'], ['crd-unified.log', 'parsed'], ['crd.ndjson', 'parsed']])
    const start = events.find((e) => e.type === 'remote_access.session_start')!
    expect(start).toMatchObject({time: '2024-05-16T09:40:58.123456Z', timeBasis: 'local-converted'})
    expect(start.fields).toMatchObject({tool: 'chrome_remote_desktop', client: jid, remote_ip: '198.51.100.23', host_ip: '192.168.1.50', route: 'stun'})
    expect(events.some((e) => e.type === 'remote_access.session_end' && e.time === '2024-05-16T10:12:03.623456Z')).toBe(true)
    expect(events.some((e) => e.time === '2024-05-16T10:30:00.000001Z' && e.fields.email === 'owner@gmail.com')).toBe(true)
  })
})
