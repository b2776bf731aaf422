// A small REGF writer for fixtures no public sample has (reference §6.3): one hbin, an sk cell
// shared by every key, nk keys with lf lists, vk values inline, in a cell or as `db` big data
// (reference §3.2–§3.5 define every byte written here). Checked by reglookup and hivex in tests.
import {baseBlockChecksum} from '../../src/formats/regf/base-block.js'

export interface WValue {
  name: string
  type: number
  data: Buffer
}

export interface WKey {
  name: string
  lastWrite?: Date
  values?: WValue[]
  subkeys?: WKey[]
}

export const sz = (name: string, s: string, type = 1): WValue => ({name, type, data: Buffer.from(s + '\0', 'utf16le')})
export const multiSz = (name: string, items: string[]): WValue => ({name, type: 7, data: Buffer.from(items.map((i) => i + '\0').join('') + '\0', 'utf16le')})
export const dword = (name: string, n: number): WValue => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n >>> 0)
  return {name, type: 4, data: b}
}
export const filetime = (d: Date): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(d.getTime()) * 10000n + 116444736000000000n)
  return b
}
/** A key from a path `a\b\c` (intermediate keys created) inside `root`. */
export function put(root: WKey, path: string, values: WValue[] = [], lastWrite?: Date): WKey {
  let k = root
  for (const part of path.split('\\')) {
    k.subkeys ??= []
    let next = k.subkeys.find((s) => s.name.toUpperCase() === part.toUpperCase())
    if (!next) k.subkeys.push((next = {name: part, lastWrite}))
    k = next
  }
  k.values = [...(k.values ?? []), ...values]
  if (lastWrite) k.lastWrite = lastWrite
  return k
}

const isAscii = (s: string) => /^[\x00-\xff]*$/.test(s)
const nameBytes = (s: string) => (isAscii(s) ? Buffer.from(s, 'latin1') : Buffer.from(s, 'utf16le'))

class Cells {
  private parts: Buffer[] = []
  size = 32 // the hbin header
  alloc(data: Buffer): {off: number; buf: Buffer} {
    const total = Math.ceil((data.length + 4) / 8) * 8
    const cell = Buffer.alloc(total)
    cell.writeInt32LE(-total, 0)
    data.copy(cell, 4)
    const off = this.size
    this.parts.push(cell)
    this.size += total
    return {off, buf: cell}
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts)
  }
}

const DEFAULT_TIME = new Date('2024-01-01T00:00:00Z')

