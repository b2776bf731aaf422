// AnyDesk trace logs: ad.trace (user/portable), ad_svc.trace (service), Linux anydesk.trace,
// custom-client ad_*/ folders. Sessions are assembled from their lines (reference §1.2
// "Session assembly"): per process, bound to fibers where the trace has a fiber column.
import {userFromPath} from '../../evidence/paths.js'
import type {ParsedEvent} from '../../lib/model.js'
import {decodeBytesLossless, forEachRawLine, type LineSkipper} from '../../lib/text.js'
import {durationSeconds} from '../../lib/time.js'
import {cleanFields, wallFromParts, zonelessTime, type EventTime} from '../common.js'
import type {ArtifactInput, ArtifactParser, ParseContext} from '../types.js'
import {anydeskTraceClaim} from './claims.js'
import {AD_SEPARATOR, messageKeys, MSG, parseTraceLine, type TraceLine} from './trace-grammar.js'
import {routineLinePattern, TRACE_LEVELS} from './trace-routine-pattern.js'

const TOOL = 'anydesk'
const MAX_RAW_LINES = 10

interface Stamp extends EventTime {
  line: number
  raw: string
}

interface Session {
  direction: 'incoming' | 'outgoing'
  pid: string
  proc: string
  start: Stamp
  remoteId?: string
  alias?: string
  via?: string
  fpr?: string
  remoteIp?: string
  remotePort?: number
  relay?: string
  directIp?: string
  directPort?: number
  remoteOs?: string
  remoteVersion?: string
  flags?: string
  features?: string
  authMethod?: string
  authProfile?: string
  tokenIssued?: boolean
  raw: string[]
  fibers: Set<string>
  end?: Stamp & {reason: string}
}

interface ProcState {
  open: Session[]
  lastCreated?: Session
}

/**
 * The trace parser. `fullTriage` sends every line through the grammar (the reference the
 * keyword triage is tested against); the default drops routine lines unread (RoutineLines).
 */
export function makeAnydeskTraceParser(opts: {fullTriage?: boolean} = {}): ArtifactParser {
  return {...anydeskTraceClaim, parse: (input, ctx) => parseTrace(input, ctx, opts.fullTriage === true)}
}

export const anydeskTrace: ArtifactParser = makeAnydeskTraceParser()

async function parseTrace(input: ArtifactInput, ctx: ParseContext, fullTriage: boolean): Promise<void> {
  const user = userFromPath(input.info.logicalPath)
  const assembler = new TraceAssembler(ctx, user)
  const unmatched: number[] = []
  let unmatchedCount = 0
  const overlong: number[] = []
  const stream = input.blocks ? input.blocks() : await input.stream()
  const skipper = fullTriage ? undefined : new RoutineLines()
  if (skipper) skipper.everyLine = () => assembler.wantsEveryLine
  const handleLine = (bytes: Buffer, number: number) => {
    // lines across chunk boundaries were not seen by the skipper; their line end is stripped
    // already, so a CR left at the end is in the message (where the grammar's "." stops)
    if (skipper && !assembler.wantsEveryLine && bytes[bytes.length - 1] !== 13 && isRoutineLine(bytes)) return
    const text = decodeBytesLossless(bytes, ctx.text, number)
    const segments = text.includes('\0') ? text.split(/\0+/) : [text]
    for (const seg of segments) {
      if (seg.trim() === '' || AD_SEPARATOR.test(seg)) continue
      const line = parseTraceLine(seg)
      if (!line) {
        // Banner continuation lines and free text after a torn write are not trace records.
        unmatchedCount++
        if (unmatched.length < 5) unmatched.push(number)
        continue
      }
      assembler.handle(line, number, seg)
    }
  }
  try {
    // most lines of a gigabyte trace are routine: dropped by RoutineLines before any decoding
    await forEachRawLine(stream, handleLine, 1024 * 1024, (n) => overlong.push(n), skipper)
  } finally {
    // a read error (truncated archive member, byte limit) still reports what was assembled
    assembler.finish()
  }
  if (unmatchedCount > 0) {
    ctx.warn(`${unmatchedCount} line(s) do not follow the trace grammar (first at line ${unmatched.join(', ')})`)
  }
  if (overlong.length > 0) ctx.warn(`${overlong.length} line(s) longer than 1 MiB were cut (first at line ${overlong[0]})`)
}

