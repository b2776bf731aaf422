#!/usr/bin/env node
// Builds artifacts-samples/: realistic, synthetic evidence for the README, CI smoke runs and
// tests. Deterministic (fixed times, no randomness) so the committed files never drift.
// Addresses come only from the documentation ranges (RFC 5737: 192.0.2.0/24,
// 198.51.100.0/24, 203.0.113.0/24); e-mail domains are example.* (RFC 2606).
//
//   node scripts/make-samples.mjs            # (re)writes artifacts-samples/
//
// Layout follows KAPE target output (`C/Users/...`), so paths read as on the source machine.
import {mkdirSync, rmSync, writeFileSync, createWriteStream} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(ROOT, 'artifacts-samples')

// --- AnyDesk trace lines in the Windows column layout (reference remote-access §1.2) ---------
function adLine(level, ts, proc, pid, tid, fiber, component, message) {
  return `${level.padStart(7)} ${ts} ${proc.padStart(10)} ${String(pid).padStart(6)} ${String(tid).padStart(6)} ${fiber === '' ? '    ' : String(fiber).padStart(4)} ${component.padStart(32)} - ${message}`
}

function at(day, hms, ms = 0) {
  return `${day} ${hms}.${String(ms).padStart(3, '0')}`
}

function addSeconds(day, hms, seconds) {
  const d = new Date(`${day}T${hms}Z`)
  d.setUTCSeconds(d.getUTCSeconds() + seconds)
  const iso = d.toISOString()
  return [iso.slice(0, 10), iso.slice(11, 19)]
}

function banner(lines, ts, proc, pid, tid, version, os) {
  lines.push(' * * * * * * * * * * * * * * * * * *')
  for (const m of [
    '* AnyDesk Windows Startup *', `* Version ${version} (release/win_${version.split('.').slice(0, 2).join('.')}.x 0000000000000000000000000000000000000000)`,
    '* Build 20260112093000', '* Copyright (C) 2026 AnyDesk Software GmbH *', '',
    `Process started at ${ts.slice(0, 10)}. PID ${pid}. OS is ${os}`, 'Install status: installed',
  ]) lines.push(adLine('info', ts, proc, pid, tid, '', 'main', m))
}

/**
 * An incoming session in the service trace: accept, client ID, address, auth, close.
 * `fiber` numbers advance per session the way the real service trace's do.
 */
function serviceSession(lines, s, fiberBase) {
  const [c, l] = [fiberBase, fiberBase + 1]
  const P = ['gsvc', 4628, 3528]
  const t = (sec, ms) => {
    const [d, h] = addSeconds(s.day, s.start, sec)
    return at(d, h, ms)
  }
  lines.push(adLine('info', t(0, 104), ...P, 11, 'anynet.any_socket', `Accept request from ${s.remoteId} (via relay).`))
  lines.push(adLine('info', t(0, 105), ...P, 1, 'fiber.scheduler', `Spawning child fiber ${c} 'anynet_connection' (parent: 1).`))
  lines.push(adLine('info', t(0, 106), ...P, c, 'fiber.scheduler', `Spawning root fiber ${l} 'any_socket_accept'.`))
  lines.push(adLine('info', t(0, 240), ...P, l, 'anynet.any_socket', `Client-ID: ${s.remoteId} (FPR: ${s.fpr}).`))
  lines.push(adLine('info', t(0, 241), ...P, l, 'anynet.any_socket', `Logged in from ${s.ip}:${s.port} on relay ${s.relay}.`))
  lines.push(adLine('info', t(0, 242), ...P, l, 'anynet.any_socket', 'Connect request accepted (direct).'))
  lines.push(adLine('info', t(0, 330), ...P, c, 'app.session', 'Session features: deskrt, clipboard, chat, audio, input, tcp_tunnel.'))
  lines.push(adLine(s.authLevel ?? 'info', t(2, 17), ...P, c, 'app.session', s.auth))
  lines.push(adLine('info', t(s.duration, 512), ...P, c, 'app.session', `Session closed by remote side: ${s.closeReason}.`))
  lines.push(adLine('info', t(s.duration, 513), ...P, l, 'anynet.any_socket', 'Accept fiber stopped.'))
  lines.push(adLine('info', t(s.duration, 514), ...P, '', 'fiber.scheduler', `Fiber ${c} 'anynet_connection' (parent: 1) terminated.`))
}