/** The hive file's bytes. `fileName` goes into the base block (the hive's role hint). */
export function writeHive(root: WKey, fileName: string): Buffer {
  const cells = new Cells()
  // security descriptor: self-relative, no owner/group, NULL DACL
  const sd = Buffer.alloc(20)
  sd[0] = 1
  sd.writeUInt16LE(0x8004, 2)
  const skData = Buffer.alloc(20 + sd.length)
  skData.write('sk', 0, 'latin1')
  skData.writeUInt32LE(1, 12)
  skData.writeUInt32LE(sd.length, 16)
  sd.copy(skData, 20)
  const sk = cells.alloc(skData)
  // flink/blink point at the sk cell itself (one descriptor in the hive)
  sk.buf.writeUInt32LE(sk.off, 4 + 4)
  sk.buf.writeUInt32LE(sk.off, 4 + 8)
  let keys = 0

  const writeValue = (v: WValue): number => {
    const n = nameBytes(v.name)
    const vk = Buffer.alloc(20 + n.length)
    vk.write('vk', 0, 'latin1')
    vk.writeUInt16LE(n.length, 2)
    if (v.data.length <= 4) {
      vk.writeUInt32LE((0x80000000 | v.data.length) >>> 0, 4)
      v.data.copy(vk, 8)
    } else {
      vk.writeUInt32LE(v.data.length, 4)
      let dataOff: number
      if (v.data.length > 16344) {
        const segs: number[] = []
        for (let p = 0; p < v.data.length; p += 16344) segs.push(cells.alloc(v.data.subarray(p, p + 16344)).off)
        const list = Buffer.alloc(segs.length * 4)
        segs.forEach((s, i) => list.writeUInt32LE(s, i * 4))
        const listOff = cells.alloc(list).off
        const db = Buffer.alloc(8)
        db.write('db', 0, 'latin1')
        db.writeUInt16LE(segs.length, 2)
        db.writeUInt32LE(listOff, 4)
        dataOff = cells.alloc(db).off
      } else dataOff = cells.alloc(v.data).off
      vk.writeUInt32LE(dataOff, 8)
    }
    vk.writeUInt32LE(v.type >>> 0, 12)
    vk.writeUInt16LE(isAscii(v.name) ? 1 : 0, 16)
    n.copy(vk, 20)
    return cells.alloc(vk).off
  }

  const writeKey = (k: WKey, parent: number, isRoot: boolean): number => {
    keys++
    const n = nameBytes(k.name)
    const nk = Buffer.alloc(76 + n.length)
    const cell = cells.alloc(nk)
    const off = cell.off
    const d = cell.buf.subarray(4)
    d.write('nk', 0, 'latin1')
    d.writeUInt16LE((isAscii(k.name) ? 0x20 : 0) | (isRoot ? 0x0c : 0), 2)
    d.writeBigUInt64LE(filetime(k.lastWrite ?? DEFAULT_TIME).readBigUInt64LE(0), 4)
    d.writeUInt32LE(parent >>> 0, 16)
    d.writeUInt32LE(0xffffffff, 32) // volatile list
    d.writeUInt32LE(sk.off, 44)
    d.writeUInt32LE(0xffffffff, 48) // class name
    d.writeUInt16LE(n.length, 72)
    n.copy(d, 76)
    const subs = [...(k.subkeys ?? [])].sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1))
    const vals = k.values ?? []
    let maxName = 0
    let maxVal = 0
    let maxData = 0
    if (subs.length) {
      const offs = subs.map((s) => writeKey(s, off, false))
      const lf = Buffer.alloc(4 + 8 * subs.length)
      lf.write('lf', 0, 'latin1')
      lf.writeUInt16LE(subs.length, 2)
      subs.forEach((s, i) => {
        lf.writeUInt32LE(offs[i]!, 4 + i * 8)
        Buffer.from(s.name.slice(0, 4).padEnd(4, '\0'), 'latin1').copy(lf, 8 + i * 8)
        maxName = Math.max(maxName, s.name.length * 2)
      })
      d.writeUInt32LE(subs.length, 20)
      d.writeUInt32LE(cells.alloc(lf).off, 28)
    } else d.writeUInt32LE(0xffffffff, 28)
    if (vals.length) {
      const list = Buffer.alloc(4 * vals.length)
      vals.forEach((v, i) => {
        list.writeUInt32LE(writeValue(v), i * 4)
        maxVal = Math.max(maxVal, v.name.length * 2)
        maxData = Math.max(maxData, v.data.length)
      })
      d.writeUInt32LE(vals.length, 36)
      d.writeUInt32LE(cells.alloc(list).off, 40)
    } else d.writeUInt32LE(0xffffffff, 40)
    d.writeUInt32LE(maxName, 52)
    d.writeUInt32LE(maxVal, 60)
    d.writeUInt32LE(maxData, 64)
    return off
  }

  const rootOff = writeKey(root, 0xffffffff, true)
  const body = cells.bytes()
  const binSize = Math.ceil((32 + body.length + 8) / 4096) * 4096
  const bin = Buffer.alloc(binSize)
  bin.write('hbin', 0, 'latin1')
  bin.writeUInt32LE(0, 4)
  bin.writeUInt32LE(binSize, 8)
  body.copy(bin, 32)
  // the rest of the bin is one free cell
  bin.writeInt32LE(binSize - 32 - body.length, 32 + body.length)

  const base = Buffer.alloc(4096)
  base.write('regf', 0, 'latin1')
  base.writeUInt32LE(1, 4)
  base.writeUInt32LE(1, 8)
  base.writeUInt32LE(1, 20)
  base.writeUInt32LE(5, 24)
  base.writeUInt32LE(0, 28)
  base.writeUInt32LE(1, 32)
  base.writeUInt32LE(rootOff, 36)
  base.writeUInt32LE(binSize, 40)
  base.writeUInt32LE(1, 44)
  Buffer.from(fileName.slice(-31), 'utf16le').copy(base, 48)
  base.writeUInt32LE(baseBlockChecksum(base), 508)
  void keys
  return Buffer.concat([base, bin])
}