// The keys of trace-grammar.ts MSG, as bytes: starts by their first byte, contains split into
// literals found with Buffer.indexOf in the message and /i ones looked for byte by byte.
const KEYS = messageKeys()
const STARTS_BY_BYTE: Buffer[][] = []
for (const k of KEYS.starts) (STARTS_BY_BYTE[k.charCodeAt(0)] ??= []).push(Buffer.from(k, 'latin1'))
const LITERALS = KEYS.contains.filter((c) => !c.ci).map((c) => Buffer.from(c.text, 'latin1'))
const FOLDED = KEYS.contains.filter((c) => c.ci).map((c) => Buffer.from(c.text.toLowerCase(), 'latin1'))
const FOLDED_FIRST = new Uint8Array(256)
for (const f of FOLDED) FOLDED_FIRST[f[0]!] = FOLDED_FIRST[f[0]! ^ 0x20] = 1
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22]
/** Sticky: one routine line at lastIndex of a chunk's latin1 view (narrower than `routine`). */
const ROUTINE_LINE = new RegExp(routineLinePattern(KEYS), 'y')
const TEXT_VIEW_BYTES = 64 * 1024

/**
 * Well-formed trace lines whose message no MSG pattern can match, judged on the raw bytes without
 * decoding them: most lines of a gigabyte service trace. Anything unusual (NUL runs, odd
 * shape, a message key, a process start the assembler is still reading) goes through the full
 * grammar, so the events are exactly those of reading every line (test: "keyword triage gives
 * the events of full triage"). Most lines are matched by ROUTINE_LINE, native code over a latin1
 * view of the chunk; the line where it stops gets the byte checks of `routine` (a few thousand
 * lines a gigabyte).
 */
export class RoutineLines implements LineSkipper {
  skipped = 0
  /** Set while the assembler needs every line (a start-up banner is being read). */
  everyLine: () => boolean = () => false
  private b: Buffer = Buffer.alloc(0)
  private lastLf = -1
  /** Latin1 view (char i = byte textFrom + i) of the whole lines [textFrom, textTo) of the chunk. */
  private text = ''
  private textFrom = 0
  private textTo = 0

  chunk(bytes: Buffer): void {
    this.b = bytes
    this.lastLf = bytes.lastIndexOf(10)
    this.text = ''
    this.textFrom = this.textTo = 0
  }

  skipFrom(start: number): number {
    if (this.everyLine()) return start
    const b = this.b
    const re = ROUTINE_LINE
    let p = start
    for (;;) {
      if (p >= this.textTo) {
        if (p > this.lastLf) return p // the unterminated tail
        this.view(p)
      }
      const from = this.textFrom
      // a failed sticky test resets lastIndex: it is set before every test
      re.lastIndex = p - from
      while (re.test(this.text)) {
        p = re.lastIndex + from
        this.skipped++
      }
      if (p === this.textTo) continue
      const nl = b.indexOf(10, p)
      if (!this.routine(p, nl)) return p
      this.skipped++
      p = nl + 1
    }
  }

  /**
   * The view from `p` (at most TEXT_VIEW_BYTES of whole lines, or one longer line): a chunk-sized
   * string would be external (over ~1 MB) and its memory would bring a mark-compact every few
   * chunks; these die young in the new space.
   */
  private view(p: number): void {
    let to = Math.min(p + TEXT_VIEW_BYTES, this.lastLf + 1)
    if (to <= this.lastLf) {
      to = this.b.lastIndexOf(10, to - 1) + 1
      if (to <= p) to = this.b.indexOf(10, p) + 1
    }
    this.text = this.b.toString('latin1', p, to)
    this.textFrom = p
    this.textTo = to
  }

