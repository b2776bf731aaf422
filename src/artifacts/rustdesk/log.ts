// RustDesk logs (server side: `RustDesk_rCURRENT.log` and rotations under `…\RustDesk\log\server\`,
// `C:\Windows\ServiceProfiles\LocalService\AppData\Roaming\RustDesk\log\server\`,
// `~/.local/share/logs/RustDesk/server/`, `~/Library/Logs/RustDesk/`). Reference §3: every line
// carries an explicit UTC offset, so times are converted with the stated offset.
// No real sample is public; the grammar is the one §3 quotes (dissect) and the messages are the
// §3 line plus what RustDesk's src/server/connection.rs logs (on_open / on_close).
import {userFromPath} from '../../evidence/paths.js'
import {forEachDecodedLine} from '../../lib/text.js'
import {durationSeconds, isValidWallTime, offsetWallToIso, type WallTime} from '../../lib/time.js'
import {cleanFields, splitHostPort, type EventTime} from '../common.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {RD_LINE, rustdeskLogClaim} from './claims.js'

export {RD_LINE}

const TOOL = 'rustdesk'
const MAX_BYTES = 512 * 1024 * 1024

const MSG = {
  // §3: "#899 Connection opened from 192.168.35.148:50328." (connection.rs on_open: "#{} Connection opened from {}.")
  opened: /^#(\d+) Connection opened from (\S+?)\.?$/,
  // connection.rs on_close: "#{} Connection closed: {}"
  closed: /^#(\d+) Connection closed: ?(.*)$/,
  // Login outcomes are sent to the peer rather than logged in most versions; catch the wording
  // that does reach the log (wrong password, 2FA, blocked IP, approval) without guessing fields.
  auth: /\b(?:password|passwd|login|logon|2fa|two-factor|authori[sz]ed?|not allowed|ip is blocked)\b/i,
  denied: /\b(?:wrong|failed|failure|fail|denied|blocked|not allowed|too many|rejected|invalid)\b/i,
  file: /\b(?:file transfer|send file|receive file|write file|read file|remove file|file_transfer|upload|download)\b/i,
}

interface Conn {
  id: string
  open: Stamp
  ip?: string
  port?: number
}

interface Stamp extends EventTime {
  line: number
  raw: string
  offset: string
}

function offsetMinutes(off: string): number {
  const sign = off.startsWith('-') ? -1 : 1
  const [h, m] = off.slice(1).split(':').map(Number) as [number, number]
  return sign * (h * 60 + m)
}

export function rustdeskTime(date: string, time: string, frac: string, off: string): EventTime {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number]
  const wall: WallTime = {year: y, month: mo, day: d, hour: h, minute: mi, second: s, fraction: frac}
  const mins = offsetMinutes(off)
  if (!isValidWallTime(wall) || Math.abs(mins) > 14 * 60) return {time: null, timeBasis: 'unknown'}
  return {time: offsetWallToIso(wall, mins), timeBasis: 'local-converted'}
}

