// Transaction-log replay (raw-windows-evidence.md §3.7): old-format `DIRT` logs and new-format
// HvLE logs with Marvin32-checked entries, applied in base-block sequence order and stopped at the
// first gap. The result is an in-memory overlay; the hive and log files are only read.
import {BASE_BLOCK_SIZE, baseBlockChecksum, isDirty, parseBaseBlock, type BaseBlock} from './base-block.js'
import {marvin32} from './marvin32.js'
import {OverlaySource, type ByteSource} from './source.js'

export interface LogFile {
  /** How the log is named in the evidence (for the inventory). */
  name: string
  source: ByteSource
}

export interface AppliedLog {
  name: string
  format: 'new (HvLE)' | 'old (DIRT)'
  entries: number
  pages: number
  firstSeq?: number
  lastSeq?: number
}

export interface ReplayResult {
  /** The hive to read: the primary itself when nothing was applied. */
  source: ByteSource
  dirty: boolean
  /** Why the hive counts as dirty (sequence numbers, checksum). */
  dirtyReason?: string
  applied: AppliedLog[]
  /** Logs looked at and not used, with the reason. */
  skipped: Array<{name: string; reason: string}>
  warnings: string[]
}

interface HvleEntry {
  seq: number
  flags: number
  hbinsSize: number
  pages: Array<{offset: number; bytes: Buffer}>
}

interface ParsedLog {
  log: LogFile
  bb: BaseBlock
  bbBytes: Buffer
  entries: HvleEntry[]
}

/** Upper bound for one HvLE entry (a log is at most the hive's size plus headers). */
const MAX_ENTRY = 1024 * 1024 * 1024

/** Parses HvLE entries from offset 512, stopping at the first invalid one (earlier ones stay). */
export function parseHvleEntries(src: ByteSource, warn: (m: string) => void, name: string): HvleEntry[] {
  const out: HvleEntry[] = []
  let pos = 512
  while (pos + 40 <= src.size) {
    const head = src.read(pos, 40)
    if (head.toString('latin1', 0, 4) !== 'HvLE') break // the end of the written entries
    const size = head.readUInt32LE(4)
    const where = `${name}: log entry at offset ${pos}`
    if (size < 40 || size % 512 !== 0 || size > MAX_ENTRY || pos + size > src.size) {
      warn(`${where} has an invalid size (${size}); replay of this log stops here`)
      break
    }
    const hbinsSize = head.readUInt32LE(16)
    const count = head.readUInt32LE(20)
    if (hbinsSize % 4096 !== 0 || 40 + count * 8 > size) {
      warn(`${where} has an invalid hive bins size or page count; replay of this log stops here`)
      break
    }
    const entry = src.read(pos, size)
    const h1 = entry.readBigUInt64LE(24)
    const h2 = entry.readBigUInt64LE(32)
    if (marvin32(entry.subarray(0, 32)) !== h2 || marvin32(entry.subarray(40)) !== h1) {
      warn(`${where} (sequence ${head.readUInt32LE(12)}) fails its Marvin32 check; replay of this log stops here`)
      break
    }
    const pages: HvleEntry['pages'] = []
    let data = 40 + count * 8
    let ok = true
    for (let i = 0; i < count; i++) {
      const off = entry.readUInt32LE(40 + i * 8)
      const psize = entry.readUInt32LE(44 + i * 8)
      if (psize % 512 !== 0 || data + psize > size || off + psize > hbinsSize) {
        ok = false
        break
      }
      pages.push({offset: off, bytes: entry.subarray(data, data + psize)})
      data += psize
    }
    if (!ok) {
      warn(`${where} has a dirty page outside the entry or the hive bins; replay of this log stops here`)
      break
    }
    out.push({seq: head.readUInt32LE(12), flags: head.readUInt32LE(8), hbinsSize, pages})
    pos += size
  }
  return out
}