  /** Line [start, lineEnd) of the current chunk (CR included) needs no further look. */
  routine(start: number, lineEnd: number): boolean {
    const b = this.b
    const end = lineEnd > start && b[lineEnd - 1] === 13 ? lineEnd - 1 : lineEnd
    if (end === start) return true
    let i = start
    while (b[i] === 32) i++
    const levelStart = i
    for (let c = b[i]!; c >= 97 && c <= 122; c = b[++i]!);
    if (i === levelStart || b[i] !== 32 || !isLevel(b, levelStart, i)) return false
    while (b[i] === 32) i++
    // YYYY-MM-DD HH:MM:SS.mmm
    if (i + 23 > end || b[i + 4] !== 45 || b[i + 7] !== 45 || b[i + 10] !== 32 || b[i + 13] !== 58 || b[i + 16] !== 58 || b[i + 19] !== 46) return false
    // the 17 digit positions at once: a non-digit makes its (c - 48) or (57 - c) negative
    let d = 0
    for (let k = 0; k < DATE_DIGITS.length; k++) {
      const c = b[i + DATE_DIGITS[k]!]!
      d |= (c - 48) | (57 - c)
    }
    if (d < 0) return false
    // memchr over the line (a literal or NUL never straddles the LF at lineEnd)
    const line = b.subarray(start, lineEnd)
    if (line.indexOf(0) !== -1) return false
    // the message starts after the first " - " (or " -" at the end): the grammar's component is
    // the token before it, or, when that token is "-" itself, the one before the next " - "
    // the dashes found by indexOf (memchr) rather than a JS loop over the ~70 column bytes
    let sep = b.indexOf(45, i + 23)
    while (sep !== -1 && sep < end && !(b[sep - 1] === 32 && (sep + 1 === end || b[sep + 1] === 32))) sep = b.indexOf(45, sep + 1)
    // the grammar's component ends right before " -": more spaces there and no parse fits
    if (sep === -1 || sep >= end || b[sep - 2] === 32) return false
    // the columns must be the grammar's, or full triage would count the line as ungrammatical
    if (!gramColumns(b, i + 23, sep - 1)) return false
    const m = sep + 2
    if (m >= end) return true // empty message ("main - ")
    const first = b[m]!
    if (first === 45 && (m + 1 === end || b[m + 1] === 32)) return false
    if (first >= 48 && first <= 57) return !KEYS.digit
    const starts = STARTS_BY_BYTE[first]
    if (starts !== undefined) for (let k = 0; k < starts.length; k++) if (startsAt(b, m, end, starts[k]!)) return false
    for (let k = 0; k < LITERALS.length; k++) if (line.indexOf(LITERALS[k]!, m - start) !== -1) return false
    for (let q = m; q < end; q++) {
      const c = b[q]!
      if (FOLDED_FIRST[c] === 1 && foldedAt(b, q, end)) return false
      // the grammar's "." stops at CR and U+2028/2029 (E2 80 A8/A9): such a message is no record
      if (c === 13 || (c === 0xe2 && b[q + 1] === 0x80 && (b[q + 2] === 0xa8 || b[q + 2] === 0xa9))) return false
    }
    return true
  }
}

const LEVELS = TRACE_LEVELS.map((l) => Buffer.from(l, 'latin1'))
// by length and first byte (no two levels share both), then the bytes in JS: a Buffer.compare call costs more than the rest of the line
const LEVEL_BY_LEN_FIRST = new Map(LEVELS.map((l) => [l.length * 256 + l[0]!, l]))

function isLevel(b: Buffer, start: number, end: number): boolean {
  const l = LEVEL_BY_LEN_FIRST.get((end - start) * 256 + b[start]!)
  if (l === undefined) return false
  for (let k = 1; k < l.length; k++) if (b[start + k] !== l[k]) return false
  return true
}

