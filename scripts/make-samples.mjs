#!/usr/bin/env node
// Builds artifacts-samples/: realistic, synthetic evidence for the README, CI smoke runs and
// tests. Deterministic (fixed times, no randomness) so the committed files never drift.
// Addresses come only from the documentation ranges (RFC 5737: 192.0.2.0/24,
// 198.51.100.0/24, 203.0.113.0/24); e-mail domains are example.* (RFC 2606).
//
//   node scripts/make-samples.mjs            # (re)writes artifacts-samples/
//
// Layout follows KAPE target output (`C/Users/...`), so paths read as on the source machine.
import {mkdirSync, readFileSync, rmSync, writeFileSync, createWriteStream} from 'node:fs'
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


// --- Chrome History at the current schema (v70, test/fixtures/browser/history.70.sql) --------
const WEBKIT_EPOCH_OFFSET_US = 11644473600000000n
const webkit = (iso) => BigInt(Date.parse(iso)) * 1000n + WEBKIT_EPOCH_OFFSET_US

async function chromeHistory(path, visits, downloads = [], searches = []) {
  const {default: Database} = await import('better-sqlite3')
  mkdirSync(dirname(path), {recursive: true})
  const db = new Database(path)
  db.exec(readFileSync(join(ROOT, 'test', 'fixtures', 'browser', 'history.70.sql'), 'utf8'))
  db.pragma('journal_mode = DELETE')
  const urlIds = new Map()
  const insUrl = db.prepare('INSERT INTO urls (url, title, visit_count, typed_count, last_visit_time, hidden) VALUES (?, ?, 0, 0, ?, 0)')
  const bump = db.prepare('UPDATE urls SET visit_count = visit_count + 1, typed_count = typed_count + ?, last_visit_time = MAX(last_visit_time, ?), title = ? WHERE id = ?')
  const insVisit = db.prepare('INSERT INTO visits (url, visit_time, from_visit, transition, segment_id, visit_duration, incremented_omnibox_typed_score, opener_visit, originator_cache_guid, originator_visit_id, originator_from_visit, originator_opener_visit, is_known_to_sync, consider_for_ntp_most_visited, external_referrer_url, visited_link_id, app_id) VALUES (?, ?, 0, ?, 0, ?, 0, 0, \'\', 0, 0, 0, 0, 1, \'\', 0, NULL)')
  const tx = db.transaction(() => {
    for (const v of [...visits].sort((a, b) => a.time.localeCompare(b.time))) {
      const t = webkit(v.time)
      let id = urlIds.get(v.url)
      if (id === undefined) {
        id = Number(insUrl.run(v.url, v.title, t).lastInsertRowid)
        urlIds.set(v.url, id)
      }
      // transition: 1 typed, 0 link; | 0x30000000 chain start+end
      const typed = v.typed ? 1 : 0
      bump.run(typed, t, v.title, id)
      insVisit.run(id, t, (v.typed ? 1 : 0) | 0x30000000, BigInt((v.seconds ?? 30) * 1_000_000))
    }
    const insDl = db.prepare('INSERT INTO downloads (id, guid, current_path, target_path, start_time, received_bytes, total_bytes, state, danger_type, interrupt_reason, hash, end_time, opened, last_access_time, transient, referrer, site_url, embedder_download_data, tab_url, tab_referrer_url, http_method, by_ext_id, by_ext_name, by_web_app_id, etag, last_modified, mime_type, original_mime_type) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, 0, X\'\', ?, 0, 0, 0, ?, \'\', \'\', ?, \'\', \'GET\', \'\', \'\', \'\', \'\', \'\', ?, ?)')
    const insChain = db.prepare('INSERT INTO downloads_url_chains (id, chain_index, url) VALUES (?, ?, ?)')
    downloads.forEach((d, i) => {
      insDl.run(i + 1, `0000000${i + 1}-0000-4000-8000-000000000000`, d.target, d.target, webkit(d.start), d.bytes, d.bytes, webkit(d.end), d.referrer, d.referrer, d.mime, d.mime)
      d.chain.forEach((u, j) => insChain.run(i + 1, j, u))
    })
    const insTerm = db.prepare('INSERT INTO keyword_search_terms (keyword_id, url_id, term, normalized_term) VALUES (2, ?, ?, ?)')
    for (const q of searches) insTerm.run(urlIds.get(q.url), q.term, q.term.toLowerCase())
  })
  tx()
  db.close()
}

// --- Installed programs as `reg export` writes them: UTF-16LE with BOM (programs parsers) ----
function regExport(path, programs) {
  const esc = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
  const lines = ['Windows Registry Editor Version 5.00', '']
  for (const p of programs) {
    lines.push(`[${p.key}]`)
    for (const [k, v] of Object.entries(p.values)) lines.push(`"${k}"=${typeof v === 'number' ? `dword:${v.toString(16).padStart(8, '0')}` : `"${esc(v)}"`}`)
    lines.push('')
  }
  write(path, utf16(lines.join('\r\n') + '\r\n'))
}

