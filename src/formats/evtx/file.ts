// An EVTX file (reference §1.1, §1.2): the file header, then every 64 KiB chunk from offset 4096
// to the end of the file, whatever the header's chunk count says (§1.8 P3). Two ways in:
// - `readEvtxStream`: a byte stream, chunk by chunk in file order; memory stays at one chunk
//   plus the read buffer whatever the file size;
// - `readEvtxFile`: a file on disk, chunks in EventRecordID order (wrapped logs, §1.8 P2), from
//   a first pass over the 512-byte chunk headers.
import {open} from 'node:fs/promises'
import type {Readable} from 'node:stream'
import {EVTX_MAGIC as FILE_MAGIC, isEvtx} from '../../core/magic.js'
import {CHUNK_SIZE, readChunk, type EvtxChunk, type EvtxRecord} from './chunk.js'
import {crc32} from './crc.js'

// the signature lives apart (src/core/magic.ts) so that recognising a file does not load this reader
export {FILE_MAGIC, isEvtx}

export const HEADER_BLOCK = 4096

export interface EvtxHeader {
  firstChunk: number
  lastChunk: number
  nextRecordId: number
  minorVersion: number
  majorVersion: number
  headerBlockSize: number
  /** As written (u16; stale in dirty files). */
  chunkCount: number
  flags: number
  dirty: boolean
  full: boolean
  /** null when flag 0x4 says the CRC is not maintained. */
  crcOk: boolean | null
  /** first > last: the log has wrapped around (not corruption, §1.2). */
  wrapped: boolean
}

export function readHeader(b: Buffer): EvtxHeader {
  if (b.length < 128 || !isEvtx(b)) throw new Error('not an EVTX file (no ElfFile magic)')
  const flags = b.readUInt32LE(120)
  const firstChunk = Number(b.readBigUInt64LE(8))
  const lastChunk = Number(b.readBigUInt64LE(16))
  return {
    firstChunk, lastChunk, nextRecordId: Number(b.readBigUInt64LE(24)),
    minorVersion: b.readUInt16LE(36), majorVersion: b.readUInt16LE(38), headerBlockSize: b.readUInt16LE(40),
    chunkCount: b.readUInt16LE(42), flags, dirty: (flags & 1) !== 0, full: (flags & 2) !== 0,
    crcOk: flags & 4 ? null : crc32(b.subarray(0, 120)) === b.readUInt32LE(124),
    wrapped: firstChunk > lastChunk,
  }
}

export interface ReadOptions {
  /** Carve records from chunk slack (default true). */
  carve?: boolean
}

/** Chunks of a stream in file order. The header comes first (`onHeader`), then each chunk. */
export async function* readEvtxStream(stream: Readable, onHeader: (h: EvtxHeader) => void, opts: ReadOptions = {}): AsyncGenerator<EvtxChunk> {
  const carve = opts.carve ?? true
  let pending: Buffer[] = []
  let pendingLen = 0
  let header: EvtxHeader | undefined
  let index = 0
  let fileOffset = 0
  const take = (n: number): Buffer => {
    // one copy per chunk, always: a record that outlives its chunk keeps the chunk's buffer, and a
    // view into the stream's 1 MiB read buffer would keep all sixteen chunks of it
    const first = pending[0]!
    if (first.length === n && first.byteOffset === 0 && first.buffer.byteLength === n) {
      pending.shift()
      pendingLen -= n
      return first
    }
    const out = Buffer.allocUnsafeSlow(n)
    let k = 0
    while (k < n) {
      const p = pending[0]!
      const m = Math.min(n - k, p.length)
      p.copy(out, k, 0, m)
      k += m
      if (m === p.length) pending.shift()
      else pending[0] = p.subarray(m)
    }
    pendingLen -= n
    return out
  }
  for await (const piece of stream as AsyncIterable<Buffer>) {
    pending.push(piece)
    pendingLen += piece.length
    if (!header) {
      if (pendingLen < HEADER_BLOCK) continue
      header = readHeader(take(HEADER_BLOCK))
      fileOffset = HEADER_BLOCK
      onHeader(header)
    }
    while (pendingLen >= CHUNK_SIZE) {
      yield readChunk(take(CHUNK_SIZE), index++, fileOffset, header.flags, false, carve)
      fileOffset += CHUNK_SIZE
    }
  }
  if (!header) {
    const all = pendingLen ? take(pendingLen) : Buffer.alloc(0)
    header = readHeader(all)
    onHeader(header)
    return
  }
  if (pendingLen > 0) {
    // a short last chunk: what is there is read, the rest counts as zero
    const tail = Buffer.alloc(CHUNK_SIZE)
    take(pendingLen).copy(tail)
    if (tail.subarray(0, 8).equals(Buffer.from('ElfChnk\0', 'latin1'))) {
      yield readChunk(tail, index, fileOffset, header.flags, true, carve)
    }
  }
  pending = []
}