// Byte classes for the column check: 16 any \S (printable ASCII), 1 \w, 2 [\w.-], 4 digit, 8 [A-Za-z_]
const COL = new Uint8Array(256)
for (let c = 33; c < 127; c++) {
  const digit = c >= 48 && c <= 57
  const alpha = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
  COL[c] = 16 | (digit || alpha ? 3 : 0) | (c === 46 || c === 45 ? 2 : 0) | (digit ? 4 : 0) | (alpha ? 8 : 0)
}

/**
 * The bytes between the time and the separator ([from, to), `to` the space before " - ") are
 * the grammar's columns: proc, optional thread, pid, tid, optional fiber, component, separated
 * by spaces. Anything else (a tab, a non-ASCII byte, a missing column) goes to the grammar. One
 * pass; each token's kind packed in 3 bits: 1 proc-like, 2 thread-like, 4 digits.
 */
function gramColumns(b: Buffer, from: number, to: number): boolean {
  if (b[from] !== 32) return false
  let n = 0
  let packed = 0
  let q = from
  // b[to] is the space before the separator's dash: every loop stops there at the latest
  for (;;) {
    while (b[q] === 32) q++
    if (q >= to) break
    if (n === 6) return false
    let c = b[q]!
    const first = COL[c]!
    let acc = 31
    do {
      acc &= COL[c]!
      c = b[++q]!
    } while (c !== 32)
    if ((acc & 16) === 0) return false // a byte \S does not cover here (tab, control, non-ASCII)
    packed |= ((acc & 4) | (first & 8 ? acc & 3 : 0)) << (3 * n)
    n++
  }
  if (n < 4 || (packed & 1) === 0) return false
  // digit bits of tokens 1..4 and the thread bit of token 1 (3 bits a token)
  const has = (mask: number) => (packed & mask) === mask
  // without a thread column: pid tid [fiber] component; with one: thread pid tid [fiber] component
  if (n === 4) return has(D1 | D2)
  if (n === 5) return has(D1 | D2 | D3) || has(T1 | D2 | D3)
  return has(T1 | D2 | D3 | D4)
}
const [D1, D2, D3, D4] = [1, 2, 3, 4].map((k) => 4 << (3 * k)) as [number, number, number, number]
const T1 = 2 << 3

function startsAt(b: Buffer, at: number, end: number, key: Buffer): boolean {
  if (at + key.length > end) return false
  for (let k = 1; k < key.length; k++) if (b[at + k] !== key[k]) return false
  return true
}

/** A /i key at `at` (ASCII letters in either case, as a non-unicode /i regex compares them). */
function foldedAt(b: Buffer, at: number, end: number): boolean {
  outer: for (const key of FOLDED) {
    if (at + key.length > end) continue
    for (let k = 0; k < key.length; k++) {
      const c = b[at + k]!
      const lower = c >= 65 && c <= 90 ? c | 0x20 : c
      if (lower !== key[k]) continue outer
    }
    return true
  }
  return false
}

/** One line on its own (bytes without the LF): true when it is routine (see RoutineLines). */
export function isRoutineLine(b: Buffer): boolean {
  const r = new RoutineLines()
  r.chunk(b)
  return r.routine(0, b.length)
}

class TraceAssembler {
  private procs = new Map<string, ProcState>()
  private fiberOwner = new Map<string, Session>()
  private localId?: string
  private externalIp?: string
  private pendingStart?: {pid: string; stamp: Stamp; seen: number; fields: Record<string, string | undefined>}

  /** A start-up banner is being read: every line counts (its fields, or the one that ends it). */
  get wantsEveryLine(): boolean {
    return this.pendingStart !== undefined
  }

  constructor(
    private readonly ctx: ParseContext,
    private readonly user: string | undefined,
  ) {}

  private stamp(l: TraceLine, lineNo: number, raw: string): Stamp {
    return {...zonelessTime(wallFromParts(l.date, l.time), this.ctx.hostTz), line: lineNo, raw: raw.trim()}
  }