function frontendSession(lines, s) {
  const P = ['back', 7212, 7240]
  const [d, h] = addSeconds(s.day, s.start, 1)
  lines.push(adLine('info', at(d, h, 2), ...P, '', 'app.backend_session', `Incoming session request: ${s.alias} (${s.remoteId})`))
  lines.push(adLine('info', at(d, h, 3), ...P, '', 'app.backend_session', `Remote OS: ${s.os}, Connection flags: direct paid 3 4 `))
  lines.push(adLine('info', at(d, h, 4), ...P, '', 'app.backend_session', `Remote version: ${s.version}`))
  for (const f of s.files ?? []) {
    const [fd, fh] = addSeconds(s.day, s.start, f.after)
    lines.push(adLine('info', at(fd, fh, 1), 'front', 7180, 7184, '', 'app.prepare_task', `Preparing files in '${f.folder}'.`))
    lines.push(adLine('info', at(fd, fh, 90), 'front', 7180, 7184, '', 'app.local_file_transfer', `Preparation of ${f.count} files completed (io_ok).`))
  }
  const [ed, eh] = addSeconds(s.day, s.start, s.duration)
  lines.push(adLine('info', at(ed, eh, 530), ...P, '', 'app.backend_session', 'Session stopped.'))
}

const crlf = (lines) => lines.join('\r\n') + '\r\n'
const utf16 = (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])

function write(path, data) {
  mkdirSync(dirname(path), {recursive: true})
  writeFileSync(path, data)
}

// --- Case 1: laptop farm (incoming AnyDesk at night in the claimed US zone) ----------------
// The worker claims to live in Chicago (America/Chicago); the sessions run 00:30-08:30 UTC,
// i.e. evenings and nights there, and a working day in UTC+9.
const FARM_SESSIONS = [
  {day: '2026-03-02', start: '00:31:12', duration: 27_640},
  {day: '2026-03-03', start: '00:12:40', duration: 29_910},
  {day: '2026-03-04', start: '00:45:03', duration: 26_020},
  {day: '2026-03-05', start: '00:08:55', duration: 30_480},
  {day: '2026-03-06', start: '01:02:19', duration: 24_300},
  {day: '2026-03-09', start: '00:20:31', duration: 28_800},
].map((s, i) => ({
  ...s, remoteId: '918273645', alias: 'kim', fpr: '6d1f0a9c2b7e', ip: '203.0.113.77', port: 50412 + i, relay: '4f2a9c11',
  auth: "3: Authenticated with correct passphrase of profile '_unattended_access'.", closeReason: 'desk_rt_ipc_error',
  os: 'Windows', version: '9.0.4',
}))
FARM_SESSIONS[2].files = [{after: 5400, folder: 'C:\\Users\\jsmith\\Documents\\Customer-Contracts', count: 37}]
FARM_SESSIONS.push({
  day: '2026-03-07', start: '03:14:09', duration: 3_120, remoteId: '554433221', alias: 'user', fpr: '0b3e7c1d9a44',
  ip: '198.51.100.23', port: 61022, relay: '9c0d1e2f', auth: '3: Authenticated by password.', closeReason: 'desk_rt_ipc_error',
  os: 'Windows', version: '9.0.4',
})

