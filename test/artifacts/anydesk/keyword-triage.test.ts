// The trace's keyword triage (routine lines dropped unread, issue #17) against full triage (every
// line through the grammar): identical events and warnings on every corpus trace, on a generated
// service trace and on a trace holding every line kind the assembler acts on, hostile shapes too.
import {mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {anydeskTrace, isRoutineLine, makeAnydeskTraceParser} from '../../../src/artifacts/anydesk/trace.js'
import {messageKeys, MSG} from '../../../src/artifacts/anydesk/trace-grammar.js'
import {scanCase} from '../../../src/lib/scan-case.js'
import type {Codepage} from '../../../src/lib/text.js'
import {CORPUS, HAS_CORPUS} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'
import {mutatedLines, W, X} from './trace-lines.js'

const full = makeAnydeskTraceParser({fullTriage: true})

async function expectSameAsFullTriage(path: string, opts: {codepage?: Codepage} = {}): Promise<number> {
  const fast = await scanCase(path, {caseId: 'test', parsers: [anydeskTrace], ...opts})
  const slow = await scanCase(path, {caseId: 'test', parsers: [full], ...opts})
  expect(fast.events.length).toBe(slow.events.length)
  expect(fast.events).toEqual(slow.events)
  expect(fast.artifacts.map((a) => [a.path, a.status, a.warnings])).toEqual(slow.artifacts.map((a) => [a.path, a.status, a.warnings]))
  return fast.events.length
}

function traces(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir)) {
    const p = join(dir, e)
    if (statSync(p).isDirectory()) out.push(...traces(p))
    else if (/\.trace$/.test(e)) out.push(p)
  }
  return out
}

