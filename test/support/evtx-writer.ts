// A small EVTX writer for fixtures no public sample has (a chromoting log, a 7045 of AnyDesk, a
// PiKVM USB arrival), written from the format description (shared/reference/raw-windows-evidence.md
// §1.2-1.7): file header, one chunk per 64 KiB of records, each record a template instance with
// an inline template definition (names inline, dependency ids 0xFFFF), CRCs filled in. Its output
// is also read by python-evtx (test/formats/evtx/writer.test.ts), so it is not shaped by our reader.
import {crc32} from '../../src/formats/evtx/crc.js'

export interface WriterEvent {
  provider: string
  providerGuid?: string
  eventId: number
  qualifiers?: number
  level: number
  task?: number
  keywords?: bigint
  /** SystemTime: ISO UTC with up to 7 fraction digits and Z. */
  time: string
  recordId: number
  pid: number
  tid: number
  channel: string
  computer: string
  userSid?: string
  /** `<EventData>` values; a name gives `<Data Name=…>`. */
  data?: Array<{name?: string; value: string}>
  /** `<UserData><root xmlns=ns><leaf>value</leaf>…</root></UserData>` instead of EventData. */
  userData?: {root: string; ns: string; leaves: Array<[string, string]>}
}

const TICKS_1970 = 116444736000000000n

export function isoToTicks(iso: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso)
  if (!m) throw new Error(`bad time ${iso}`)
  const sec = BigInt(Date.parse(`${m[1]}Z`) / 1000)
  return TICKS_1970 + sec * 10_000_000n + BigInt((m[2] ?? '').padEnd(7, '0'))
}

function sidBytes(sid: string): Buffer {
  const p = sid.split('-')
  const subs = p.slice(3).map(Number)
  const b = Buffer.alloc(8 + 4 * subs.length)
  b[0] = Number(p[1])
  b[1] = subs.length
  b.writeUIntBE(Number(p[2]), 2, 6)
  subs.forEach((s, i) => b.writeUInt32LE(s, 8 + 4 * i))
  return b
}

const utf16 = (s: string) => Buffer.from(s, 'utf16le')

/** Bytes written at a known chunk offset (names and templates are inline: they need their own offset). */
class Out {
  parts: Buffer[] = []
  len = 0
  constructor(readonly base: number) {}
  get pos(): number {
    return this.base + this.len
  }
  put(b: Buffer): void {
    this.parts.push(b)
    this.len += b.length
  }
  u8(v: number): void {
    this.put(Buffer.from([v]))
  }
  u16(v: number): void {
    const b = Buffer.alloc(2)
    b.writeUInt16LE(v)
    this.put(b)
  }
  u32(v: number): void {
    const b = Buffer.alloc(4)
    b.writeUInt32LE(v >>> 0)
    this.put(b)
  }
  /** A u32 patched later: returns a setter. */
  hole(): (v: number) => void {
    const b = Buffer.alloc(4)
    this.put(b)
    return (v) => b.writeUInt32LE(v)
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts)
  }
}

/** Inline Name: the u32 offset points right after itself (§1.5). */
function name(o: Out, s: string): void {
  o.u32(o.pos + 4)
  o.u32(0) // next in bucket
  let h = 0
  for (let i = 0; i < s.length; i++) h = (h * 65599 + s.charCodeAt(i)) >>> 0
  o.u16(h & 0xffff)
  o.u16(s.length)
  o.put(utf16(s))
  o.u16(0)
}

type Content = {text: string} | {sub: number; type: number; optional?: boolean}
interface El {
  name: string
  attrs?: Array<[string, Content]>
  kids?: Array<El | Content>
}

function content(o: Out, c: Content): void {
  if ('text' in c) {
    o.u8(0x05)
    o.u8(0x01)
    o.u16(c.text.length)
    o.put(utf16(c.text))
  } else {
    o.u8(c.optional ? 0x0e : 0x0d)
    o.u16(c.sub)
    o.u8(c.type)
  }
}