export const rustdeskLog: ArtifactParser = {
  ...rustdeskLogClaim,

  async parse(input, ctx) {
    const buf = await input.readAll(MAX_BYTES)
    const user = userFromPath(input.info.logicalPath)
    const a = new RustdeskAssembler(ctx, user)
    const bad: number[] = []
    let badCount = 0
    let seen = false
    forEachDecodedLine(buf, ctx.text, (text, n) => {
      const line = text.replace(/\0+/g, '')
      const t = line.trim()
      if (t === '') return
      const m = RD_LINE.exec(t)
      if (!m?.groups) {
        // multi-line messages continue the previous record; a torn record start or text before
        // the first record is reported
        if (!seen || /^\[\d{4}-/.test(t)) {
          if (++badCount <= 5) bad.push(n)
        }
        return
      }
      seen = true
      const g = m.groups
      const st: Stamp = {...rustdeskTime(g.date!, g.time!, g.frac!, g.off!), line: n, raw: t, offset: g.off!}
      if (st.time === null) {
        if (++badCount <= 5) bad.push(n)
        return
      }
      a.handle(st, g.level!, g.src!, g.message!.trim())
    })
    a.finish()
    if (badCount > 0) ctx.warn(`${badCount} line(s) not in the RustDesk log format (first at line ${bad.join(', ')})`)
  },
}

class RustdeskAssembler {
  private conns = new Map<string, Conn>()

  constructor(
    private readonly ctx: ParseContext,
    private readonly user: string | undefined,
  ) {}

  private emit(type: string, desc: string, s: Stamp, message: string, fields: Record<string, string | number | boolean | undefined>, raw?: string): void {
    this.ctx.emit({
      time: s.time, timeBasis: s.timeBasis, timePrecision: 'microsecond', type, timestampDesc: desc, location: `line ${s.line}`, message,
      fields: cleanFields({tool: TOOL, ...fields, source_offset: s.offset, user: this.user}), raw: raw ?? s.raw,
    })
  }

  handle(s: Stamp, level: string, src: string, msg: string): void {
    let m: RegExpExecArray | null
    if (msg.length > 16 * 1024) return // unanchored keyword patterns stay off hostile long lines
    if ((m = MSG.opened.exec(msg))) {
      const hp = splitHostPort(m[2]!)
      const c: Conn = {id: m[1]!, open: s, ip: hp.ip, port: hp.port}
      const prev = this.conns.get(c.id)
      if (prev) this.emitOpen(prev) // same connection number reused without a close line
      this.conns.set(c.id, c)
      return
    }
    if ((m = MSG.closed.exec(msg))) {
      const c = this.conns.get(m[1]!)
      this.conns.delete(m[1]!)
      const dur = c?.open.time && s.time ? durationSeconds(c.open.time, s.time) : undefined
      if (c) this.emitOpen(c, s.time ?? undefined, dur, s)
      this.emit('remote_access.session_end', 'Connection closed', s,
        `RustDesk incoming connection #${m[1]}${c?.ip ? ` from ${c.ip}` : ''} closed${m[2] ? `: ${m[2]}` : ''}${dur !== undefined ? ` after ${dur} s` : ''}`,
        {direction: 'incoming', conn_id: m[1], remote_ip: c?.ip, remote_port: c?.port, close_reason: m[2] || undefined, duration_s: dur, start_time: c?.open.time ?? undefined, level, source: src})
      return
    }
    const conn = /^#(\d+)\b/.exec(msg)?.[1]
    const c = conn ? this.conns.get(conn) : undefined
    // only connection-scoped lines: rendezvous/relay chatter also says "login"
    if (conn === undefined && !/connection\.rs/.test(src)) return
    if (MSG.file.test(msg)) {
      this.emit('remote_access.file_transfer', 'File transfer', s, `RustDesk file transfer: ${msg}`,
        {conn_id: conn, remote_ip: c?.ip, detail: msg, level, source: src})
      return
    }
    if (MSG.auth.test(msg)) {
      const denied = MSG.denied.test(msg)
      this.emit(denied ? 'remote_access.access_denied' : 'remote_access.login', denied ? 'Authentication failed' : 'Authentication', s,
        `RustDesk ${denied ? 'authentication problem' : 'authentication'}: ${msg}`, {conn_id: conn, remote_ip: c?.ip, detail: msg, level, source: src})
    }
  }

  private emitOpen(c: Conn, end?: string, dur?: number, closeStamp?: Stamp): void {
    this.emit('remote_access.session_start', 'Connection opened', c.open,
      `RustDesk incoming connection #${c.id} from ${c.ip}${c.port !== undefined ? `:${c.port}` : ''}${dur !== undefined ? `, ${dur} s` : ', close not recorded'}`,
      {direction: 'incoming', conn_id: c.id, remote_ip: c.ip, remote_port: c.port, end_time: end, duration_s: dur},
      closeStamp ? `${c.open.line}: ${c.open.raw}\n${closeStamp.line}: ${closeStamp.raw}` : undefined)
  }

  finish(): void {
    const rest = [...this.conns.values()].sort((a, b) => a.open.line - b.open.line)
    for (const c of rest) this.emitOpen(c)
    this.conns.clear()
  }
}
