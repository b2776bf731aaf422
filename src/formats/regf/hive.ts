// A REGF hive read by offsets (raw-windows-evidence.md §3.1–§3.4, §3.8): cells, nk keys, vk
// values, subkey lists (lf/lh/li under at most one ri level), db big data. Every offset is
// checked against the hive bins and the bytes present; damage becomes a warning, never a throw
// from the walking functions. Nothing here knows what a key means.
import {BASE_BLOCK_SIZE, parseBaseBlock, type BaseBlock} from './base-block.js'
import type {ByteSource} from './source.js'

export const NONE = 0xffffffff
/** Subtree depth beyond which keys are not followed (real hives stay far below). */
export const MAX_DEPTH = 512
const BIG_DATA_SEGMENT = 16344

export interface RegKey {
  /** Cell offset (relative to the hive bins data). */
  offset: number
  name: string
  /** Key last written, FILETIME (100 ns since 1601) as a BigInt. */
  lastWrite: bigint
  flags: number
  parent: number
  subkeyCount: number
  subkeyList: number
  valueCount: number
  valueList: number
  classOffset: number
  classLength: number
  /** Found in unallocated space (a deleted key), not in the live tree. */
  recovered?: boolean
}

export interface RegValue {
  offset: number
  /** '' = the key's default value. */
  name: string
  type: number
  /** Declared data size (inline flag removed). */
  size: number
  inline: boolean
  dataOffset: number
  /** The 4 bytes of the data-offset field (the data itself when inline). */
  inlineBytes: Buffer
  flags: number
  recovered?: boolean
}

export interface HiveOptions {
  warn?: (message: string) => void
  /** Largest value data assembled (bytes); larger values are clipped with a warning. */
  maxValueBytes?: number
}

export class Hive {
  readonly base: BaseBlock
  /** Bytes of hive bins actually addressable (bounded by the declared size and the file). */
  readonly binsEnd: number
  private readonly warnFn: (m: string) => void
  private readonly maxValueBytes: number
  private warned = new Set<string>()

  constructor(
    readonly src: ByteSource,
    opts: HiveOptions = {},
  ) {
    const bb = parseBaseBlock(src.read(0, 512))
    if (!bb) throw new Error('not a registry hive (no regf base block)')
    this.base = bb
    this.warnFn = opts.warn ?? (() => {})
    this.maxValueBytes = opts.maxValueBytes ?? 64 * 1024 * 1024
    const avail = Math.max(0, src.size - BASE_BLOCK_SIZE)
    if (bb.hbinsSize > avail) {
      this.warn(`hive bins declared as ${bb.hbinsSize} bytes but only ${avail} are present (truncated hive)`)
    }
    this.binsEnd = Math.min(bb.hbinsSize || avail, avail)
  }

  /** One warning per distinct message (a damaged list is met again from every path). */
  warn(message: string): void {
    if (this.warned.has(message)) return
    this.warned.add(message)
    this.warnFn(message)
  }

  /** Cell data (after the 4-byte size) of an allocated cell; undefined (with a warning) if unusable. */
  cell(off: number, what: string, allowFree = false): Buffer | undefined {
    if (off === NONE || off % 8 !== 0 || off + 4 > this.binsEnd) {
      this.warn(`${what}: cell offset 0x${off.toString(16)} is outside the hive bins`)
      return undefined
    }
    const head = this.src.read(BASE_BLOCK_SIZE + off, 4)
    if (head.length < 4) {
      this.warn(`${what}: cell at 0x${off.toString(16)} is beyond the end of the file`)
      return undefined
    }
    const raw = head.readInt32LE(0)
    if (raw >= 0 && !allowFree) {
      this.warn(`${what}: cell at 0x${off.toString(16)} is not allocated`)
      return undefined
    }
    const size = Math.abs(raw)
    if (size < 8 || off + size > this.binsEnd) {
      this.warn(`${what}: cell at 0x${off.toString(16)} declares an impossible size (${raw})`)
      return undefined
    }
    return this.src.read(BASE_BLOCK_SIZE + off + 4, size - 4)
  }