function element(o: Out, e: El): void {
  const attrs = e.attrs ?? []
  o.u8(attrs.length ? 0x41 : 0x01)
  o.u16(0xffff) // dependency id: template definitions carry one
  const setSize = o.hole()
  const after = o.len
  name(o, e.name)
  if (attrs.length) {
    const setAttrSize = o.hole()
    const a0 = o.len
    attrs.forEach(([an, v], i) => {
      o.u8(i < attrs.length - 1 ? 0x46 : 0x06)
      name(o, an)
      content(o, v)
    })
    setAttrSize(o.len - a0)
  }
  const kids = e.kids ?? []
  if (kids.length === 0) o.u8(0x03)
  else {
    o.u8(0x02)
    for (const k of kids) {
      if ('name' in k) element(o, k)
      else content(o, k)
    }
    o.u8(0x04)
  }
  setSize(o.len - after)
}

interface Val {
  type: number
  bytes: Buffer
}

function template(ev: WriterEvent): {root: El; values: Val[]} {
  const values: Val[] = []
  const sub = (type: number, bytes: Buffer, optional = false): Content => {
    values.push({type, bytes})
    return {sub: values.length - 1, type, optional}
  }
  const u16 = (v: number) => Buffer.from([v & 0xff, v >> 8])
  const u32 = (v: number) => {
    const b = Buffer.alloc(4)
    b.writeUInt32LE(v)
    return b
  }
  const u64 = (v: bigint) => {
    const b = Buffer.alloc(8)
    b.writeBigUInt64LE(v)
    return b
  }
  const str = (s: string) => sub(0x01, utf16(s))
  const system: El = {
    name: 'System',
    kids: [
      {name: 'Provider', attrs: [['Name', str(ev.provider)], ...(ev.providerGuid ? [['Guid', {text: ev.providerGuid}] as [string, Content]] : [])]},
      {name: 'EventID', attrs: ev.qualifiers !== undefined ? [['Qualifiers', sub(0x06, u16(ev.qualifiers))]] : [], kids: [sub(0x06, u16(ev.eventId))]},
      {name: 'Version', kids: [sub(0x04, Buffer.from([0]))]},
      {name: 'Level', kids: [sub(0x04, Buffer.from([ev.level]))]},
      {name: 'Task', kids: [sub(0x06, u16(ev.task ?? 0))]},
      {name: 'Opcode', kids: [sub(0x04, Buffer.from([0]))]},
      {name: 'Keywords', kids: [sub(0x15, u64(ev.keywords ?? 0x80000000000000n))]},
      {name: 'TimeCreated', attrs: [['SystemTime', sub(0x11, u64(isoToTicks(ev.time)))]]},
      {name: 'EventRecordID', kids: [sub(0x0a, u64(BigInt(ev.recordId)))]},
      {name: 'Correlation'},
      {name: 'Execution', attrs: [['ProcessID', sub(0x08, u32(ev.pid))], ['ThreadID', sub(0x08, u32(ev.tid))]]},
      {name: 'Channel', kids: [str(ev.channel)]},
      {name: 'Computer', kids: [str(ev.computer)]},
      {name: 'Security', attrs: [['UserID', ev.userSid ? sub(0x13, sidBytes(ev.userSid), true) : sub(0x00, Buffer.alloc(0), true)]]},
    ],
  }
  let body: El
  if (ev.userData) {
    body = {
      name: 'UserData',
      kids: [{name: ev.userData.root, attrs: [['xmlns', {text: ev.userData.ns}]], kids: ev.userData.leaves.map(([n, v]) => ({name: n, kids: [str(v)]}))}],
    }
  } else {
    body = {
      name: 'EventData',
      kids: (ev.data ?? []).map((d) => ({name: 'Data', attrs: d.name ? [['Name', {text: d.name}] as [string, Content]] : [], kids: [str(d.value)]})),
    }
  }
  return {root: {name: 'Event', attrs: [['xmlns', {text: 'http://schemas.microsoft.com/win/2004/08/events/event'}]], kids: [system, body]}, values}
}