const UNINSTALL = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall'
const UNINSTALL32 = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall'
const prog = (key, name, version, publisher, date, location) => ({
  key, values: {DisplayName: name, DisplayVersion: version, Publisher: publisher, InstallDate: date, InstallLocation: location,
    UninstallString: `"${location}\\uninstall.exe"`},
})

// --- Chrome Remote Desktop events as `wevtutil qe Application /f:xml` prints them (§2.1) -----
function crdEvents(path, events) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  const xml = events.map((e, i) => `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='chromoting'/>` +
    `<EventID Qualifiers='16384'>${e.id}</EventID><Version>0</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode>` +
    `<Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='${e.time}'/><EventRecordID>${5100 + i}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='6544' ThreadID='7012'/><Channel>Application</Channel><Computer>JSMITH-LT</Computer><Security/></System>` +
    `<EventData>${e.data.map((d) => `<Data>${esc(d)}</Data>`).join('')}</EventData></Event>`).join('')
  write(path, xml)
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

async function laptopFarm(root) {
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

  // Browser history: Astrill download, CRD headless set-up, Payoneer, an upload to a personal
  // Google Drive, SplitCam, a freelance platform, translation; at night in Chicago.
  const H = (time, url, title, extra = {}) => ({time, url, title, ...extra})
  await chromeHistory(join(C, 'Users', 'jsmith', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default', 'History'), [
    H('2026-03-01T23:40:12.118000Z', 'https://mail.google.com/mail/u/0/#inbox', 'Inbox - jsmith@corp.example - Gmail'),
    H('2026-03-02T01:10:44.502331Z', 'https://www.google.com/search?q=astrill+vpn+download+windows', 'astrill vpn download windows - Google Search', {typed: true}),
    H('2026-03-02T01:10:51.930112Z', 'https://www.astrill.com/download', 'Download Astrill VPN for Windows'),
    H('2026-03-02T02:05:09.441907Z', 'https://remotedesktop.google.com/headless', 'Chrome Remote Desktop - Set up via SSH'),
    H('2026-03-02T02:06:30.004412Z', 'https://remotedesktop.google.com/access', 'Chrome Remote Desktop - Access'),
    H('2026-03-03T03:30:18.772015Z', 'https://login.payoneer.com/', 'Payoneer - Sign In', {typed: true}),
    H('2026-03-03T03:31:02.118340Z', 'https://myaccount.payoneer.com/ma/', 'Payoneer - Home'),
    H('2026-03-04T02:20:33.615274Z', 'https://drive.google.com/drive/u/1/my-drive?action=upload', 'Upload - My Drive - Google Drive'),
    H('2026-03-04T02:24:41.002318Z', 'https://drive.google.com/drive/u/1/folders/1AbCdEfGhIjKlMnOp', 'Customer-Contracts - Google Drive'),
    H('2026-03-05T01:00:27.880147Z', 'https://www.splitcam.com/download', 'Download SplitCam - free webcam software'),
    H('2026-03-05T04:10:55.301221Z', 'https://www.upwork.com/nx/find-work/best-matches', 'Find Work - Upwork'),
    H('2026-03-06T02:40:12.447702Z', 'https://translate.google.com/?sl=ko&tl=en&op=translate', 'Google Translate'),
    H('2026-03-06T03:15:49.009311Z', 'https://github.com/corp-example/billing-service/pulls', 'Pull requests - corp-example/billing-service'),
    H('2026-03-09T01:44:03.550876Z', 'https://myaccount.payoneer.com/ma/withdraw', 'Payoneer - Withdraw'),
  ], [
    {start: '2026-03-02T01:11:03.200115Z', end: '2026-03-02T01:11:09.873200Z', target: 'C:\\Users\\jsmith\\Downloads\\astrill-setup-win.exe', bytes: 31457280,
      referrer: 'https://www.astrill.com/download', mime: 'application/x-msdownload',
      chain: ['https://www.astrill.com/downloads/astrill-setup-win.exe', 'https://cdn.astrill.com/download/astrill-setup-win-4.1.exe']},
    {start: '2026-03-05T01:01:15.000118Z', end: '2026-03-05T01:01:22.410000Z', target: 'C:\\Users\\jsmith\\Downloads\\SplitCamSetup.exe', bytes: 48234496,
      referrer: 'https://www.splitcam.com/download', mime: 'application/x-msdownload', chain: ['https://www.splitcam.com/SplitCamSetup.exe']},
  ], [{url: 'https://www.google.com/search?q=astrill+vpn+download+windows', term: 'astrill vpn download windows'}])

  // Installed programs, exported by the responder with `reg export` into the collection
  regExport(join(root, 'triage', 'uninstall-hklm.reg'), [
    prog(`${UNINSTALL32}\\AnyDesk`, 'AnyDesk', 'ad 9.0.4', 'AnyDesk Software GmbH', '20260301', 'C:\\Program Files (x86)\\AnyDesk'),
    prog(`${UNINSTALL}\\Astrill VPN`, 'Astrill VPN (x64)', '4.1.0', 'Astrill Systems Corp.', '20260302', 'C:\\Program Files\\Astrill'),
    prog(`${UNINSTALL32}\\SplitCam_is1`, 'SplitCam 10.7.19', '10.7.19', 'SplitCam', '20260305', 'C:\\Program Files (x86)\\SplitCam'),
    prog(`${UNINSTALL}\\{3C8AF0E3-6C9F-4B4E-9C36-3D57F2B8E1A0}`, 'Chrome Remote Desktop Host', '134.0.6998.12', 'Google LLC', '20260302', 'C:\\Program Files (x86)\\Google\\Chrome Remote Desktop'),
    prog(`${UNINSTALL}\\Google Chrome`, 'Google Chrome', '134.0.6998.89', 'Google LLC', '20260110', 'C:\\Program Files\\Google\\Chrome\\Application'),
    prog(`${UNINSTALL}\\7-Zip`, '7-Zip 24.09 (x64)', '24.09', 'Igor Pavlov', '20260110', 'C:\\Program Files\\7-Zip'),
  ])

  // Chrome Remote Desktop: the Application log exported with wevtutil (Windows event IDs 1-5)
  const jid = 'remote.ops.2291@example.net/chromoting_ftl_5f0e6c1a-2b7d-4e9a-8c3f-1d2e3f4a5b6c'
  crdEvents(join(root, 'triage', 'application-chromoting.xml'), [
    {id: 5, time: '2026-03-02T02:08:40.1000000Z', data: ['remote.ops.2291@example.net']},
    {id: 1, time: '2026-03-07T00:35:12.4420000Z', data: [jid]},
    {id: 4, time: '2026-03-07T00:35:12.9810000Z', data: [jid, '203.0.113.77:51022', '192.0.2.44:40410', '', 'stun']},
    {id: 2, time: '2026-03-07T07:52:30.0070000Z', data: [jid]},
  ])
  write(join(C, 'ProgramData', 'Google', 'Chrome Remote Desktop', 'host.json'), JSON.stringify({
    host_id: '7c1f8a3e-5d2b-4a6c-9e0f-1b2c3d4e5f60', host_name: 'JSMITH-LT', host_owner: 'remote.ops.2291@example.net',
    xmpp_login: 'remote.ops.2291@example.net', host_secret_hash: 'hmac:REDACTED-IN-SAMPLE', private_key: 'REDACTED-IN-SAMPLE',
  }, null, 2))
}