/**
 * Chunks of a file on disk with the walked records in EventRecordID order: chunk headers are read
 * first (512 bytes each), chunks with records are visited by their first record id, the others
 * (empty, bad magic, truncated) after them in file order.
 */
export async function* readEvtxFile(path: string, onHeader: (h: EvtxHeader) => void, opts: ReadOptions = {}): AsyncGenerator<EvtxChunk> {
  const fh = await open(path, 'r')
  try {
    const {size} = await fh.stat()
    const head = Buffer.alloc(Math.min(HEADER_BLOCK, size))
    await fh.read(head, 0, head.length, 0)
    const header = readHeader(head)
    onHeader(header)
    const n = Math.ceil(Math.max(0, size - HEADER_BLOCK) / CHUNK_SIZE)
    const keyed: Array<{i: number; first: number}> = []
    const rest: number[] = []
    const h = Buffer.alloc(512)
    for (let i = 0; i < n; i++) {
      const {bytesRead} = await fh.read(h, 0, 512, HEADER_BLOCK + i * CHUNK_SIZE)
      if (bytesRead >= 40 && h.subarray(0, 8).equals(Buffer.from('ElfChnk\0', 'latin1'))) keyed.push({i, first: Number(h.readBigUInt64LE(24))})
      else rest.push(i)
    }
    keyed.sort((a, b) => a.first - b.first || a.i - b.i)
    for (const i of [...keyed.map((k) => k.i), ...rest]) {
      const at = HEADER_BLOCK + i * CHUNK_SIZE
      const chunk = Buffer.alloc(CHUNK_SIZE)
      const {bytesRead} = await fh.read(chunk, 0, CHUNK_SIZE, at)
      yield readChunk(chunk, i, at, header.flags, bytesRead < CHUNK_SIZE, opts.carve ?? true)
    }
  } finally {
    await fh.close()
  }
}

/**
 * Walked records of a file on disk in strict EventRecordID order. Chunks come by their first
 * record id; a record outside its chunk header's id range (a torn chunk partly rewritten by newer
 * records, seen in the corpus) is held back and released at its place. Only such stragglers
 * are held, so memory stays bounded by the torn chunks, not the file size.
 */
export async function* readEvtxRecords(path: string, onHeader: (h: EvtxHeader) => void, onChunk?: (c: EvtxChunk) => void): AsyncGenerator<EvtxRecord> {
  const held: EvtxRecord[] = []
  const release = function* (upTo: number): Generator<EvtxRecord> {
    while (held.length && held[0]!.recordId <= upTo) yield held.shift()!
  }
  for await (const c of readEvtxFile(path, onHeader)) {
    onChunk?.(c)
    const inRange: EvtxRecord[] = []
    for (const r of c.records) {
      if (c.firstRecordId > 0 && (r.recordId < c.firstRecordId || r.recordId > c.lastRecordId)) {
        held.push(r)
        held.sort((a, b) => a.recordId - b.recordId)
      } else inRange.push(r)
    }
    inRange.sort((a, b) => a.recordId - b.recordId)
    for (const r of inRange) {
      yield* release(r.recordId)
      yield r
    }
  }
  yield* release(Number.MAX_SAFE_INTEGER)
}