  private proc(pid: string): ProcState {
    let p = this.procs.get(pid)
    if (!p) {
      p = {open: []}
      this.procs.set(pid, p)
    }
    return p
  }

  private emit(type: string, desc: string, s: Stamp, message: string, fields: Record<string, string | number | boolean | undefined>, raw?: string): void {
    const e: ParsedEvent = {
      time: s.time, timeBasis: s.timeBasis, type, timestampDesc: desc, location: `line ${s.line}`, message,
      fields: cleanFields({tool: TOOL, ...fields}), raw: raw ?? s.raw,
    }
    this.ctx.emit(e)
  }

  /** The session a line belongs to: by fiber, else the newest open one of the process. */
  private sessionFor(l: TraceLine, predicate?: (s: Session) => boolean): Session | undefined {
    if (l.fiber) {
      const owned = this.fiberOwner.get(`${l.pid}/${l.fiber}`)
      if (owned && !owned.end && (!predicate || predicate(owned))) return owned
    }
    const open = this.proc(l.pid).open
    for (let i = open.length - 1; i >= 0; i--) if (!predicate || predicate(open[i]!)) return open[i]
    return undefined
  }

  private newSession(l: TraceLine, lineNo: number, raw: string, direction: Session['direction']): Session {
    const s: Session = {
      direction, pid: l.pid, proc: l.proc, start: this.stamp(l, lineNo, raw), raw: [], fibers: new Set(),
    }
    this.note(s, lineNo, raw)
    const p = this.proc(l.pid)
    p.open.push(s)
    p.lastCreated = s
    return s
  }

  /** An open session for the same peer started moments ago on this process: the same connection. */
  private continuing(l: TraceLine, n: number, raw: string, direction: Session['direction'], id: string): Session | undefined {
    const now = this.stamp(l, n, raw).time
    const s = this.sessionFor(l, (x) => x.direction === direction && x.remoteId === id && !x.fpr)
    if (!s || !now || !s.start.time || durationSeconds(s.start.time, now) > 5) return undefined
    this.note(s, n, raw)
    return s
  }

  private bindFiber(s: Session, l: TraceLine, fiber: string | undefined): void {
    if (!fiber) return
    s.fibers.add(fiber)
    this.fiberOwner.set(`${l.pid}/${fiber}`, s)
  }

  private note(s: Session, lineNo: number, raw: string): void {
    if (s.raw.length < MAX_RAW_LINES) s.raw.push(`${lineNo}: ${raw.trim()}`)
  }