// --- Case 2: benign remote employee, sanctioned helpdesk AnyDesk in working hours ----------
async function benignHelpdesk(root) {
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

  // office-hours browsing in Chicago (UTC-6 until 8 March): 08:30-17:00 local
  const visits = []
  for (const [d, dayIdx] of [['02', 0], ['03', 1], ['04', 2], ['05', 3], ['06', 4], ['09', 5]]) {
    const sites = [
      ['https://jira.corp.example/browse/PAY-' + (410 + dayIdx), 'PAY-' + (410 + dayIdx) + ' - Jira'],
      ['https://github.com/corp-example/billing-service/pull/' + (88 + dayIdx), 'Fix invoice rounding - corp-example/billing-service'],
      ['https://stackoverflow.com/questions/1458633/how-to-deal-with-floating-point-number-precision', 'How to deal with floating point number precision - Stack Overflow'],
      ['https://mail.google.com/mail/u/0/#inbox', 'Inbox - alee@corp.example - Gmail'],
      ['https://docs.google.com/document/d/1x2y3z/edit', 'Sprint notes - Google Docs'],
    ]
    sites.forEach(([url, title], i) => visits.push({time: `2026-03-${d}T${String(14 + i * 2).padStart(2, '0')}:${String(10 + dayIdx * 3).padStart(2, '0')}:05.${String(100000 + i * 7919).slice(0, 6)}Z`, url, title}))
  }
  await chromeHistory(join(C, 'Users', 'alee', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default', 'History'), visits)
  regExport(join(root, 'triage', 'uninstall-hklm.reg'), [
    prog(`${UNINSTALL32}\\AnyDesk`, 'AnyDesk', 'ad 9.0.4', 'AnyDesk Software GmbH', '20260115', 'C:\\Program Files (x86)\\AnyDesk'),
    prog(`${UNINSTALL}\\Google Chrome`, 'Google Chrome', '134.0.6998.89', 'Google LLC', '20260110', 'C:\\Program Files\\Google\\Chrome\\Application'),
    prog(`${UNINSTALL}\\Zoom`, 'Zoom Workplace (64-bit)', '6.3.11', 'Zoom Video Communications, Inc.', '20260112', 'C:\\Program Files\\Zoom'),
  ])
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

const allowList = readFileSync(join(OUT, 'allow-helpdesk.yaml'))
rmSync(OUT, {recursive: true, force: true})
await laptopFarm(join(OUT, 'laptop-farm'))
await benignHelpdesk(join(OUT, 'benign-helpdesk'))
write(join(OUT, 'allow-helpdesk.yaml'), allowList)
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
