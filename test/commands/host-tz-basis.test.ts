// Issue #14 point 1: `--host-tz` converts only sources that write local time. A Linux host with a
// Chrome Remote Desktop session log (local time, remote-access-artifacts.md §2.2) and an AnyDesk
// service trace (zone-less but UTC, §1.2): the zone moves the CRD times and leaves AnyDesk's alone;
// `--local-time-kinds` converts a kind on the rare build that logs local time; the method section
// of every format says which kinds were converted with which zone.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {PARSERS} from '../../src/artifacts/registry.js'
import {cli, BUILT} from '../support/cli.js'
import {put} from '../support/windows-case.js'
import {suiteTempDir} from '../support/tmp.js'

const JID = 'ops.remote@gmail.com/chromoting_ftl_7d1f6c2e-3b4a-4e5f-9a0b-1c2d3e4f5a6b'
// Chromium host lines: `[MMDD/HHMMSS.ffffff:SEVERITY:file(line)] message`, local time, year from the file name
const CRD_LOG = [
  "[0516/221500.104211:INFO:remoting_user_session.cc(759)] Daemon process started in the background, logging to '/tmp/chrome_remote_desktop_20240516_221500_LUyjRz'",
  '[0516/221502.000731:INFO:host_event_logger_posix.cc(55)] Host ready to receive connections.',
  `[0516/233001.512000:INFO:host_event_logger_posix.cc(55)] Client connected: ${JID}`,
  `[0517/011002.250000:INFO:host_event_logger_posix.cc(55)] Client disconnected: ${JID}`,
].join('\n') + '\n'
// AnyDesk 7.1 Linux service trace lines (thread column), as in the artemis sample (§1.2)
const AD_TRACE = [
  '   info 2024-05-16 14:31:41.720    service   main   1214   1214   11                anynet.any_socket - Accept request from 1001025310 (via relay).',
  '   info 2024-05-16 14:31:41.873    service   main   1214   1214   28                anynet.any_socket - Client-ID: 1001025310 (FPR: 3be8ae34a21e).',
  '   info 2024-05-16 14:31:41.874    service   main   1214   1214   28                anynet.any_socket - Logged in from 23.162.8.100:50104 on relay 0b975d23.',
  '   auth 2024-05-16 14:31:56.043    service   main   1214   1214   28                      app.session - 3: Authenticated by local user.',
  '   info 2024-05-16 16:57:14.134    service   main   1214   1214   28                      app.session - Session closed by remote side: desk_rt_ipc_error.',
].join('\n') + '\n'

type Ev = {time: string; timeBasis: string; type: string; artifact: string}

describe('time basis of sources', () => {
  it('every parser declares the time basis of its sources', () => {
    for (const p of PARSERS) expect(['utc', 'local', 'stated-offset', 'unknown', 'none'], p.kind).toContain(p.timeSource)
    const of = (k: string) => PARSERS.find((p) => p.kind === k)!.timeSource
    expect([of('anydesk.trace'), of('anydesk.connection_trace'), of('crd.host_log'), of('crd.syslog'), of('windows.event_export'), of('rustdesk.log')])
      .toEqual(['utc', 'utc', 'local', 'local', 'utc', 'stated-offset'])
  })
})

describe.skipIf(!BUILT)('--host-tz applies to local-time sources only (issue #14 point 1)', () => {
  const dir = suiteTempDir('host-tz-', (d) => {
    put(join(d, 'linux-host'), 'tmp/chrome_remote_desktop_20240516_221500_LUyjRz', CRD_LOG)
    put(join(d, 'linux-host'), 'var/log/anydesk.trace', AD_TRACE)
  })
  const ev = join(dir, 'linux-host')
  const scan = (...extra: string[]) => {
    const out = join(dir, 'r.json')
    const r = cli(['scan', ev, '-f', 'json', '-o', out, '--force', '-q', '--deterministic', ...extra])
    expect(r.stderr).toBe('')
    return JSON.parse(readFileSync(out, 'utf8'))
  }
  const start = (r: {cases: Array<{events: Ev[]}>}, file: string) => r.cases[0]!.events.find((e) => e.type === 'remote_access.session_start' && e.artifact.endsWith(file))!

  it('converts the CRD log and leaves the AnyDesk trace in UTC', () => {
    const plain = scan()
    expect(start(plain, 'anydesk.trace')).toMatchObject({time: '2024-05-16T14:31:41.720000Z', timeBasis: 'assumed-utc'})
    expect(start(plain, 'LUyjRz')).toMatchObject({time: '2024-05-16T23:30:01.512000Z', timeBasis: 'assumed-utc'})

    const seoul = scan('--host-tz', 'Asia/Seoul')
    // the AnyDesk session does not move by the zone offset
    expect(start(seoul, 'anydesk.trace')).toMatchObject({time: '2024-05-16T14:31:41.720000Z', timeBasis: 'assumed-utc'})
    // the CRD local time is converted (KST = UTC+9)
    expect(start(seoul, 'LUyjRz')).toMatchObject({time: '2024-05-16T14:30:01.512000Z', timeBasis: 'local-converted'})
    expect(seoul.method.hostTz).toEqual({'*': 'Asia/Seoul'})
    expect(seoul.method.hostTzKinds).toContain('crd.host_log')
    expect(seoul.method.hostTzKinds).not.toContain('anydesk.trace')
    expect(seoul.method.parsers.find((p: {kind: string}) => p.kind === 'anydesk.trace').timeSource).toBe('utc')
  })

  it('--local-time-kinds converts a kind on a build that logs local time', () => {
    const r = scan('--host-tz', 'Asia/Seoul', '--local-time-kinds', 'anydesk.trace')
    expect(start(r, 'anydesk.trace')).toMatchObject({time: '2024-05-16T05:31:41.720000Z', timeBasis: 'local-converted'})
    expect(r.method.hostTzKinds).toContain('anydesk.trace')
    const bad = cli(['scan', ev, '-f', 'json', '-q', '--local-time-kinds', 'anydesk.tracex'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('not an artifact kind')
  })

  it('the Markdown and HTML method sections say which sources the zone was applied to', () => {
    for (const fmt of ['md', 'html']) {
      const out = join(dir, `r.${fmt}`)
      expect(cli(['scan', ev, '-f', fmt, '-o', out, '-q', '--host-tz', 'Asia/Seoul']).code).toBe(0)
      const text = readFileSync(out, 'utf8').replace(/\\/g, '') // Markdown escapes `_`
      expect(text).toMatch(/applied only to sources that write local time: [^.]*crd\.host_log/)
      expect(text).not.toMatch(/applied only to sources that write local time: [^.]*anydesk\.trace/)
    }
  })
})
