// Turns TeamViewer log records into triage events: sessions (start/end with partner ID, name,
// router, authentication), authentication results, file-transfer lines, the local TeamViewer ID
// and the country TeamViewer's servers located the host in. Patterns come from the real
// TeamViewer 15.50.5 log (corpus teamviewer-15-plaso, line numbers cited); a few older-version
// lines are marked as such. Everything else in the log (VoIP, UI, policies) is not emitted.
import type {ParsedEvent} from '../../lib/model.js'
import {durationSeconds} from '../../lib/time.js'
import {cleanFields, splitHostPort, type EventTime} from '../common.js'
import type {ParseContext} from '../types.js'

const TOOL = 'teamviewer'
const MAX_RAW_LINES = 12
const MAX_MESSAGE_CHARS = 16 * 1024

export interface TvRecord extends EventTime {
  line: number
  pid?: string
  message: string
  raw: string
  /** `UTC-8:00` as written in the governing Start header. */
  offset?: string
}

interface Session {
  direction: 'incoming' | 'outgoing'
  index?: string
  start: TvRecord
  remoteId?: string
  alias?: string
  remoteIp?: string
  remotePort?: number
  relay?: string
  relayIp?: string
  relayPort?: number
  protocol?: string
  connectionType?: string
  tvSessionId?: string
  authMethod?: string
  authResult?: string
  authAttempts?: number
  remoteVersion?: string
  raw: string[]
  end?: TvRecord & {reason: string}
}

const MSG = {
  // line 557: "CommandHandlerRouting[2]::CreatePassiveSession(): incoming session via gb-man-anx-r001.router.teamviewer.com, protocol Tcp"
  passive: /CommandHandlerRouting\[(\d+)\]::CreatePassiveSession\(\): incoming session via (\S+?),? protocol (\w+)/,
  // Not in the corpus sample (it has no outgoing session): the controlling side's counterpart.
  active: /CommandHandlerRouting\[(\d+)\]::CreateActiveSession\(\): outgoing session (?:via|to) (\S+?),?(?: protocol (\w+))?$/,
  // line 559: "TcpConnectorv4[2]::ConnectEndpoint(): Connecting to endpoint 37.252.232.100:5938"
  endpoint: /^TcpConnectorv[46]\[(\d+)\]::ConnectEndpoint\(\): Connecting to endpoint (\S+)$/,
  // line 560: "Negotiating session encryption: client hello received from 1660360496, RSA key length = 4096"
  clientHello: /client hello received from (\d+)/,
  // line 570: "ConnectionGuard: incoming remote control in sessions: 1(1)"
  guard: /^ConnectionGuard: (incoming|outgoing) (.+?) in sessions/,
  // line 571: "AppSessionManager::HandleSessionIncoming: Connection incoming, sessionID = 126302903"
  sessionId: /Connection (?:incoming|outgoing), sessionID = (\d+)/,
  // line 618: "AuthenticationBlocker::Allocate: allocate ok for DyngateID 1660360496, attempt number 1"
  authAttempt: /AuthenticationBlocker::Allocate: allocate (\w+) for DyngateID (\d+), attempt number (\d+)/,
  // line 624: "AuthenticationPasswordLogin_Passive::RunAuthenticationMethod: authentication using dynamic password was successful"
  authResult: /authentication using (.+?) was (successful|not successful|unsuccessful|denied|rejected|failed)/i,
  // line 648: "CPersistentParticipantManager::AddParticipant: [1660360496,115469523] type=6 name=TestAccountRedacted"
  participant: /AddParticipant: \[(\d+),(\d+)\] type=(\d+) name=(.*)$/,
  // line 847: "ServerThreadInfo connected to 1660360496, client version is 15.50.5 , OS=32768"
  partnerVersion: /connected to (\d+), client version is ([\w.]+)/,
  // Older versions log the partner's public address ("UDPv4: punch received a=IP:port: (*)");
  // 15.x masks it as "(*)" (corpus lines 765-772).
  punch: /punch received a=(\[[0-9A-Fa-f:.]+\]:\d+|[0-9.]+:\d+)/,
  // line 986: "CStreamManager[2]::ReceivedEndSession(): reason=1"
  endSession: /CStreamManager\[(\d+)\]::ReceivedEndSession\(\): reason=(\d+)/,
  // line 1004: "SessionStatistics[2] Session to 1660360496 ended. Estimated capacity=5448kBit/s, Latency=65ms"
  statistics: /SessionStatistics\[(\d+)\] Session to (\d+) ended/,
  // line 183 / 186 / 425: local ID
  localId: /(?:Login::Identify::ManageLogin\(\): ID: |UpdateMachineID: New machineID = |IdentifyRequest: ID = )(\d+)/,
  // line 432: "RequestIPAddress::RequestResult: Client country code: GB"
  country: /RequestIPAddress::RequestResult: Client country code: (\w+)/,
  // line 1033: "FileManager::CreateRecursiveDirectory: caught exception ...: Access is denied [system:5]: "cert-bundle.crt\", "cert-bundle.crt", Errorcode=2"
  fileError: /^FileManager::\w+: caught exception .*?: ([^:[\]]+?) \[system:(\d+)\]: "(.*?)\\?", "(.*?)"/,
  // line 1035: "DataTransceiver: CFT_Operation_Incoming => CopyFilesOperationIncoming::HandleError: Incoming Error on Stream: 23, error = 0"
  copyError: /CopyFilesOperation(Incoming|Outgoing)::HandleError: \w+ Error on Stream: (\d+), error = (-?\d+)/,
  // Older versions (commonly cited in TeamViewer forensics write-ups; not in the 15.x sample).
  writeFile: /^Write file (.+)$/,
  sendFile: /^Send file (.+)$/,
}