function everyKindTrace(): Buffer {
  const lines: Array<string | Buffer> = []
  const banner = (pid: number, extra: string[]) => {
    lines.push(' * * * * * * * * * * * * * * * * * *')
    for (const m of ['* AnyDesk Windows Startup *', '* Version 7.0.10 (release/win_7.0.x 5a11cff7)', '* Custom Client (lab)', '', ...extra]) lines.push(W(m, {pid, comp: 'main', fiber: ''}))
  }
  banner(4628, ['Process started at 2024-01-08. PID 4628. OS is Windows 10 (64 bit)', 'Install status: installed'])
  // a banner whose install status comes after 31 lines of its process: full triage ends the start first
  banner(5000, [])
  for (let i = 0; i < 31; i++) lines.push(W(`Spawning root fiber ${40 + i}.`, {pid: 5000, comp: 'fiber.scheduler'}))
  lines.push(W('Install status: portable', {pid: 5000, comp: 'main', fiber: ''}))
  // a routine "main" line ends the start before the OS line
  banner(5100, ['Sending 0 queued blobs.', 'Distribution Info: Debian 12'])
  banner(5200, [])
  lines.push(W('Distribution Info: Windows 11', {pid: 5200, comp: 'main', fiber: ''}))
  const routine = ['Relay connector started.', 'Fiber 3 requested quit of fiber 9.', 'Could not send token - packet-type(47)', 'Connection terminated: net_timeout', 'Spawning child fiber 31 (parent 3).', 'Fiber 31 terminated.', '']
  let f = 20
  const session = (id: string, ip: string, auth: string) => {
    const c = ++f
    const s = ++f
    lines.push(W(`Accept request from ${id} (via relay).`, {fiber: 11}))
    lines.push(W(`Spawning child fiber ${c} 'anynet_connection' (parent: 1).`, {fiber: 1, comp: 'fiber.scheduler'}))
    lines.push(W(`Spawning root fiber ${s} 'any_socket_accept'.`, {fiber: c, comp: 'fiber.scheduler'}))
    lines.push(W(`Accepting from ${id}.`, {fiber: s}))
    lines.push(W(`Client-ID: ${id} (FPR: 6d1f0a9c2b7e).`, {fiber: s}))
    lines.push(W(`Logged in from ${ip}:50104 on relay 0b975d23.`, {fiber: s}))
    lines.push(W(`[${ip}:7070] Incoming connection.`, {fiber: s}))
    lines.push(W('Remote OS: Windows, Connection flags: 0x3', {fiber: c, comp: 'app.session'}))
    lines.push(W('Remote version: 8.0.8', {fiber: c, comp: 'app.session'}))
    lines.push(W('Session features: deskrt, clipboard, tcp_tunnel.', {fiber: c, comp: 'app.session'}))
    for (const r of routine) lines.push(W(r, {fiber: c}))
    lines.push(W(auth, {fiber: c, comp: 'app.session'}))
    lines.push(W("Profile was used: _unattended_access", {fiber: c, comp: 'app.session'}))
    lines.push(W('Issuing a permanent token.', {fiber: c, comp: 'app.session'}))
    lines.push(W("Preparing files in 'C:\\Users\\lab\\Downloads'.", {fiber: c, comp: 'app.prepare_task'}))
    lines.push(W('Preparation of 3 files completed (ok).', {fiber: c, comp: 'app.prepare_task'}))
    for (const t of ['Download started.', 'Download finished.', 'Upload failed.', 'Upload cancelled.', 'Got a file offer', 'Got a text offer (12 b)'])
      lines.push(W(t, {fiber: c, comp: 'app.local_file_transfer'}))
    for (const t of ['Requesting a TCP-Tunnel 3389', 'accepting tcp-tunnel', 'TUNNEL.CONFIG 127.0.0.1:1 -> 10.0.0.5:3389', 'tunnel.config a -> b'])
      lines.push(W(t, {fiber: c, comp: 'app.tunnel'}))
    lines.push(W('Selecting Profile: _unattended_access, hasPw: Y', {fiber: c, comp: 'app.session'}))
    lines.push(W(`Fiber ${s} 'any_socket_accept' (parent: ${c}) terminated.`, {fiber: '', comp: 'fiber.scheduler'}))
    lines.push(W('Session closed by remote side: desk_rt_ipc_error.', {fiber: c, comp: 'app.session'}))
    lines.push(W(`Fiber ${c} 'anynet_connection' (parent: 1) terminated.`, {fiber: '', comp: 'fiber.scheduler'}))
  }
  lines.push(W('External address: 192.0.2.44:50000.', {comp: 'anynet.relay_conn'}))
  lines.push(W('New user data. Client-ID: 731904622.', {fiber: 2, comp: 'anynet.connection_mgr'}))
  session('918273645', '203.0.113.77', "3: Authenticated with correct passphrase of profile '_unattended_access'.")
  session('450118207', '198.51.100.23', '3: Authenticated by password.')
  session('100200300', '192.0.2.150', 'Authenticated by local user (elevated).')
  session('100200301', '192.0.2.151', 'Authenticated with permanent token.')
  lines.push(W('Session stopped.', {comp: 'app.session'}))
  // outgoing: numbered and bare "Connecting to", with and without quotes; the request line first
  lines.push(W('Received outgoing connection request for address 123456789', {fiber: 5, comp: 'app.ctrl_clip_comp'}))
  lines.push(W('1: Connecting to "123456789"', {fiber: 5, comp: 'app.session'}))
  lines.push(W('Connecting to 7654321', {fiber: 6, comp: 'app.session', t: '06:00:09.000'}))
  lines.push(W('Session closed locally.', {fiber: 6, comp: 'app.session'}))
  // Linux layout, incoming session request with CP949 alias bytes (not UTF-8)
  lines.push(Buffer.concat([Buffer.from(X('Incoming session request: '), 'latin1'), Buffer.from([0xb1, 0xe8, 0x20, 0x41]), Buffer.from(' (221436813)', 'latin1')]))
  lines.push(X('Remote version: 7.1.0'))
  lines.push(X('Authenticated by password.', 'app.session', '06:00:05.000'))
  // hostile: component "-" (the grammar's message starts after the second " - "), a key in the
  // columns before the separator, escaped bytes right before a key, NUL runs, CR inside, junk
  lines.push(`   info 2024-01-08 06:00:10.000       gsvc   4628   3528    3                                - - Accept request from 555666777 (via relay).`)
  lines.push(`   info 2024-01-08 06:00:11.000       gsvc   4628   3528 Logged in from 1.2.3.4:5 on relay x - Connection switch completed.`)
  lines.push(Buffer.concat([Buffer.from(W('x'), 'latin1'), Buffer.from([0xca]), Buffer.from('ccepting tcp-tunnel and Authenticated by password', 'latin1')]))
  lines.push(Buffer.concat([Buffer.from(W('Sending 0 queued blobs.'), 'latin1'), Buffer.alloc(40, 0), Buffer.from(W('Session stopped.', {comp: 'app.session'}), 'latin1')]))
  lines.push(W('Remote OS: Linux\r, Connection flags: 0x1', {comp: 'app.session'}))
  lines.push('garbage line')
  lines.push('   info 2024-01-08 06:00:12.000 gsvc - no pid or tid columns')
  lines.push(W('-'))
  // dashes before the separator (found by indexOf of '-'): in the component, right after the time
  lines.push(W('Connection switch completed.', {comp: 'anynet.relay-conn-'}), W('Relay connector started.', {comp: 'a-b'}))
  for (const r of routine) lines.push(W(r), X(r))
  return Buffer.concat(lines.map((l) => Buffer.concat([typeof l === 'string' ? Buffer.from(l, 'latin1') : l, Buffer.from('\r\n')])))
}