function finishBaseBlock(bb: Buffer, seq: number, hbinsSize: number, flagBit0?: number): Buffer {
  const out = Buffer.alloc(BASE_BLOCK_SIZE)
  bb.copy(out, 0, 0, Math.min(bb.length, BASE_BLOCK_SIZE))
  out.writeUInt32LE(seq >>> 0, 4)
  out.writeUInt32LE(seq >>> 0, 8)
  out.writeUInt32LE(hbinsSize >>> 0, 40)
  if (flagBit0 !== undefined) out.writeUInt32LE(((out.readUInt32LE(144) & ~1) | (flagBit0 & 1)) >>> 0, 144)
  out.writeUInt32LE(baseBlockChecksum(out), 508)
  return out
}

/** Replays `logs` onto `primary` when it is dirty; a clean hive is returned untouched. */
export function replayLogs(primary: ByteSource, logs: readonly LogFile[]): ReplayResult {
  const warnings: string[] = []
  const warn = (m: string) => void warnings.push(m)
  const primaryBytes = primary.read(0, BASE_BLOCK_SIZE)
  const pbb = parseBaseBlock(primaryBytes)
  if (!pbb) throw new Error('not a registry hive (no regf base block)')
  const result: ReplayResult = {source: primary, dirty: isDirty(pbb), applied: [], skipped: [], warnings}
  if (!result.dirty) {
    for (const l of logs) result.skipped.push({name: l.name, reason: 'the hive is clean; logs not needed'})
    return result
  }
  result.dirtyReason = !pbb.checksumOk
    ? 'base block checksum does not match'
    : `sequence numbers differ (primary ${pbb.primarySeq}, secondary ${pbb.secondarySeq})`
  if (logs.length === 0) {
    warn(`the hive is dirty (${result.dirtyReason}) and no transaction logs were found next to it: recent changes may be missing`)
    return result
  }

  const parsed: ParsedLog[] = []
  const old: ParsedLog[] = []
  for (const log of logs) {
    const bbBytes = log.source.read(0, 512)
    const bb = parseBaseBlock(bbBytes)
    if (!bb) {
      result.skipped.push({name: log.name, reason: 'no regf base block'})
      continue
    }
    if (bb.fileType === 6) {
      if (pbb.checksumOk && bb.primarySeq < pbb.secondarySeq) {
        result.skipped.push({name: log.name, reason: `log sequence ${bb.primarySeq} predates the hive's last complete write (${pbb.secondarySeq})`})
        continue
      }
      parsed.push({log, bb, bbBytes, entries: parseHvleEntries(log.source, warn, log.name)})
    } else if (bb.fileType === 1 || bb.fileType === 2) {
      old.push({log, bb, bbBytes, entries: []})
    } else {
      result.skipped.push({name: log.name, reason: `file type ${bb.fileType} is not a transaction log`})
    }
  }

  if (parsed.length > 0) {
    replayNew(primary, primaryBytes, pbb, parsed, result)
  } else if (old.length > 0) {
    replayOld(primary, pbb, old, result)
  }
  if (result.applied.length === 0) {
    warn(`the hive is dirty (${result.dirtyReason}) and none of its logs could be applied: recent changes may be missing`)
  }
  return result
}