export class TvAssembler {
  private open: Session[] = []
  private localId?: string
  private country?: string
  private lastFileError?: {rec: TvRecord; name: string; error: string}

  constructor(
    private readonly ctx: ParseContext,
    private readonly user: string | undefined,
  ) {}

  private emit(type: string, desc: string, r: TvRecord, message: string, fields: Record<string, string | number | boolean | undefined>, raw?: string): void {
    const e: ParsedEvent = {
      time: r.time, timeBasis: r.timeBasis, type, timestampDesc: desc, location: `line ${r.line}`, message,
      fields: cleanFields({tool: TOOL, ...fields, source_offset: r.offset}), raw: raw ?? r.raw,
    }
    this.ctx.emit(e)
  }

  private note(s: Session, r: TvRecord): void {
    if (s.raw.length < MAX_RAW_LINES) s.raw.push(`${r.line}: ${r.raw}`)
  }

  /** The session a line belongs to: by connection index `[N]`, else the newest open one matching. */
  private find(index?: string, pred?: (s: Session) => boolean): Session | undefined {
    for (let i = this.open.length - 1; i >= 0; i--) {
      const s = this.open[i]!
      if (index !== undefined && s.index !== undefined && s.index !== index) continue
      if (!pred || pred(s)) return s
    }
    return undefined
  }

  private newSession(direction: Session['direction'], r: TvRecord, index?: string): Session {
    const s: Session = {direction, index, start: r, raw: []}
    this.note(s, r)
    this.open.push(s)
    return s
  }

