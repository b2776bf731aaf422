#!/usr/bin/env node
// Generates a large, realistic AnyDesk Windows service trace (`ad_svc.trace`) for the benchmark.
//
//   node scripts/gen-anydesk-trace.mjs <out> [bytes=1GiB]      (bytes: 1073741824, 50MiB, 1GB, ...)
//
// Layout: the fixed-width Windows columns of real lines (shared/reference/remote-access-artifacts.md
// §1.2, measured on the corpus `anydesk-7.0-win-portable` ad.trace; ` - ` at column 94), CRLF line
// ends, 8-bit ASCII. Mostly routine relay/fiber lines whose messages are those of the real service
// traces (corpus `anydesk-7.0-win-portable`, `anydesk-win-excerpt/ProgramData/AnyDesk/ad_svc.trace`),
// with, every few thousand lines, a full incoming session block (Accept request / Client-ID /
// Logged in from / auth / Session closed) as in §1.2 "Messages to extract".
// Addresses are RFC 5737 documentation ranges only. Deterministic (seeded PRNG, fixed start time).
// Streamed to disk in 4 MiB chunks: memory use is constant whatever the size.
import {closeSync, mkdirSync, openSync, writeSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

export function parseBytes(s, dflt) {
  if (s === undefined) return dflt
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(String(s).trim())
  if (!m) throw new Error(`not a size: ${s}`)
  const unit = (m[2] ?? 'b').toLowerCase()
  const mult = {b: 1, k: 1024, kb: 1e3, kib: 1024, m: 1024 ** 2, mb: 1e6, mib: 1024 ** 2, g: 1024 ** 3, gb: 1e9, gib: 1024 ** 3}[unit]
  return Math.round(Number(m[1]) * mult)
}

/** mulberry32: small, fast, seedable. */
export function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Column widths of the Windows layout (§1.2): level 7, space, timestamp 23, proc 11, PID 7, TID 7,
// fiber 5 (blank when the line has none), component 33, " - ", message.
function line(level, ts, proc, pid, tid, fiber, component, message) {
  return `${level.padStart(7)} ${ts}${proc.padStart(11)}${String(pid).padStart(7)}${String(tid).padStart(7)}${(fiber === '' ? '' : String(fiber)).padStart(5)}${component.padStart(33)} - ${message}\r\n`
}

export function generateTrace(out, bytes, seed = 0x5eed) {
  const rnd = prng(seed)
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1))
  const pick = (a) => a[Math.floor(rnd() * a.length)]
  const hex = (n) => {
    let s = ''
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)]
    return s
  }

  const PROC = 'gsvc'
  const PID = 4628
  const TID = 3528
  const LOCAL_ID = '731904622'
  const EXT_IP = '192.0.2.44' // RFC 5737
  let ms = Date.UTC(2024, 0, 8, 6, 0, 0, 0)
  let tsCacheSec = -1
  let tsCachePrefix = ''
  const ts = () => {
    const sec = Math.floor(ms / 1000)
    if (sec !== tsCacheSec) {
      tsCacheSec = sec
      const iso = new Date(sec * 1000).toISOString()
      tsCachePrefix = `${iso.slice(0, 10)} ${iso.slice(11, 19)}.`
    }
    return tsCachePrefix + String(ms % 1000).padStart(3, '0')
  }
  const tick = (lo, hi) => (ms += int(lo, hi))

  mkdirSync(dirname(out), {recursive: true})
  const fd = openSync(out, 'w')
  let buf = ''
  let written = 0
  let lines = 0
  let sessions = 0
  const flush = () => {
    if (buf.length === 0) return
    writeSync(fd, buf, null, 'latin1')
    written += buf.length
    buf = ''
  }
  const L = (level, fiber, component, message) => {
    buf += line(level, ts(), PROC, PID, TID, fiber, component, message)
    lines++
    if (buf.length >= 4 << 20) flush()
  }
  const size = () => written + buf.length

  // start-up banner (laptop-farm sample / corpus Windows traces)
  buf += ' * * * * * * * * * * * * * * * * * *\r\n'
  for (const m of [
    '* AnyDesk Windows Startup *', '* Version 7.0.10 (release/win_7.0.x 5a11cff786e0bcd1cdb6d036fc6f668b972f8a30)',
    '* Custom Client (no ID)', '', `Process started at ${ts().slice(0, 10)}. PID ${PID}. OS is Windows 10 (64 bit)`,
    'Install status: installed',
  ]) L('info', '', 'main', m)

  // fiber ids stay within the 5-wide column (4 digits and a space), as in real traces
  let fiberSeq = 0
  const nextFiber = () => 20 + (fiberSeq++ % 9900)
  let fiber = 20
  const relays = Array.from({length: 12}, () => hex(8))
  let relay = relays[0]

  // a main-relay reconnect cycle, as seen about once a minute in the corpus service trace
  const relayCycle = () => {
    const f = (fiber = nextFiber())
    L('info', 3, 'fiber.scheduler', `Spawning child fiber ${f} (parent 3).`)
    L('info', f, 'anynet.relay_connector', 'Relay connector started.')
    L('info', f, 'anynet.relay_connector', 'Start proxy search.')
    L('info', 1, 'app.service', 'Forwarding proxy search to the existing control.')
    tick(50, 150)
    relay = pick(relays)
    const n = int(2, 10)
    L('info', f, 'anynet.relay_connector', `Connecting to relay relay-${relay}.net.anydesk.com (1/${n})`)
    const r1 = (fiber = nextFiber())
    L('info', f, 'fiber.scheduler', `Spawning root fiber ${r1}.`)
    tick(200, 600)
    L('info', f, 'anynet.relay_connector', 'Cipher: ECDHE-ECDSA-AES256-GCM-SHA384 TLSv1.2 Kx=ECDH Au=ECDSA Enc=AESGCM(256) Mac=AEAD')
    const r2 = (fiber = nextFiber())
    L('info', f, 'fiber.scheduler', `Spawning root fiber ${r2}.`)
    L('info', f, 'handshake', 'Using protocol version 3.')
    tick(100, 500)
    L('info', f, 'anynet.relay_connector', 'Connection established.')
    L('info', f, 'anynet.relay_connector', 'Relay connector stopped.')
    L('info', '', 'fiber.scheduler', `Fiber ${f} terminated.`)
    L('info', 3, 'anynet.main_relay_conn', 'Network ID: main')
    L('info', 3, 'anynet.relay_conn', `External address: ${EXT_IP}:${int(40000, 65000)}.`)
    L('info', 3, 'anynet.main_relay_conn', 'Reporting system information.')
    L('info', 3, 'anynet.main_relay_conn', `Main relay ID: ${relay}`)
    tick(5, 20)
    L('info', 2, 'anynet.connection_mgr', 'Main relay connection established.')
    L('info', 2, 'anynet.connection_mgr', `New user data. Client-ID: ${LOCAL_ID}.`)
  }
  // routine chatter between cycles (messages and their relative frequencies from the corpus)
  const routine = () => {
    const k = rnd()
    if (k < 0.45) {
      const a = int(1, 30)
      const b = int(1, fiber)
      L('info', '', 'fiber.scheduler', `Fiber ${a} requested quit of fiber ${b}.`)
      L('info', b, 'fiber.fiber', 'Received quit.')
      L('info', '', 'fiber.scheduler', `Fiber ${b} terminated.`)
    } else if (k < 0.65) {
      const p = int(1, 12)
      L('info', p, 'fiber.scheduler', `Spawning child fiber ${(fiber = nextFiber())} (parent ${p}).`)
    } else if (k < 0.75) {
      L('info', int(1, 12), 'fiber.scheduler', `Spawning root fiber ${(fiber = nextFiber())}.`)
    } else if (k < 0.88) {
      const t = pick(['47', '47', '47', '60'])
      for (let i = int(1, 15); i > 0; i--) L('error', 3, 'anynet.conn', `Could not send token - packet-type(${t})`)
    } else if (k < 0.94) {
      L('info', 1, 'app.service', 'Unexpected message. packet_msg_t')
    } else if (k < 0.97) {
      L('info', 9, 'base.proxy_finder', `Skipping search. Next search in ${int(1000, 60000)} ms.`)
    } else {
      L('info', int(1, 12), 'anynet.relay_conn', `Connection terminated: ${pick(['anynet_invalid_zone', 'net_timeout', 'anynet_closed'])}`)
    }
    tick(1, 4000)
  }

  // incoming sessions: a few remote IDs, each with its documentation-range address
  const peers = [
    {id: '918273645', ip: '203.0.113.77', fpr: '6d1f0a9c2b7e', auth: "3: Authenticated with correct passphrase of profile '_unattended_access'."},
    {id: '918273645', ip: '203.0.113.78', fpr: '6d1f0a9c2b7e', auth: "3: Authenticated with correct passphrase of profile '_unattended_access'."},
    {id: '450118207', ip: '198.51.100.23', fpr: 'a04c91e2d5f3', auth: '3: Authenticated by password.'},
    {id: '100200300', ip: '192.0.2.150', fpr: '3be8ae34a21e', auth: '3: Authenticated by local user.'},
  ]
  let open = null
  const sessionStart = () => {
    const p = peers[Math.floor(rnd() * rnd() * peers.length)] // skewed towards the first peer
    const c = (fiber = nextFiber())
    const s = (fiber = nextFiber())
    L('info', 11, 'anynet.any_socket', `Accept request from ${p.id} (via relay).`)
    L('info', 1, 'fiber.scheduler', `Spawning child fiber ${c} 'anynet_connection' (parent: 1).`)
    L('info', c, 'fiber.scheduler', `Spawning root fiber ${s} 'any_socket_accept'.`)
    tick(80, 200)
    L('info', s, 'anynet.any_socket', `Client-ID: ${p.id} (FPR: ${p.fpr}).`)
    L('info', s, 'anynet.any_socket', `Logged in from ${p.ip}:${int(49152, 65535)} on relay ${relay}.`)
    L('info', s, 'anynet.any_socket', 'Connect request accepted (direct).')
    tick(50, 150)
    L('info', c, 'app.session', 'Session features: deskrt, clipboard, chat, audio, input, tcp_tunnel.')
    tick(500, 5000)
    L('info', c, 'app.session', p.auth)
    open = {c, s, left: int(50, 4000)}
    sessions++
  }
  const sessionEnd = () => {
    L('info', open.c, 'app.session', `Session closed ${rnd() < 0.8 ? 'by remote side: desk_rt_ipc_error' : 'locally'}.`)
    L('info', open.s, 'anynet.any_socket', 'Accept fiber stopped.')
    L('info', '', 'fiber.scheduler', `Fiber ${open.c} 'anynet_connection' (parent: 1) terminated.`)
    open = null
  }

  relayCycle()
  while (size() < bytes) {
    if (open && --open.left <= 0) sessionEnd()
    const k = rnd()
    if (k < 0.0025) relayCycle()
    else if (!open && k < 0.0027) sessionStart()
    else routine()
  }
  flush()
  closeSync(fd)
  return {bytes: written, lines, sessions}
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [out, b] = process.argv.slice(2)
  if (!out) {
    process.stderr.write('usage: gen-anydesk-trace.mjs <out> [bytes=1GiB]\n')
    process.exit(2)
  }
  const t0 = performance.now()
  const r = generateTrace(out, parseBytes(b, 1024 ** 3))
  process.stdout.write(`${out}: ${r.bytes} bytes, ${r.lines} lines, ${r.sessions} sessions, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
}