function laptopFarm(root) {
  const C = join(root, 'C')
  const svc = []
  banner(svc, at('2026-03-01', '23:58:02', 11), 'gsvc', 4628, 3528, '9.0.4', 'Windows 11 (64 bit)')
  svc.push(adLine('info', at('2026-03-01', '23:58:04', 913), 'gsvc', 4628, 3528, 3, 'anynet.relay_conn', 'External address: 192.0.2.44:49822.'))
  svc.push(adLine('info', at('2026-03-01', '23:58:04', 915), 'gsvc', 4628, 3528, 3, 'anynet.main_relay_conn', 'Main relay ID: 4f2a9c11'))
  svc.push(adLine('info', at('2026-03-01', '23:58:04', 920), 'gsvc', 4628, 3528, 2, 'anynet.connection_mgr', 'New user data. Client-ID: 731904622.'))
  let fiber = 27
  for (const s of [...FARM_SESSIONS].sort((a, b) => (a.day + a.start).localeCompare(b.day + b.start))) {
    serviceSession(svc, s, fiber)
    fiber += 9
  }
  write(join(C, 'ProgramData', 'AnyDesk', 'ad_svc.trace'), crlf(svc))

  const front = []
  banner(front, at('2026-03-01', '23:58:10', 402), 'front', 7180, 7184, '9.0.4', 'Windows 11 (64 bit)')
  for (const s of FARM_SESSIONS) frontendSession(front, s)
  write(join(C, 'Users', 'jsmith', 'AppData', 'Roaming', 'AnyDesk', 'ad.trace'), crlf(front))

  // connection_trace.txt: UTF-16LE with BOM, minute precision (reference §1.3)
  const conn = FARM_SESSIONS.map((s) =>
    `Incoming    ${s.day}, ${s.start.slice(0, 5)}    ${s.auth.includes('passphrase') ? 'Token' : 'Passwd'}                            ${s.remoteId}    ${s.remoteId}`)
  write(join(C, 'ProgramData', 'AnyDesk', 'connection_trace.txt'), utf16(conn.join('\r\n') + '\r\n'))

  // file_transfer_trace.txt: UTF-16LE, TAB-separated (reference §1.4)
  const ft = [
    "File Manager\t\t2026-03-04, 02:15\tstart \tdownload\t'Customer-Contracts.zip' (~0 B out of 48.20 MiB)",
    "File Manager\t\t2026-03-04, 02:17\tfinish \tdownload\t'Customer-Contracts.zip' (~48.20 MiB out of 48.20 MiB)",
  ]
  write(join(C, 'ProgramData', 'AnyDesk', 'file_transfer_trace.txt'), utf16(ft.join('\r\n') + '\r\n'))

  write(join(C, 'ProgramData', 'AnyDesk', 'system.conf'), [
    'ad.anynet.id=731904622', 'ad.anynet.alias=jsmith-laptop', 'ad.license.name=free-1',
    'ad.anynet.last_relay=relay-4f2a9c11.net.anydesk.com:80:443:6568',
    `ad.security.permission_profiles._unattended_access.pwd=${'7'.repeat(64)}`,
    `ad.security.permission_profiles._unattended_access.salt=${'3'.repeat(32)}`, '',
  ].join('\n'))
  write(join(C, 'Users', 'jsmith', 'AppData', 'Roaming', 'AnyDesk', 'user.conf'), [
    'ad.account.recent_logged_in_user=remote.ops.2291@example.net',
    'ad.security.permission_profiles.address_to_profile=918273645:5f0c1a2b3c4d5e6f',
    'ad.session.remote_browser_start_path=C:\\Users\\kim\\Desktop', 'ad.ui.lang=ko', '',
  ].join('\n'))
}