  handle(r: TvRecord): void {
    const msg = r.message
    // real messages are short; unanchored patterns must not run on hostile megabyte lines
    if (msg.length > MAX_MESSAGE_CHARS) return
    let m: RegExpExecArray | null
    if ((m = MSG.passive.exec(msg)) || (m = MSG.active.exec(msg))) {
      const dir = MSG.passive.test(msg) ? 'incoming' : 'outgoing'
      // a reconnect on the same index replaces an unfinished session
      const prev = this.find(m[1], (x) => x.index === m![1])
      if (prev) this.close(prev, r, 'superseded by a new session on the same connection')
      const s = this.newSession(dir, r, m[1])
      s.relay = m[2]
      s.protocol = m[3]
      return
    }
    if ((m = MSG.endpoint.exec(msg))) {
      const s = this.find(m[1], (x) => x.index === m![1] && !x.relayIp)
      if (s) {
        const hp = splitHostPort(m[2]!)
        s.relayIp = hp.ip
        s.relayPort = hp.port
        this.note(s, r)
      }
      return
    }
    if ((m = MSG.clientHello.exec(msg))) {
      const id = m[1]!
      const s = this.find(undefined, (x) => x.remoteId === id) ?? this.find(undefined, (x) => !x.remoteId) ?? this.newSession('incoming', r)
      if (!s.remoteId) this.note(s, r)
      s.remoteId = id
      return
    }
    if ((m = MSG.guard.exec(msg))) {
      const s = this.find()
      if (s) s.connectionType ??= m[2]
      return
    }
    if ((m = MSG.sessionId.exec(msg))) {
      const s = this.find()
      if (s) s.tvSessionId ??= m[1]
      return
    }
    if ((m = MSG.authAttempt.exec(msg))) {
      const id = m[2]
      const s = this.find(undefined, (x) => x.remoteId === id) ?? this.find()
      if (s) {
        s.authAttempts = Number(m[3])
        this.note(s, r)
      }
      return
    }
    if ((m = MSG.authResult.exec(msg))) {
      const ok = m[2]!.toLowerCase() === 'successful'
      const s = this.find()
      if (s) {
        s.authMethod = m[1]
        s.authResult = ok ? 'successful' : m[2]
        this.note(s, r)
      }
      this.emit(ok ? 'remote_access.login' : 'remote_access.access_denied', ok ? 'Authentication' : 'Authentication failed', r,
        `TeamViewer ${s?.direction ?? ''} authentication using ${m[1]} ${ok ? 'succeeded' : `failed (${m[2]})`}${s?.remoteId ? ` for partner ${s.remoteId}` : ''}`.replace('  ', ' '),
        {direction: s?.direction, remote_id: s?.remoteId, auth_method: m[1], auth_result: ok ? 'successful' : m[2], auth_attempts: s?.authAttempts, local_id: this.localId, user: this.user})
      return
    }
    if ((m = MSG.participant.exec(msg))) {
      const id = m[1]!
      if (id === this.localId) return
      const s = this.find(undefined, (x) => x.remoteId === id) ?? this.find(undefined, (x) => !x.remoteId)
      if (s && !s.alias) {
        s.remoteId ??= id
        s.alias = m[4]!.trim()
        this.note(s, r)
      }
      return
    }
    if ((m = MSG.partnerVersion.exec(msg))) {
      const s = this.find(undefined, (x) => x.remoteId === m![1])
      if (s) s.remoteVersion ??= m[2]
      return
    }
    if ((m = MSG.punch.exec(msg))) {
      const s = this.find(undefined, (x) => !x.remoteIp)
      if (s) {
        const hp = splitHostPort(m[1]!)
        s.remoteIp = hp.ip
        s.remotePort = hp.port
        this.note(s, r)
      }
      return
    }
    if ((m = MSG.endSession.exec(msg))) {
      const s = this.find(m[1], (x) => x.index === m![1])
      if (s) this.close(s, r, `end of session (reason ${m[2]})`)
      return
    }
    if ((m = MSG.statistics.exec(msg))) {
      const s = this.find(m[1], (x) => x.index === m![1]) ?? this.find(undefined, (x) => x.remoteId === m![2])
      if (s) this.close(s, r, 'session ended')
      return
    }
    if ((m = MSG.localId.exec(msg))) {
      if (m[1] !== '0' && m[1] !== this.localId) {
        this.localId = m[1]
        this.emit('remote_access.local_id', 'Local ID assigned', r, `TeamViewer local ID ${m[1]}`, {local_id: m[1], user: this.user})
      }
      return
    }
    if ((m = MSG.country.exec(msg))) {
      if (m[1] !== this.country) {
        this.country = m[1]
        this.emit('remote_access.external_address', 'Country reported by TeamViewer servers', r,
          `TeamViewer servers located this host's public address in country ${m[1]}`, {country_code: m[1], local_id: this.localId, user: this.user})
      }
      return
    }
    if ((m = MSG.fileError.exec(msg))) {
      this.lastFileError = {rec: r, name: m[4] || m[3]!, error: `${m[1]!.trim()} [system:${m[2]}]`}
      return
    }
    if ((m = MSG.copyError.exec(msg))) {
      const dir = m[1] === 'Incoming' ? 'incoming' : 'outgoing'
      const fe = this.lastFileError && this.lastFileError.rec.pid === r.pid ? this.lastFileError : undefined
      this.lastFileError = undefined
      this.fileEvent(r, dir, fe?.name, 'error',
        `TeamViewer ${dir} file copy failed${fe ? `: ${fe.name} (${fe.error})` : ''}`,
        {stream: Number(m[2]), error_code: Number(m[3]), error: fe?.error}, fe ? `${fe.rec.line}: ${fe.rec.raw}\n${r.line}: ${r.raw}` : undefined)
      return
    }
    if ((m = MSG.writeFile.exec(msg))) {
      this.fileEvent(r, 'incoming', m[1]!.trim(), 'written', `TeamViewer file transfer: file written ${m[1]!.trim()}`, {})
      return
    }
    if ((m = MSG.sendFile.exec(msg))) {
      this.fileEvent(r, 'outgoing', m[1]!.trim(), 'sent', `TeamViewer file transfer: file sent ${m[1]!.trim()}`, {})
    }
  }