  handle(l: TraceLine, n: number, raw: string): void {
    const msg = l.message
    let m: RegExpExecArray | null

    if (this.pendingStart && this.pendingStart.pid === l.pid) {
      if ((m = MSG.processStarted.exec(msg))) {
        this.pendingStart.fields.os = m[3]
        return
      }
      if ((m = MSG.installStatus.exec(msg))) {
        this.pendingStart.fields.install_status = m[1]
        return
      }
      if ((m = MSG.distribution.exec(msg))) {
        this.pendingStart.fields.os = m[1]
        return
      }
      if ((m = /^\* Custom Client \((.*)\)/.exec(msg))) {
        this.pendingStart.fields.custom_client = m[1]
        return
      }
      // The rest of the start-up banner ("* Checksum …", "* Build …") and other components'
      // lines can come between the version and the OS/install lines.
      if (msg === '' || msg.startsWith('* ')) return
      if (l.component === 'main' || ++this.pendingStart.seen > 30) this.flushStart()
    }
    if ((m = MSG.version.exec(msg))) {
      this.flushStart()
      this.pendingStart = {pid: l.pid, stamp: this.stamp(l, n, raw), seen: 0, fields: {version: m[1], process: l.proc, pid: l.pid}}
      return
    }
    if ((m = MSG.localId.exec(msg))) {
      if (m[1] !== this.localId) {
        this.localId = m[1]
        this.emit('remote_access.local_id', 'Local ID assigned', this.stamp(l, n, raw), `AnyDesk local ID ${m[1]}`, {local_id: m[1], user: this.user})
      }
      return
    }
    if ((m = MSG.externalAddress.exec(msg))) {
      if (m[1] !== this.externalIp) {
        this.externalIp = m[1]
        this.emit('remote_access.external_address', 'External address seen', this.stamp(l, n, raw),
          `AnyDesk external address ${m[1]}:${m[2]}`, {external_ip: m[1], external_port: Number(m[2]), local_id: this.localId})
      }
      return
    }
    if ((m = MSG.acceptRequest.exec(msg))) {
      // "Accept request from X (via relay)" and "Accepting from X." describe one connection.
      const s = this.continuing(l, n, raw, 'incoming', m[1]!) ?? this.newSession(l, n, raw, 'incoming')
      s.remoteId = m[1]
      s.via ??= m[2]
      return
    }
    if ((m = MSG.outgoing.exec(msg)) || (m = MSG.outgoingRequest.exec(msg))) {
      // "Received outgoing connection request for address X" precedes '1: Connecting to "X"'.
      const s = this.continuing(l, n, raw, 'outgoing', m[1]!) ?? this.newSession(l, n, raw, 'outgoing')
      s.remoteId = m[1]
      this.bindFiber(s, l, l.fiber)
      return
    }
    if ((m = MSG.fiberSpawn.exec(msg))) {
      const last = this.proc(l.pid).lastCreated
      if (last && !last.end && !this.hasRole(last, l.pid, m[2]!)) {
        this.bindFiber(last, l, m[1])
        this.roles.set(`${l.pid}/${m[1]}`, m[2]!)
      }
      return
    }
    if ((m = MSG.fiberEnd.exec(msg))) {
      const s = this.fiberOwner.get(`${l.pid}/${m[1]}`)
      if (s && !s.end && (m[2] === 'anynet_connection' || !this.hasRole(s, l.pid, 'anynet_connection'))) {
        this.endSession(s, this.stamp(l, n, raw), 'connection ended')
      }
      return
    }
    if ((m = MSG.clientId.exec(msg))) {
      const id = m[1]!
      let s = this.sessionFor(l, (x) => x.remoteId === id && !x.fpr)
      if (!s) {
        // Service traces without an "Accept request" line (older versions, excerpts) start here.
        s = this.newSession(l, n, raw, 'incoming')
        s.remoteId = id
      } else this.note(s, n, raw)
      s.fpr = m[2]
      this.bindFiber(s, l, l.fiber)
      return
    }
    if ((m = MSG.loggedIn.exec(msg))) {
      const s = this.sessionFor(l, (x) => !x.remoteIp)
      if (s) {
        s.remoteIp = m[1]
        s.remotePort = Number(m[2])
        s.relay = m[3]
        this.note(s, n, raw)
      } else {
        const ns = this.newSession(l, n, raw, 'incoming')
        ns.remoteIp = m[1]
        ns.remotePort = Number(m[2])
        ns.relay = m[3]
      }
      return
    }
    if ((m = MSG.directIncoming.exec(msg))) {
      const s = this.sessionFor(l, (x) => !x.directIp && x.direction === 'incoming')
      if (s) {
        s.directIp = m[1]
        s.directPort = Number(m[2])
        this.note(s, n, raw)
      }
      return
    }
    if ((m = MSG.incomingRequest.exec(msg))) {
      const s = this.newSession(l, n, raw, 'incoming')
      s.alias = m[1]
      s.remoteId = m[2]
      this.bindFiber(s, l, l.fiber)
      return
    }
    if ((m = MSG.remoteOs.exec(msg))) {
      const s = this.sessionFor(l, (x) => !x.remoteOs)
      if (s) {
        s.remoteOs = m[1]
        s.flags = m[2]!.trim()
        this.note(s, n, raw)
      }
      return
    }
    if ((m = MSG.remoteVersion.exec(msg))) {
      const s = this.sessionFor(l, (x) => !x.remoteVersion)
      if (s) {
        s.remoteVersion = m[1]!.trim()
        this.note(s, n, raw)
      }
      return
    }
    if ((m = MSG.features.exec(msg))) {
      const s = this.sessionFor(l, (x) => !x.features)
      if (s) s.features = m[1]
      return
    }
    const auth = authOf(msg)
    if (auth) {
      const s = this.sessionFor(l)
      const st = this.stamp(l, n, raw)
      if (s) {
        s.authMethod = auth.method
        if (auth.profile) s.authProfile = auth.profile
        this.note(s, n, raw)
      }
      this.emit('remote_access.login', 'Authentication', st,
        `AnyDesk ${s?.direction ?? ''} session authenticated (${auth.method}${auth.profile ? `, profile ${auth.profile}` : ''})${s?.remoteId ? ` for remote ID ${s.remoteId}` : ''}${s?.remoteIp ? ` from ${s.remoteIp}` : ''}`.replace('  ', ' '),
        {
          direction: s?.direction, remote_id: s?.remoteId, remote_ip: s?.remoteIp, remote_alias: s?.alias,
          auth_method: auth.method, auth_profile: auth.profile, local_id: this.localId, user: this.user,
        })
      return
    }
    if ((m = MSG.profileUsed.exec(msg))) {
      const s = this.sessionFor(l)
      if (s) s.authProfile = m[1]!.trim()
      return
    }
    if (MSG.tokenIssued.test(msg)) {
      const s = this.sessionFor(l)
      if (s) s.tokenIssued = true
      return
    }
    if ((m = MSG.sessionClosed.exec(msg))) {
      const s = this.sessionFor(l)
      if (s) this.endSession(s, this.stamp(l, n, raw), [m[1], m[2]].filter(Boolean).join(': ') || 'closed')
      return
    }
    if (MSG.sessionStopped.test(msg)) {
      const s = this.sessionFor(l)
      if (s) this.endSession(s, this.stamp(l, n, raw), 'session stopped')
      return
    }
    if ((m = MSG.preparingFiles.exec(msg))) {
      this.fileEvent(l, n, raw, {action: 'prepare', path: m[1]}, `AnyDesk file transfer: preparing files in ${m[1]}`)
      return
    }
    if ((m = MSG.preparationDone.exec(msg))) {
      this.fileEvent(l, n, raw, {action: 'prepared', file_count: Number(m[1]), status: m[2]}, `AnyDesk file transfer: ${m[1]} file(s) prepared`)
      return
    }
    if ((m = MSG.transferState.exec(msg))) {
      this.fileEvent(l, n, raw, {action: `${m[1]!.toLowerCase()}_${m[2]!.toLowerCase()}`}, `AnyDesk file transfer: ${m[1]} ${m[2]}`)
      return
    }
    if (MSG.fileOffer.test(msg)) {
      this.fileEvent(l, n, raw, {action: 'clipboard_file_offer'}, 'AnyDesk clipboard: file offer received')
      return
    }
    if ((m = MSG.textOffer.exec(msg))) {
      this.fileEvent(l, n, raw, {action: 'clipboard_text_offer', size: Number(m[1])}, `AnyDesk clipboard: text offer (${m[1]} bytes)`)
      return
    }
    if (MSG.tunnel.test(msg)) {
      const s = this.sessionFor(l)
      this.emit('remote_access.tunnel', 'Tunnel', this.stamp(l, n, raw), `AnyDesk TCP tunnel: ${msg}`,
        {remote_id: s?.remoteId, remote_ip: s?.remoteIp, detail: msg, user: this.user})
      return
    }
    if ((m = MSG.profileSelected.exec(msg))) {
      this.emit('remote_access.config', 'Permission profile selected', this.stamp(l, n, raw),
        `AnyDesk permission profile selected: ${m[1]} (password set: ${m[2]})`,
        {setting: 'permission_profile', profile: m[1], has_password: m[2] === 'Y', unattended: m[1] === '_unattended_access', user: this.user})
    }
  }