function replayNew(primary: ByteSource, primaryBytes: Buffer, pbb: BaseBlock, parsed: ParsedLog[], result: ReplayResult): void {
  parsed.sort((a, b) => a.bb.primarySeq - b.bb.primarySeq)
  let useLogs = parsed
  let baseBytes = primaryBytes
  if (!pbb.checksumOk) {
    // spec note 6: a damaged primary base block is taken from the log with the latest entries, alone
    const latest = parsed.reduce((a, b) => ((b.entries.at(-1)?.seq ?? -1) > (a.entries.at(-1)?.seq ?? -1) ? b : a))
    useLogs = [latest]
    baseBytes = latest.bbBytes
    for (const p of parsed) if (p !== latest) result.skipped.push({name: p.log.name, reason: 'the primary base block is damaged: only the log with the latest entries is used'})
  }
  let expected = useLogs[0]!.bb.primarySeq
  const overlay = new OverlaySource(primary)
  let last: HvleEntry | undefined
  let stopped = false
  for (const p of useLogs) {
    if (stopped) {
      result.skipped.push({name: p.log.name, reason: `entries do not continue at sequence ${expected}`})
      continue
    }
    const applied: AppliedLog = {name: p.log.name, format: 'new (HvLE)', entries: 0, pages: 0}
    for (const e of p.entries) {
      if (e.seq < expected) continue
      if (e.seq > expected) {
        result.warnings.push(`${p.log.name}: sequence gap (expected ${expected}, found ${e.seq}); later entries not applied`)
        stopped = true
        break
      }
      const need = BASE_BLOCK_SIZE + e.hbinsSize
      if (overlay.size < need) overlay.size = need
      for (const pg of e.pages) overlay.write(BASE_BLOCK_SIZE + pg.offset, pg.bytes)
      applied.entries++
      applied.pages += e.pages.length
      applied.firstSeq ??= e.seq
      applied.lastSeq = e.seq
      last = e
      expected++
    }
    if (applied.entries > 0) result.applied.push(applied)
    else if (!stopped) result.skipped.push({name: p.log.name, reason: `no entry at or after sequence ${expected}`})
  }
  if (!last) return
  overlay.size = BASE_BLOCK_SIZE + last.hbinsSize
  overlay.write(0, finishBaseBlock(baseBytes, last.seq + 1, last.hbinsSize, last.flags))
  result.source = overlay
}

function replayOld(primary: ByteSource, pbb: BaseBlock, old: ParsedLog[], result: ReplayResult): void {
  // the newest valid log wins; old-format hives keep a single .LOG
  old.sort((a, b) => b.bb.primarySeq - a.bb.primarySeq)
  for (const p of old) {
    const {bb} = p
    if (bb.primarySeq !== bb.secondarySeq) {
      result.skipped.push({name: p.log.name, reason: 'the log itself is incomplete (its sequence numbers differ)'})
      continue
    }
    if (pbb.checksumOk && bb.lastWritten !== pbb.lastWritten) {
      result.skipped.push({name: p.log.name, reason: "the log's time stamp does not match the hive's"})
      continue
    }
    if (p.log.source.read(512, 4).toString('latin1') !== 'DIRT' || bb.hbinsSize % 4096 !== 0) {
      result.skipped.push({name: p.log.name, reason: 'no DIRT dirty-page vector'})
      continue
    }
    const bits = bb.hbinsSize / 512
    const bitmap = p.log.source.read(516, Math.ceil(bits / 8))
    let data = Math.ceil((516 + bitmap.length) / 512) * 512
    const overlay = new OverlaySource(primary, Math.max(primary.size, BASE_BLOCK_SIZE + bb.hbinsSize))
    let pages = 0
    let short = false
    for (let k = 0; k < bits; k++) {
      if (!((bitmap[k >>> 3] ?? 0) & (1 << (k & 7)))) continue
      const page = p.log.source.read(data, 512)
      if (page.length < 512) {
        short = true
        break
      }
      overlay.write(BASE_BLOCK_SIZE + 512 * k, page)
      data += 512
      pages++
    }
    if (short) result.warnings.push(`${p.log.name}: the log ends before its last dirty page; the pages present were applied`)
    overlay.size = BASE_BLOCK_SIZE + bb.hbinsSize
    overlay.write(0, finishBaseBlock(p.bbBytes, bb.primarySeq, bb.hbinsSize))
    result.source = overlay
    result.applied.push({name: p.log.name, format: 'old (DIRT)', entries: 1, pages})
    for (const q of old) if (q !== p) result.skipped.push({name: q.log.name, reason: 'another old-format log was applied'})
    return
  }
}