  /** Parses an nk cell; `d` is the cell data when already read. */
  key(off: number, d?: Buffer, recovered = false): RegKey | undefined {
    const data = d ?? this.cell(off, 'key', recovered)
    if (!data) return undefined
    if (data.length < 76 || data[0] !== 0x6e || data[1] !== 0x6b) {
      this.warn(`key: cell at 0x${off.toString(16)} is not an nk record`)
      return undefined
    }
    const flags = data.readUInt16LE(2)
    const nameLen = data.readUInt16LE(72)
    const nameBytes = data.subarray(76, 76 + nameLen)
    if (nameBytes.length < nameLen) this.warn(`key at 0x${off.toString(16)}: name runs past its cell`)
    return {
      offset: off,
      name: flags & 0x20 ? nameBytes.toString('latin1') : nameBytes.toString('utf16le'),
      lastWrite: data.readBigUInt64LE(4),
      flags,
      parent: data.readUInt32LE(16),
      subkeyCount: data.readUInt32LE(20),
      subkeyList: data.readUInt32LE(28),
      valueCount: data.readUInt32LE(36),
      valueList: data.readUInt32LE(40),
      classOffset: data.readUInt32LE(48),
      classLength: data.readUInt16LE(74),
      ...(recovered ? {recovered: true} : {}),
    }
  }

  root(): RegKey | undefined {
    return this.key(this.base.rootCell)
  }

  /** Offsets of the subkeys' nk cells, from lf/lh/li lists or one ri level of them. */
  subkeyOffsets(k: RegKey): number[] {
    if (k.subkeyCount === 0 || k.subkeyList === NONE) return []
    const out: number[] = []
    this.readList(k.subkeyList, out, 0, `subkeys of "${k.name}"`)
    if (out.length !== k.subkeyCount) {
      this.warn(`key "${k.name}" (0x${k.offset.toString(16)}) declares ${k.subkeyCount} subkeys, its list holds ${out.length}`)
    }
    return out
  }

  private readList(off: number, out: number[], depth: number, what: string): void {
    const d = this.cell(off, what)
    if (!d || d.length < 4) return
    const sig = d.toString('latin1', 0, 2)
    const count = d.readUInt16LE(2)
    const step = sig === 'li' || sig === 'ri' ? 4 : sig === 'lf' || sig === 'lh' ? 8 : 0
    if (step === 0) {
      this.warn(`${what}: list at 0x${off.toString(16)} has an unknown signature`)
      return
    }
    if (4 + count * step > d.length) this.warn(`${what}: list at 0x${off.toString(16)} declares ${count} entries past its cell`)
    const n = Math.min(count, Math.floor((d.length - 4) / step))
    for (let i = 0; i < n; i++) {
      const target = d.readUInt32LE(4 + i * step)
      if (sig === 'ri') {
        if (depth > 0) {
          this.warn(`${what}: nested ri list at 0x${off.toString(16)} not followed`)
          return
        }
        this.readList(target, out, depth + 1, what)
      } else out.push(target)
    }
  }

  subkeys(k: RegKey): RegKey[] {
    const out: RegKey[] = []
    for (const o of this.subkeyOffsets(k)) {
      const sk = this.key(o)
      if (sk) out.push(sk)
    }
    return out
  }

  values(k: RegKey): RegValue[] {
    if (k.valueCount === 0 || k.valueList === NONE) return []
    const d = this.cell(k.valueList, `values of "${k.name}"`)
    if (!d) return []
    if (k.valueCount * 4 > d.length) this.warn(`key "${k.name}": value list shorter than its ${k.valueCount} values`)
    const n = Math.min(k.valueCount, d.length >>> 2)
    const out: RegValue[] = []
    for (let i = 0; i < n; i++) {
      const v = this.value(d.readUInt32LE(i * 4))
      if (v) out.push(v)
    }
    return out
  }

  value(off: number, d?: Buffer, recovered = false): RegValue | undefined {
    const data = d ?? this.cell(off, 'value', recovered)
    if (!data) return undefined
    if (data.length < 20 || data[0] !== 0x76 || data[1] !== 0x6b) {
      this.warn(`value: cell at 0x${off.toString(16)} is not a vk record`)
      return undefined
    }
    const nameLen = data.readUInt16LE(2)
    const rawSize = data.readUInt32LE(4)
    const flags = data.readUInt16LE(16)
    const nameBytes = data.subarray(20, 20 + nameLen)
    return {
      offset: off,
      name: flags & 1 ? nameBytes.toString('latin1') : nameBytes.toString('utf16le'),
      type: data.readUInt32LE(12),
      size: rawSize & 0x7fffffff,
      inline: (rawSize & 0x80000000) !== 0,
      dataOffset: data.readUInt32LE(8),
      inlineBytes: Buffer.from(data.subarray(8, 12)),
      flags,
      ...(recovered ? {recovered: true} : {}),
    }
  }