describe('keyword triage gives the events of full triage', () => {
  it.skipIf(!HAS_CORPUS)('on every AnyDesk trace of the corpus', async () => {
    const files = traces(join(CORPUS, 'remote')).filter((p) => /anydesk/i.test(p))
    expect(files.length).toBeGreaterThanOrEqual(5)
    let events = 0
    for (const f of files) events += await expectSameAsFullTriage(f)
    expect(events).toBeGreaterThan(50)
  })

  it('on a trace with every line kind the assembler acts on, hostile shapes included', async () => {
    const dir = join(tempDir('ad-keywords-'), 'AnyDesk')
    mkdirSync(dir)
    const data = everyKindTrace()
    writeFileSync(join(dir, 'ad_svc.trace'), data)
    const n = await expectSameAsFullTriage(join(dir, 'ad_svc.trace'))
    const n949 = await expectSameAsFullTriage(join(dir, 'ad_svc.trace'), {codepage: 'euc-kr'})
    expect(n949).toBe(n)
    const {events, artifacts} = await scanWith(join(dir, 'ad_svc.trace'), {parsers: [anydeskTrace]})
    const count = (t: string) => events.filter((e) => e.type === t).length
    // 4 banners; 4 incoming + 2 outgoing sessions, the hostile "- - Accept" line a 7th incoming one
    expect(count('remote_access.process_start')).toBe(4)
    expect(count('remote_access.session_start')).toBe(8)
    expect(count('remote_access.tunnel')).toBe(16) // 4 per session; the escaped "\\xcaccepting tcp-tunnel" line is a login (auth first)
    expect(count('remote_access.login')).toBe(6)
    expect(events.find((e) => e.type === 'remote_access.process_start' && e.fields.pid === '5000')!.fields.install_status).toBeUndefined()
    // the key in the columns, the CR inside a message, the junk line and the line without pid/tid
    expect(artifacts[0]!.warnings.join('\n')).toMatch(/4 line\(s\) do not follow the trace grammar/)
  })

  it('on lines that look routine but break the grammar: each is counted as ungrammatical in both modes', async () => {
    const dir = join(tempDir('ad-keywords-shape-'), 'AnyDesk')
    mkdirSync(dir)
    const broken = [
      '   info 2024-01-08 06:00:12.000 gsvc - no pid or tid columns',
      W('Connection switch completed.', {t: '06:00:00.0000'}),
      W('Connection switch completed.', {level: 'notice'}),
      W('Connection\r switch completed.'),
      `${W('Connection ')}\u2028switch`,
      '   info 2024-01-08 06:00:12.000       gsvc   4628   3528    3   1   2   comp - Sending 0 queued blobs.',
    ]
    // a tab in the columns is grammatical (\s): not routine for the byte triage, read by the grammar
    const tab = W('Connection switch completed.').replace('gsvc', 'gsvc\t')
    expect(isRoutineLine(Buffer.from(tab, 'latin1'))).toBe(false)
    writeFileSync(join(dir, 'ad_svc.trace'), Buffer.concat([W('Sending 0 queued blobs.'), tab, ...broken].map((l) => Buffer.from(`${l}\r\n`, 'utf8'))))
    await expectSameAsFullTriage(join(dir, 'ad_svc.trace'))
    const {artifacts} = await scanWith(join(dir, 'ad_svc.trace'), {parsers: [anydeskTrace]})
    expect(artifacts[0]!.warnings.join('\n')).toMatch(new RegExp(`${broken.length} line\\(s\\) do not follow the trace grammar`))
  })

  it('on seeded mutations of trace lines (NUL runs, CR, U+2028, non-ASCII bytes, keys and dashes anywhere)', async () => {
    const dir = join(tempDir('ad-keywords-fuzz-'), 'AnyDesk')
    mkdirSync(dir)
    // a banner first: its lines are read whole while the start is pending, the rest are triaged
    const banner = [' * * * * * *', W('* Version 7.0.10 (x)', {comp: 'main', fiber: ''}), W('Install status: installed', {comp: 'main', fiber: ''})]
    const lines = [...banner, ...mutatedLines(31, 30_000)]
    writeFileSync(join(dir, 'ad_svc.trace'), Buffer.from(lines.map((l, i) => l + (i % 2 ? '\r\n' : '\n')).join(''), 'latin1'))
    expect(await expectSameAsFullTriage(join(dir, 'ad_svc.trace'))).toBeGreaterThan(100)
    expect(await expectSameAsFullTriage(join(dir, 'ad_svc.trace'), {codepage: 'windows-1251'})).toBeGreaterThan(100)
  }, 60_000)

  it('on a generated service trace (8 MiB, chunks and slices crossing lines)', async () => {
    const {generateTrace} = (await import('../../../scripts/gen-anydesk-trace.mjs')) as {generateTrace: (out: string, bytes: number) => {sessions: number}}
    const dir = join(tempDir('ad-keywords-gen-'), 'ProgramData', 'AnyDesk')
    mkdirSync(dir, {recursive: true})
    const gen = generateTrace(join(dir, 'ad_svc.trace'), 8 * 1024 * 1024)
    await expectSameAsFullTriage(join(dir, 'ad_svc.trace'))
    const {events} = await scanWith(join(dir, 'ad_svc.trace'), {parsers: [anydeskTrace]})
    expect(events.filter((e) => e.type === 'remote_access.session_start')).toHaveLength(gen.sessions)
  }, 60_000)
})