  private fileEvent(r: TvRecord, direction: string, path: string | undefined, status: string, message: string, extra: Record<string, string | number | undefined>, raw?: string): void {
    const s = this.find()
    this.emit('remote_access.file_transfer', 'File transfer', r, message, {
      direction, path, status, ...extra, remote_id: s?.remoteId, remote_alias: s?.alias, local_id: this.localId, user: this.user,
    }, raw)
  }

  private close(s: Session, r: TvRecord, reason: string): void {
    s.end = {...r, reason}
    this.note(s, r)
    this.open = this.open.filter((x) => x !== s)
    this.emitSession(s)
  }

  private emitSession(s: Session): void {
    const dur = s.end?.time && s.start.time ? durationSeconds(s.start.time, s.end.time) : undefined
    const who = [s.alias ? `"${s.alias}"` : undefined, s.remoteId].filter(Boolean).join(' ') || 'unknown partner'
    const common = {
      direction: s.direction, remote_id: s.remoteId, remote_alias: s.alias, remote_ip: s.remoteIp, remote_port: s.remotePort,
      local_id: this.localId, user: this.user,
    }
    this.emit('remote_access.session_start', 'Session start', s.start,
      `TeamViewer ${s.direction} ${s.connectionType ?? ''} session ${s.direction === 'incoming' ? 'from' : 'to'} ${who}${s.relay ? ` via ${s.relay}` : ''}${s.authMethod ? `, authentication: ${s.authMethod} ${s.authResult}` : ''}${dur !== undefined ? `, ${dur} s` : ', end not recorded'}`.replace('  ', ' '),
      {
        ...common, relay: s.relay, relay_ip: s.relayIp, relay_port: s.relayPort, protocol: s.protocol, connection_type: s.connectionType,
        tv_session_id: s.tvSessionId, auth_method: s.authMethod, auth_result: s.authResult, auth_attempts: s.authAttempts,
        remote_version: s.remoteVersion, end_time: s.end?.time ?? undefined, duration_s: dur,
      },
      s.raw.join('\n'))
    if (s.end) {
      this.emit('remote_access.session_end', 'Session end', s.end,
        `TeamViewer ${s.direction} session with ${who} ended (${s.end.reason})${dur !== undefined ? ` after ${dur} s` : ''}`,
        {...common, close_reason: s.end.reason, duration_s: dur, start_time: s.start.time ?? undefined})
    }
  }

  finish(): void {
    // sessions whose end was never logged (log rotated, process killed) are still reported
    for (const s of this.open) this.emitSession(s)
    this.open = []
  }
}