/** One record at chunk offset `at`: header, fragment, template instance with inline definition, values. */
function record(ev: WriterEvent, at: number, written: bigint): Buffer {
  const o = new Out(at + 24)
  o.put(Buffer.from([0x0f, 0x01, 0x01, 0x00]))
  o.u8(0x0c)
  o.u8(0x01)
  o.u32(ev.recordId) // template id (not needed by readers)
  o.u32(o.pos + 4) // definition offset: inline, right here
  o.u32(0) // next template in bucket
  o.put(Buffer.alloc(16, 0x11)) // GUID
  const setDefSize = o.hole()
  const d0 = o.len
  const {root, values} = template(ev)
  o.put(Buffer.from([0x0f, 0x01, 0x01, 0x00]))
  element(o, root)
  o.u8(0x00)
  setDefSize(o.len - d0)
  o.u32(values.length)
  for (const v of values) {
    o.u16(v.bytes.length)
    o.u8(v.type)
    o.u8(0)
  }
  for (const v of values) o.put(v.bytes)
  const body = o.bytes()
  let size = 24 + body.length + 4
  const pad = (8 - (size % 8)) % 8
  size += pad
  const rec = Buffer.alloc(size)
  rec.write('**\0\0', 0, 'latin1')
  rec.writeUInt32LE(size, 4)
  rec.writeBigUInt64LE(BigInt(ev.recordId), 8)
  rec.writeBigUInt64LE(written, 16)
  body.copy(rec, 24)
  rec.writeUInt32LE(size, size - 4)
  return rec
}

function chunk(events: WriterEvent[]): Buffer {
  const c = Buffer.alloc(65536)
  c.write('ElfChnk\0', 0, 'latin1')
  let off = 512
  let lastOff = 512
  for (const ev of events) {
    const r = record(ev, off, isoToTicks(ev.time) + 10_000n)
    if (off + r.length > 65536) throw new Error('chunk full')
    r.copy(c, off)
    lastOff = off
    off += r.length
  }
  const first = BigInt(events[0]?.recordId ?? 0)
  const last = BigInt(events.at(-1)?.recordId ?? 0)
  c.writeBigUInt64LE(first, 8)
  c.writeBigUInt64LE(last, 16)
  c.writeBigUInt64LE(first, 24)
  c.writeBigUInt64LE(last, 32)
  c.writeUInt32LE(128, 40)
  c.writeUInt32LE(lastOff, 44)
  c.writeUInt32LE(off, 48)
  c.writeUInt32LE(crc32(c.subarray(512, off)), 52)
  c.writeUInt32LE(1, 120)
  c.writeUInt32LE(crc32(c.subarray(128, 512), crc32(c.subarray(0, 120))), 124)
  return c
}

/** A complete `.evtx` holding `events` (split into chunks of at most `perChunk` records). */
export function writeEvtx(events: WriterEvent[], perChunk = 100): Buffer {
  const groups: WriterEvent[][] = []
  for (let i = 0; i < events.length; i += perChunk) groups.push(events.slice(i, i + perChunk))
  if (groups.length === 0) groups.push([])
  const h = Buffer.alloc(4096)
  h.write('ElfFile\0', 0, 'latin1')
  h.writeBigUInt64LE(0n, 8)
  h.writeBigUInt64LE(BigInt(groups.length - 1), 16)
  h.writeBigUInt64LE(BigInt((events.at(-1)?.recordId ?? 0) + 1), 24)
  h.writeUInt32LE(128, 32)
  h.writeUInt16LE(1, 36)
  h.writeUInt16LE(3, 38)
  h.writeUInt16LE(4096, 40)
  h.writeUInt16LE(groups.length, 42)
  h.writeUInt32LE(0, 120)
  h.writeUInt32LE(crc32(h.subarray(0, 120)), 124)
  return Buffer.concat([h, ...groups.map(chunk)])
}