  private roles = new Map<string, string>()

  private hasRole(s: Session, pid: string, role: string): boolean {
    for (const f of s.fibers) if (this.roles.get(`${pid}/${f}`) === role) return true
    return false
  }

  private fileEvent(l: TraceLine, n: number, raw: string, fields: Record<string, string | number | undefined>, message: string): void {
    const s = this.sessionFor(l)
    this.emit('remote_access.file_transfer', 'File transfer', this.stamp(l, n, raw), message,
      {...fields, remote_id: s?.remoteId, remote_ip: s?.remoteIp, user: this.user, process: l.proc})
  }

  private endSession(s: Session, at: Stamp, reason: string): void {
    s.end = {...at, reason}
    this.note(s, at.line, at.raw)
    const p = this.proc(s.pid)
    p.open = p.open.filter((x) => x !== s)
    this.emitSession(s)
  }

  private emitSession(s: Session): void {
    const dur = s.end?.time && s.start.time ? durationSeconds(s.start.time, s.end.time) : undefined
    const who = [s.alias ? `"${s.alias}"` : undefined, s.remoteId].filter(Boolean).join(' ') || 'unknown peer'
    const where = s.remoteIp ? ` (${s.remoteIp}${s.remotePort ? `:${s.remotePort}` : ''}${s.relay ? ` via relay ${s.relay}` : ''})` : ''
    const common = {
      direction: s.direction, remote_id: s.remoteId, remote_alias: s.alias, remote_ip: s.remoteIp, remote_port: s.remotePort,
      relay: s.relay, local_id: this.localId, user: this.user,
    }
    this.emit('remote_access.session_start', 'Session start', s.start,
      `AnyDesk ${s.direction} session ${s.direction === 'incoming' ? 'from' : 'to'} ${who}${where}${s.authMethod ? `, authentication: ${s.authMethod}` : ''}${dur !== undefined ? `, ${dur} s` : ', end not recorded'}`,
      {
        ...common, remote_fpr: s.fpr, via: s.via, direct_ip: s.directIp, direct_port: s.directPort, remote_os: s.remoteOs,
        remote_version: s.remoteVersion, connection_flags: s.flags, features: s.features, auth_method: s.authMethod,
        auth_profile: s.authProfile, token_issued: s.tokenIssued, end_time: s.end?.time ?? undefined, duration_s: dur,
        process: s.proc, pid: s.pid,
      },
      s.raw.join('\n'))
    if (s.end) {
      this.emit('remote_access.session_end', 'Session end', s.end,
        `AnyDesk ${s.direction} session with ${who} ended (${s.end.reason})${dur !== undefined ? ` after ${dur} s` : ''}`,
        {...common, close_reason: s.end.reason, duration_s: dur, start_time: s.start.time ?? undefined})
    }
  }

  private flushStart(): void {
    const p = this.pendingStart
    if (!p) return
    this.pendingStart = undefined
    this.emit('remote_access.process_start', 'Process start', p.stamp,
      `AnyDesk ${p.fields.version} started (${p.fields.process}${p.fields.os ? `, ${p.fields.os}` : ''}${p.fields.install_status ? `, install status: ${p.fields.install_status}` : ''})`,
      {...p.fields, user: this.user})
  }

  finish(): void {
    this.flushStart()
    // Sessions whose end was never written (trace rotated, process killed) are still reported.
    const open = [...this.procs.values()].flatMap((p) => p.open)
    open.sort((a, b) => a.start.line - b.start.line)
    for (const s of open) this.emitSession(s)
  }
}

function authOf(msg: string): {method: string; profile?: string} | undefined {
  let m: RegExpExecArray | null
  if ((m = MSG.authLocalUser.exec(msg))) return {method: m[1] ? 'accepted by local user (elevated)' : 'accepted by local user'}
  if (MSG.authPassword.test(msg)) return {method: 'password'}
  if (MSG.authToken.test(msg)) return {method: 'permanent token'}
  if ((m = MSG.authPassphrase.exec(msg))) return {method: 'passphrase', profile: m[1]}
  return undefined
}