// --- Case 2: benign remote employee, sanctioned helpdesk AnyDesk in working hours ----------
function benignHelpdesk(root) {
  const C = join(root, 'C')
  const svc = []
  banner(svc, at('2026-03-02', '13:01:44', 100), 'gsvc', 3312, 3320, '9.0.4', 'Windows 11 (64 bit)')
  svc.push(adLine('info', at('2026-03-02', '13:01:46', 400), 'gsvc', 3312, 3320, 3, 'anynet.relay_conn', 'External address: 192.0.2.10:50110.'))
  svc.push(adLine('info', at('2026-03-02', '13:01:46', 410), 'gsvc', 3312, 3320, 2, 'anynet.connection_mgr', 'New user data. Client-ID: 402118733.'))
  const sessions = [
    {day: '2026-03-03', start: '15:10:02', duration: 1_260},
    {day: '2026-03-05', start: '18:42:17', duration: 840},
  ].map((s, i) => ({
    ...s, remoteId: '100200300', fpr: '1a2b3c4d5e6f', ip: '192.0.2.200', port: 40100 + i, relay: '77aa1100',
    auth: '3: Authenticated by local user.', authLevel: 'auth', closeReason: 'desk_rt_ipc_error',
  }))
  let fiber = 27
  for (const s of sessions) {
    serviceSession(svc, {...s}, fiber)
    fiber += 9
  }
  // serviceSession writes the gsvc pid of the laptop-farm host; keep this host's own pid
  write(join(C, 'ProgramData', 'AnyDesk', 'ad_svc.trace'), crlf(svc.map((l) => l.replace('  4628   3528', '  3312   3320'))))
  const conn = sessions.map((s) => `Incoming    ${s.day}, ${s.start.slice(0, 5)}    User                            100200300    100200300`)
  write(join(C, 'ProgramData', 'AnyDesk', 'connection_trace.txt'), utf16(conn.join('\r\n') + '\r\n'))
}

// --- Velociraptor offline-collector ZIP of the laptop-farm case (URL-encoded names) --------
async function velociraptorZip(srcRoot, zipPath) {
  const {ZipFile} = await import('yazl')
  const {readdirSync, readFileSync, statSync} = await import('node:fs')
  const zip = new ZipFile()
  const mtime = new Date('2026-03-10T09:00:00Z')
  const walk = (dir, rel) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name)
      const r = rel ? `${rel}/${name}` : name
      if (statSync(abs).isDirectory()) walk(abs, r)
      else {
        // Velociraptor: uploads/auto/<device>/<path>, device "C:" URL-encoded as C%3A
        const member = 'uploads/auto/' + r.replace(/^C\//, 'C%3A/').split('/').map((s) => s.replace(/ /g, '%20')).join('/')
        zip.addBuffer(readFileSync(abs), member, {mtime, mode: 0o100644})
      }
    }
  }
  walk(srcRoot, '')
  zip.addBuffer(Buffer.from('{"Name":"Windows.KapeFiles.Targets","ClientId":"C.0000000000000001"}\n'), 'collection_context.json', {mtime})
  zip.end()
  await new Promise((resolve, reject) => zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject))
}

rmSync(OUT, {recursive: true, force: true})
laptopFarm(join(OUT, 'laptop-farm'))
benignHelpdesk(join(OUT, 'benign-helpdesk'))
await velociraptorZip(join(OUT, 'laptop-farm'), join(OUT, 'laptop-farm-velociraptor.zip'))
write(join(OUT, 'README.md'), `# Sample evidence (synthetic)

Made by \`node scripts/make-samples.mjs\`; deterministic. Every address is from the documentation
ranges (RFC 5737) and every e-mail domain is example.* (RFC 2606). Nothing here is real evidence.

- \`laptop-farm/\`: KAPE-style collection (\`C/...\`) of a laptop driven remotely: unattended AnyDesk
  sessions from 203.0.113.77 (remote ID 918273645, alias "kim") every night 00:00-08:30 UTC,
  a password session from 198.51.100.23, a download of customer contracts, AnyDesk UI in Korean.
- \`laptop-farm-velociraptor.zip\`: the same files as a Velociraptor offline collection
  (\`uploads/auto/C%3A/...\`), read in place.
- \`benign-helpdesk/\`: a remote employee's laptop with two short helpdesk sessions (remote ID
  100200300) in working hours.
`)
console.log(`wrote ${OUT}`)
