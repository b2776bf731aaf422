// AnyDesk trace parser on every real trace of the shared corpus, with the oracle values of
// shared/corpus/README.md and PROVENANCE.tsv, plus grammar edge cases from the reference §1.2.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {anydeskTrace} from '../../../src/artifacts/anydesk/trace.js'
import {parseTraceLine} from '../../../src/artifacts/anydesk/trace-grammar.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const linux = corpusPath('remote', 'anydesk-7.1-linux-artemis')
const winExcerpt = corpusPath('remote', 'anydesk-win-excerpt')
const winPortable = corpusPath('remote', 'anydesk-7.0-win-portable')

describe.skipIf(!HAS_CORPUS)('anydesk.trace on the real corpus', () => {
  it('Linux service trace: incoming sessions from 23.162.8.100, remote ID 1001025310, auth and close', async () => {
    const {artifacts, events} = await scanWith(join(linux, 'var', 'log', 'anydesk.trace'), {parsers: [anydeskTrace]})
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]).toMatchObject({
      kind: 'anydesk.trace', status: 'parsed', size: 298224,
      sha256: '915ef870ee4310617d9cc4fe0c6af3115db4d676519197bc991264bbddf46112',
    })
    const starts = events.filter((e) => e.type === 'remote_access.session_start')
    const incoming = starts.filter((e) => e.fields.direction === 'incoming')
    const outgoing = starts.filter((e) => e.fields.direction === 'outgoing')
    expect(incoming).toHaveLength(6)
    expect(outgoing).toHaveLength(3)
    // 9 "Logged in from 23.162.8.100" lines: one per connection (6 incoming + 3 outgoing)
    expect(starts.every((e) => e.fields.remote_ip === '23.162.8.100' && e.fields.remote_id === '1001025310')).toBe(true)

    const first = incoming[0]!
    expect(first.time).toBe('2025-09-22T00:23:41.720000Z')
    expect(first.timeBasis).toBe('assumed-utc')
    expect(first.location).toBe('line 359')
    expect(first.fields).toMatchObject({remote_port: 50104, relay: '0b975d23', remote_fpr: '3be8ae34a21e', via: 'relay', local_id: '633952986'})
    expect(first.raw).toContain('371: ')
    expect(first.raw).toContain('Logged in from 23.162.8.100:50104 on relay 0b975d23')

    const authed = incoming.find((e) => e.fields.auth_method)!
    expect(authed.time).toBe('2025-09-22T00:53:50.850000Z')
    expect(authed.fields).toMatchObject({auth_method: 'accepted by local user', remote_port: 58346, relay: 'b8f8a0be', duration_s: 203.284})
    expect(authed.fields.end_time).toBe('2025-09-22T00:57:14.134000Z')

    const login = events.filter((e) => e.type === 'remote_access.login')
    expect(login).toHaveLength(1)
    expect(login[0]).toMatchObject({time: '2025-09-22T00:53:56.043000Z', location: 'line 965'})
    expect(login[0]!.raw).toMatch(/^\s*auth 2025-09-22 00:53:56\.043/)

    const ends = events.filter((e) => e.type === 'remote_access.session_end')
    const last = ends.find((e) => e.fields.close_reason === 'by remote side: desk_rt_ipc_error')!
    expect(last.time).toBe('2025-09-22T00:57:14.134000Z')
    expect(ends.filter((e) => String(e.fields.close_reason).includes('display_server_not_supported'))).toHaveLength(3)

    const ids = events.filter((e) => e.type === 'remote_access.local_id')
    expect(ids.map((e) => e.fields.local_id)).toEqual(['633952986'])
    expect(events.find((e) => e.type === 'remote_access.external_address')!.fields.external_ip).toBe('23.234.94.197')
  })

  it('Linux user trace: "Incoming session request: centos (1001025310)" with remote OS, flags and version', async () => {
    // scanned as a folder so the path (home/user/...) names the OS user
    const all = await scanWith(linux, {parsers: [anydeskTrace]})
    const artifacts = all.artifacts.filter((a) => a.path === 'home/user/.anydesk/anydesk.trace')
    const events = all.events.filter((e) => e.artifact === 'home/user/.anydesk/anydesk.trace')
    expect(artifacts[0]).toMatchObject({status: 'parsed', sha256: 'cbfc017e657b04cb48568befea721cd4be9931de250c64e398bee0a383de116f'})
    const s = events.filter((e) => e.type === 'remote_access.session_start')
    expect(s).toHaveLength(1)
    expect(s[0]!.time).toBe('2025-09-22T00:53:51.221000Z')
    expect(s[0]!.fields).toMatchObject({
      remote_alias: 'centos', remote_id: '1001025310', remote_os: 'Linux', connection_flags: 'direct paid 3 4',
      remote_version: '7.1.0', direction: 'incoming', user: 'user',
    })
    // "explode"-level lines are part of the grammar: nothing is left unparsed
    expect(artifacts[0]!.warnings).toEqual([])
    expect(events.some((e) => e.type === 'remote_access.file_transfer' && e.fields.path === '/home/ubu/.local/share')).toBe(true)
  })

  it('Windows excerpt (fiber column, masked IPs, trailing space): remote 442226597 from 12.xx.xx.21:59562', async () => {
    const all = await scanWith(winExcerpt, {parsers: [anydeskTrace]})
    const events = all.events.filter((e) => e.artifact === 'Users/lab/AppData/Roaming/AnyDesk/ad.trace')
    const s = events.find((e) => e.type === 'remote_access.session_start')!
    expect(s.time).toBe('2022-09-28T12:39:26.845000Z')
    expect(s.fields).toMatchObject({remote_id: '442226597', remote_ip: '12.xx.xx.21', remote_port: 59562, relay: '80e496c0', user: 'lab'})
    const ft = events.find((e) => e.type === 'remote_access.file_transfer')!
    expect(ft).toMatchObject({time: '2022-09-28T12:41:20.001000Z', location: 'line 8'})
    expect(ft.fields.path).toBe('C:\\Users\\lab\\Downloads')
    expect(events.find((e) => e.type === 'remote_access.local_id')!.fields.local_id).toBe('294433414')
  })

  it('Windows service excerpt (gsvc): client 547911884 logged in at 10:20:17.125', async () => {
    const {events} = await scanWith(join(winExcerpt, 'ProgramData', 'AnyDesk', 'ad_svc.trace'), {parsers: [anydeskTrace]})
    const s = events.find((e) => e.type === 'remote_access.session_start')!
    expect(s.time).toBe('2022-08-23T10:20:17.125000Z')
    expect(s.fields).toMatchObject({remote_id: '547911884', remote_ip: '12.xx.xx.21', remote_port: 41314, local_id: '609579424'})
  })

  it('Windows 7.0.10 portable trace: local ID, external address, no incoming session', async () => {
    const {artifacts, events} = await scanWith(join(winPortable, 'Users', 'user', 'AppData', 'Roaming', 'AnyDesk', 'ad.trace'), {parsers: [anydeskTrace]})
    expect(artifacts[0]!.status).toBe('parsed')
    expect(events.filter((e) => e.type === 'remote_access.session_start')).toHaveLength(0)
    expect(events.find((e) => e.type === 'remote_access.local_id')).toMatchObject({time: '2022-06-29T04:18:38.130000Z'})
    const ext = events.find((e) => e.type === 'remote_access.external_address')!
    // first of the repeated "External address" lines (line 183); later ones differ only by port
    expect(ext.fields).toMatchObject({external_ip: '52.79.232.69', external_port: 58156})
    expect(ext).toMatchObject({time: '2022-06-29T04:18:38.113000Z', location: 'line 183'})
    const profile = events.find((e) => e.type === 'remote_access.config' && e.fields.profile === '_unattended_access')!
    expect(profile.time).toBe('2022-06-29T04:31:54.410000Z')
    const start = events.find((e) => e.type === 'remote_access.process_start')!
    expect(start.fields).toMatchObject({version: '7.0.10', os: 'Windows 10 (64 bit)', install_status: 'not installed (<4)'})
  })

  it('--host-tz leaves the trace in UTC (its documented basis); --local-time-kinds converts it and says so in timeBasis', async () => {
    const file = join(winExcerpt, 'ProgramData', 'AnyDesk', 'ad_svc.trace')
    const utc = (await scanWith(file, {parsers: [anydeskTrace], hostTz: 'America/New_York'})).events.find((e) => e.type === 'remote_access.session_start')!
    expect(utc.time).toBe('2022-08-23T10:20:17.125000Z')
    expect(utc.timeBasis).toBe('assumed-utc')
    const {events} = await scanWith(file, {parsers: [anydeskTrace], hostTz: 'America/New_York', localTimeKinds: ['anydesk.trace']})
    const s = events.find((e) => e.type === 'remote_access.session_start')!
    // 2022-08-23 10:20:17.125 EDT (UTC-4)
    expect(s.time).toBe('2022-08-23T14:20:17.125000Z')
    expect(s.timeBasis).toBe('local-converted')
  })
})