  /** The value's data bytes: inline, in a cell, or assembled from a db big-data list. */
  data(v: RegValue): Buffer {
    if (v.inline) return v.inlineBytes.subarray(0, Math.min(4, v.size))
    if (v.size === 0) return Buffer.alloc(0)
    let size = v.size
    if (size > this.maxValueBytes) {
      this.warn(`value "${v.name}" declares ${v.size} bytes of data; only ${this.maxValueBytes} are read`)
      size = this.maxValueBytes
    }
    const cell = this.cell(v.dataOffset, `data of value "${v.name}"`, v.recovered)
    if (!cell) return Buffer.alloc(0)
    if (size > BIG_DATA_SEGMENT && this.base.minor > 3 && cell.length >= 8 && cell[0] === 0x64 && cell[1] === 0x62) {
      return this.bigData(v, cell, size)
    }
    if (cell.length < size) {
      // libregf: when the size exceeds the cell, trust the cell
      this.warn(`value "${v.name}": data size ${size} exceeds its cell (${cell.length} bytes)`)
      return cell
    }
    return cell.subarray(0, size)
  }

  private bigData(v: RegValue, db: Buffer, size: number): Buffer {
    const count = db.readUInt16LE(2)
    const list = this.cell(db.readUInt32LE(4), `segments of value "${v.name}"`, v.recovered)
    if (!list) return Buffer.alloc(0)
    const parts: Buffer[] = []
    let got = 0
    for (let i = 0; i < count && i * 4 + 4 <= list.length && got < size; i++) {
      const seg = this.cell(list.readUInt32LE(i * 4), `segment ${i} of value "${v.name}"`, v.recovered)
      if (!seg) break
      const take = seg.subarray(0, Math.min(BIG_DATA_SEGMENT, seg.length, size - got))
      parts.push(take)
      got += take.length
    }
    if (got < size) this.warn(`value "${v.name}": big data holds ${got} of ${size} bytes`)
    return Buffer.concat(parts, got)
  }

  /** The key's class name (UTF-16), when it has one. */
  className(k: RegKey): string | undefined {
    if (k.classOffset === NONE || k.classLength === 0) return undefined
    const d = this.cell(k.classOffset, `class name of "${k.name}"`)
    return d ? d.subarray(0, k.classLength).toString('utf16le') : undefined
  }

  /** A key by path below the root (`a\b\c`), matched case-insensitively; root for ''. */
  open(path: string, from?: RegKey): RegKey | undefined {
    let k = from ?? this.root()
    for (const part of path.split('\\').filter((p) => p !== '')) {
      if (!k) return undefined
      const want = part.toUpperCase()
      k = this.subkeys(k).find((s) => s.name.toUpperCase() === want)
    }
    return k
  }

  /** A value of a key by name, case-insensitively. */
  findValue(k: RegKey, name: string): RegValue | undefined {
    const want = name.toUpperCase()
    return this.values(k).find((v) => v.name.toUpperCase() === want)
  }

  /**
   * Every key of the tree, depth first in list order, with its path below the root. Loops and
   * shared subtrees are cut (each nk cell is visited once), depth is capped.
   */
  *walk(from?: RegKey, prefix = ''): Generator<{key: RegKey; path: string; depth: number}> {
    const start = from ?? this.root()
    if (!start) return
    const seen = new Uint8Array(Math.ceil(this.binsEnd / 64) + 1)
    const mark = (off: number): boolean => {
      const i = off >>> 3
      const bit = 1 << (i & 7)
      const byte = i >>> 3
      if (seen[byte]! & bit) return false
      seen[byte]! |= bit
      return true
    }
    mark(start.offset)
    const stack: Array<{key: RegKey; path: string; depth: number}> = [{key: start, path: prefix, depth: 0}]
    while (stack.length) {
      const item = stack.pop()!
      yield item
      if (item.depth >= MAX_DEPTH) {
        this.warn(`key "${item.path}": deeper than ${MAX_DEPTH} levels, subkeys not followed`)
        continue
      }
      const kids = this.subkeyOffsets(item.key)
      const next: Array<{key: RegKey; path: string; depth: number}> = []
      for (const o of kids) {
        if (o === NONE || o % 8 !== 0 || o >= this.binsEnd) {
          this.warn(`key "${item.path}": subkey offset 0x${o.toString(16)} is outside the hive bins`)
          continue
        }
        if (!mark(o)) {
          this.warn(`key "${item.path}": subkey at 0x${o.toString(16)} already visited (loop or shared subtree), not followed again`)
          continue
        }
        const k = this.key(o)
        if (k) next.push({key: k, path: item.path ? `${item.path}\\${k.name}` : k.name, depth: item.depth + 1})
      }
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!)
    }
  }
}
