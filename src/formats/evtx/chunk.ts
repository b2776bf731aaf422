// One 64 KiB chunk (reference §1.3, §1.4): header and CRCs (evidence, never a gate), the record
// walk from offset 512 to the free-space offset, and carving of `**\0\0` records from the slack
// after the walk (torn chunks, older records) — those are marked `recovered`.
import {ChunkTables, Doc, EvtxFormatError, Parser} from './binxml.js'
import {crc32} from './crc.js'
import {fileTimeIso} from './values.js'

export const CHUNK_SIZE = 65536
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1')
const RECORD_MAGIC = Buffer.from([0x2a, 0x2a, 0, 0])
/** Flag 0x4 (file or chunk): the CRC fields are not maintained (§1.8 P4). */
export const FLAG_NO_CRC = 0x4

/** A record; `writtenTime` is decoded when read (most records never need it). */
export class EvtxRecord {
  constructor(
    readonly recordId: number,
    readonly chunk: number,
    readonly offset: number,
    private readonly writtenTicks: bigint,
    readonly recovered: boolean,
    readonly size: number,
    readonly doc: Doc,
  ) {}

  /** When the record was written (FILETIME in the record header), ISO UTC with 7 digits; null when 0. */
  get writtenTime(): string | null {
    return fileTimeIso(this.writtenTicks)
  }
}

export interface BadRecord {
  chunk: number
  offset: number
  recordId?: number
  reason: string
}

export type ChunkStatus = 'ok' | 'empty' | 'bad-magic' | 'truncated'

export interface EvtxChunk {
  index: number
  offset: number
  status: ChunkStatus
  flags: number
  firstRecordId: number
  lastRecordId: number
  /** null when the CRC is not maintained (flag 0x4) or the chunk has no header. */
  headerCrcOk: boolean | null
  dataCrcOk: boolean | null
  /** Records reached by the walk, in walk order. */
  records: EvtxRecord[]
  /** Records carved from slack (recovered: true), in offset order, not duplicating walked ids. */
  recovered: EvtxRecord[]
  bad: BadRecord[]
  /** Why the walk ended before the free-space offset, when it did. */
  walkStopped?: string
}

function parseRecord(t: ChunkTables, off: number, size: number): Doc {
  const doc = new Parser(t, off + 24, off + size - 4, false, 0).fragment()
  if (!doc) throw new EvtxFormatError('record without a BinXML element')
  return doc
}

function isZero(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (b[i] !== 0) return false
  return true
}

/**
 * Reads one chunk. `buf` is exactly CHUNK_SIZE bytes (a short last chunk is zero-padded by the
 * caller, which passes status 'truncated'). `carve`: also carve slack (default true).
 */
export function readChunk(buf: Buffer, index: number, fileOffset: number, fileFlags: number, truncated = false, carve = true): EvtxChunk {
  const c: EvtxChunk = {
    index, offset: fileOffset, status: truncated ? 'truncated' : 'ok', flags: 0, firstRecordId: 0, lastRecordId: 0,
    headerCrcOk: null, dataCrcOk: null, records: [], recovered: [], bad: [],
  }
  const t = new ChunkTables(buf)
  const magicOk = buf.subarray(0, 8).equals(CHUNK_MAGIC)
  if (!magicOk) {
    if (isZero(buf, 0, CHUNK_SIZE)) {
      c.status = 'empty'
      return c
    }
    c.status = 'bad-magic'
    if (carve) carveSlack(t, c, 512)
    return c
  }
  c.flags = buf.readUInt32LE(120)
  c.firstRecordId = Number(buf.readBigUInt64LE(24))
  c.lastRecordId = Number(buf.readBigUInt64LE(32))
  const freeSpace = buf.readUInt32LE(48)
  const noCrc = ((c.flags | fileFlags) & FLAG_NO_CRC) !== 0
  const limit = freeSpace >= 512 && freeSpace <= CHUNK_SIZE ? freeSpace : CHUNK_SIZE
  if (!noCrc) {
    c.headerCrcOk = crc32(buf.subarray(128, 512), crc32(buf.subarray(0, 120))) === buf.readUInt32LE(124)
    c.dataCrcOk = freeSpace >= 512 && freeSpace <= CHUNK_SIZE && crc32(buf.subarray(512, freeSpace)) === buf.readUInt32LE(52)
  }
  let off = 512
  while (off + 28 <= limit) {
    if (buf.readUInt32LE(off) !== 0x00002a2a) {
      if (!isZero(buf, off, Math.min(off + 8, limit))) c.walkStopped = `no record magic at chunk offset 0x${off.toString(16)}`
      break
    }
    const size = buf.readUInt32LE(off + 4)
    if (size < 28 || off + size > CHUNK_SIZE) {
      c.walkStopped = `record at chunk offset 0x${off.toString(16)} has an impossible size ${size}`
      break
    }
    if (buf.readUInt32LE(off + size - 4) !== size) {
      c.walkStopped = `record at chunk offset 0x${off.toString(16)}: size copy does not match`
      break
    }
    const recordId = Number(buf.readBigUInt64LE(off + 8))
    try {
      const doc = parseRecord(t, off, size)
      c.records.push(new EvtxRecord(recordId, index, fileOffset + off, buf.readBigUInt64LE(off + 16), false, size, doc))
    } catch (error) {
      c.bad.push({chunk: index, offset: fileOffset + off, recordId, reason: (error as Error).message})
    }
    off += size
    if (c.lastRecordId > 0 && recordId === c.lastRecordId) break
  }
  if (carve) carveSlack(t, c, off)
  return c
}

/** Carves records from `from` to the chunk end (§1.8 P5, P6). */
function carveSlack(t: ChunkTables, c: EvtxChunk, from: number): void {
  const buf = t.buf
  const walked = new Set(c.records.map((r) => r.recordId))
  let pos = from
  while (pos + 28 <= CHUNK_SIZE) {
    const hit = buf.indexOf(RECORD_MAGIC, pos)
    if (hit < 0 || hit + 28 > CHUNK_SIZE) break
    pos = hit + 4
    const size = buf.readUInt32LE(hit + 4)
    // a zero size copy is a record torn at its tail (the walk stops there); its BinXML decides
    const copy = hit + size <= CHUNK_SIZE ? buf.readUInt32LE(hit + size - 4) : -1
    if (size < 32 || hit + size > CHUNK_SIZE || (copy !== size && copy !== 0)) continue
    // a legal document start: fragment header 0F 01 01 00 (libevtx "Detecting corrupted records")
    if (buf[hit + 24] !== 0x0f || buf[hit + 25] !== 0x01 || buf[hit + 26] !== 0x01 || buf[hit + 27] !== 0x00) continue
    const recordId = Number(buf.readBigUInt64LE(hit + 8))
    if (walked.has(recordId)) continue
    try {
      const doc = parseRecord(t, hit, size)
      c.recovered.push(new EvtxRecord(recordId, c.index, c.offset + hit, buf.readBigUInt64LE(hit + 16), true, size, doc))
      walked.add(recordId)
      pos = hit + size
    } catch {
      // slack remnants often refer to overwritten templates: not a record, not a warning
    }
  }
}