describe('anydesk.trace grammar and robustness', () => {
  it('parses Windows and Linux column layouts and the auth/explode levels', () => {
    expect(parseTraceLine('   info 2022-06-29 04:23:40.322       lsvc  10728  11892    3                anynet.relay_conn - External address: 52.79.232.69:34458.'))
      .toMatchObject({level: 'info', proc: 'lsvc', pid: '10728', tid: '11892', fiber: '3', component: 'anynet.relay_conn'})
    expect(parseTraceLine('   info 2025-09-22 00:53:51.221    backend   wrk0   6086   6096                   app.backend_session - Remote version: 7.1.0'))
      .toMatchObject({proc: 'backend', thread: 'wrk0', pid: '6086', fiber: undefined, message: 'Remote version: 7.1.0'})
    expect(parseTraceLine('explode 2025-09-21 23:51:13.509       tray   main   7625   7625   unix_base.x11_tools - Cannot open display'))
      .toMatchObject({level: 'explode', thread: 'main', message: 'Cannot open display'})
    expect(parseTraceLine('   info 2022-06-29 04:18:33.830      front   9248  12332                                  main - '))
      .toMatchObject({component: 'main', message: ''})
  })

  it('survives NUL runs, CRLF, non-UTF-8 bytes and junk, and reports unparsable lines', async () => {
    const dir = tempDir('ad-trace-')
    const l1 = Buffer.from('   info 2024-02-16 20:29:04.298       back   4668   6440                   app.backend_session - Incoming session request: ', 'latin1')
    const alias = Buffer.from([0xb1, 0xe8, 0x20, 0x41]) // CP949 bytes, not UTF-8
    const l1b = Buffer.from(' (221436813)\r\n', 'latin1')
    const nul = Buffer.alloc(300, 0)
    const l2 = Buffer.from('   info 2024-02-16 20:35:00.000       back   4668   6440                   app.backend_session - Session closed by remote side: user_closed.\r\ngarbage line\r\n', 'latin1')
    const p = join(dir, 'AnyDesk')
    mkdirSync(p)
    writeFileSync(join(p, 'ad.trace'), Buffer.concat([l1, alias, l1b, nul, l2]))
    const {artifacts, events} = await scanWith(join(p, 'ad.trace'), {parsers: [anydeskTrace]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings[0]).toMatch(/1 line\(s\) do not follow the trace grammar \(first at line 3\)/)
    const s = events.find((e) => e.type === 'remote_access.session_start')!
    expect(s.fields.remote_alias).toBe('\\xb1\\xe8 A')
    expect(s.fields.remote_id).toBe('221436813')
    expect(s.fields.duration_s).toBe(355.702)
  })

  it('is not parsed by name alone: a text file named ad.trace without trace lines is listed as failed (#14.3)', async () => {
    const dir = tempDir('ad-trace-')
    writeFileSync(join(dir, 'ad.trace'), 'hello world\nnot a trace\n')
    const {artifacts} = await scanWith(join(dir, 'ad.trace'), {parsers: [anydeskTrace]})
    expect(artifacts).toMatchObject([{kind: 'anydesk.trace', status: 'failed', events: 0}])
  })
})

describe('anydesk.trace fast path (raw-byte line triage)', () => {
  it('skips routine lines, sends every line the assembler acts on to the full grammar', async () => {
    const {isRoutineLine} = await import('../../../src/artifacts/anydesk/trace.js')
    const L = (msg: string, comp = 'anynet.any_socket', fiber = '28') =>
      Buffer.from(`   info 2025-09-22 00:23:41.873    service   main   1214   1214   ${fiber.padStart(2)}   ${comp.padStart(30)} - ${msg}`, 'latin1')
    for (const routine of [
      L('Connection switch completed.'), L('Sending 0 queued blobs.'), L('', 'main', ''),
      L("Spawning root fiber 18.", 'fiber.scheduler'), L("Fiber 41 terminated.", 'fiber.scheduler'),
    ]) expect(isRoutineLine(routine), routine.toString()).toBe(true)
    for (const interesting of [
      L('Accept request from 1001025310 (via relay).'), L('Client-ID: 1001025310 (FPR: 3be8ae34a21e).'),
      L('Logged in from 23.162.8.100:50104 on relay 0b975d23.'), L('3: Authenticated by local user.', 'app.session'),
      L("Spawning child fiber 27 'anynet_connection' (parent: 1).", 'fiber.scheduler'),
      L("Fiber 75 'anynet_connection' (parent: 1) terminated.", 'fiber.scheduler'),
      L('Session closed by remote side: desk_rt_ipc_error.', 'app.session'), L('* Version 7.1.0', 'main'),
      L('1: Connecting to "1001025310"', 'app.session'), L("Preparing files in 'C:\\Users\\lab\\Downloads'.", 'app.prepare_task'),
      L('tunnel.config 127.0.0.1:3389 -> 10.0.0.5:3389', 'app.tunnel'),
      Buffer.from(' * * * * * * * * * * * * * * * * * *'), Buffer.from('garbage line'),
      Buffer.concat([L('Connection switch completed.'), Buffer.from([0, 0, 0])]),
    ]) expect(isRoutineLine(interesting), interesting.toString()).toBe(false)
  })
})

describe('anydesk.trace at scale (generated service trace over the parallel-hash size)', () => {
  it('finds every generated session at its physical line and hashes the whole file', async () => {
    const {generateTrace} = (await import('../../../scripts/gen-anydesk-trace.mjs')) as {
      generateTrace: (out: string, bytes: number) => {bytes: number; lines: number; sessions: number}
    }
    const {createHash} = await import('node:crypto')
    const {readFileSync, rmSync} = await import('node:fs')
    const dir = tempDir('dprk-bigtrace-')
    try {
      const file = join(dir, 'ProgramData', 'AnyDesk', 'ad_svc.trace')
      mkdirSync(join(dir, 'ProgramData', 'AnyDesk'), {recursive: true})
      const gen = generateTrace(file, 40 * 1024 * 1024)
      const {artifacts, events} = await scanWith(dir, {parsers: [anydeskTrace]})
      const data = readFileSync(file)
      expect(artifacts[0]).toMatchObject({status: 'parsed', size: data.length, sha256: createHash('sha256').update(data).digest('hex')})
      const starts = events.filter((e) => e.type === 'remote_access.session_start')
      expect(starts).toHaveLength(gen.sessions)
      // line numbers are physical lines, whatever chunk or slice a line fell in
      const lines = data.toString('latin1').split('\n')
      for (const e of starts) {
        const n = Number(/^line (\d+)$/.exec(e.location)![1])
        expect(lines[n - 1]).toContain(`Accept request from ${e.fields.remote_id}`)
      }
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  }, 60_000)
})