describe('message keys derived from the grammar', () => {
  it('are the leading literals of MSG (and the literals its unanchored patterns hold)', () => {
    const k = messageKeys()
    expect(k.digit).toBe(true)
    expect(k.contains).toEqual([{text: 'Authenticated ', ci: false}, {text: "'any", ci: false}, {text: 'tunnel', ci: true}])
    expect(k.starts).toEqual([
      '* Version ', 'Process started at ', 'Install status: ', 'Distribution Info: ', 'New user data. Client-ID: ', 'External address: ',
      'Accept', 'Client-ID: ', 'Logged in from ', '[', 'Incoming session request: ', 'Remote OS: ', 'Remote version: ', 'Session features: ',
      'Starting session (', 'Profile was used: ', 'Issuing a permanent token', 'Session closed', 'Session stopped', 'Connecting to ',
      'Received outgoing connection request for address ', "Preparing files in '", 'Preparation of ', 'Download', 'Upload', 'Got a file offer',
      'Got a text offer (', 'Selecting Profile: ',
    ])
    // no key can be completed by the \xNN escape of a non-UTF-8 byte
    for (const c of k.contains) expect(c.text).not.toMatch(c.ci ? /^[0-9a-f]|\\/i : /^[0-9a-f]|\\/)
  })

  it('follow an edited pattern and refuse one they cannot key', () => {
    expect(messageKeys({a: /^(?:Foo|Bar \d+)x/, b: /^Baz\.?$/, c: /qux (\d+)/}).starts).toEqual(['Foo', 'Bar ', 'Baz'])
    expect(() => messageKeys({a: /^.*x/})).toThrow(/leading literal/)
    expect(Object.keys(MSG).length).toBeGreaterThan(30)
  })

  it('route a line with a key anywhere in its message to the grammar, whatever its case for /i', () => {
    const L = (msg: string) => Buffer.from(W(msg), 'latin1')
    expect(isRoutineLine(L('Connecting to 7654321'))).toBe(false)
    expect(isRoutineLine(L('set TuNnEl.config x -> y'))).toBe(false)
    expect(isRoutineLine(L('user 3 was Authenticated by password'))).toBe(false)
    expect(isRoutineLine(L('- Accept request from 1.'))).toBe(false)
    expect(isRoutineLine(L('Connection switch completed.'))).toBe(true)
    expect(isRoutineLine(L("Spawning root fiber 18."))).toBe(true)
    // the separator is the first " - " (or " -" at the end) after the time, whatever dashes come before it
    const D = (comp: string, msg: string) => Buffer.from(W(msg, {comp}), 'latin1')
    expect(isRoutineLine(D('relay-conn-x', 'Connection switch completed.'))).toBe(true)
    expect(isRoutineLine(D('relay-conn-x', 'Accept request from 1.'))).toBe(false)
    expect(isRoutineLine(D('a--b', 'Logged in from 1.2.3.4:5 on relay x.'))).toBe(false)
    expect(isRoutineLine(Buffer.from('   info 2024-01-08 06:00:00.000       gsvc   4628   3528    3   comp -x', 'latin1'))).toBe(false)
    expect(isRoutineLine(Buffer.from('   info 2024-01-08 06:00:00.000       gsvc   4628   3528    3   comp -', 'latin1'))).toBe(true)
  })
})
