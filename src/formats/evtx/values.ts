// BinXML substitution values (reference §1.7): decoded from the chunk buffer by type and the size
// the value spec gives, rendered as Event Viewer / wevtutil write them. Decoding never throws:
// a value whose size does not fit its type renders as hex, so evidence is shown, never invented.
const HEX = '0123456789ABCDEF'

export const VT = {
  Null: 0x00, String: 0x01, Ansi: 0x02, Int8: 0x03, UInt8: 0x04, Int16: 0x05, UInt16: 0x06,
  Int32: 0x07, UInt32: 0x08, Int64: 0x09, UInt64: 0x0a, Real32: 0x0b, Real64: 0x0c, Bool: 0x0d,
  Binary: 0x0e, Guid: 0x0f, SizeT: 0x10, FileTime: 0x11, SysTime: 0x12, Sid: 0x13, HexInt32: 0x14,
  HexInt64: 0x15, BinXml: 0x21, Array: 0x80,
} as const

const ansi = new TextDecoder('windows-1252')

/** Uppercase hex without separators (how Binary values render). */
export function hexOf(b: Buffer, start: number, end: number): string {
  let s = ''
  for (let i = start; i < end; i++) s += HEX[b[i]! >> 4]! + HEX[b[i]! & 15]!
  return s
}

/** UTF-16LE text with trailing NULs removed (an odd last byte is dropped, never guessed). */
export function utf16At(b: Buffer, start: number, end: number): string {
  let e = start + ((end - start) & ~1)
  while (e > start && b[e - 1] === 0 && b[e - 2] === 0) e -= 2
  return b.toString('utf16le', start, e)
}

const TICKS_1970 = 116444736000000000n

/** FILETIME ticks as ISO UTC with all 7 fraction digits (the wevtutil SystemTime form); null for 0. */
export function fileTimeIso(ticks: bigint): string | null {
  if (ticks <= 0n) return null
  const rel = ticks - TICKS_1970
  let sec = rel / 10_000_000n
  let frac = rel % 10_000_000n
  if (frac < 0n) {
    frac += 10_000_000n
    sec -= 1n
  }
  const ms = Number(sec) * 1000
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null
  const d = new Date(ms).toISOString() // yyyy-mm-ddThh:mm:ss.000Z
  if (d.length !== 24) return null
  return `${d.slice(0, 19)}.${frac.toString().padStart(7, '0')}Z`
}

function systemTimeIso(b: Buffer, o: number): string {
  const [y, mo, , d, h, mi, s, ms] = [0, 2, 4, 6, 8, 10, 12, 14].map((k) => b.readUInt16LE(o + k)) as number[]
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(y!, 4)}-${p(mo!)}-${p(d!)}T${p(h!)}:${p(mi!)}:${p(s!)}.${p(ms!, 3)}Z`
}

function guidOf(b: Buffer, o: number): string {
  const h = (s: number, e: number) => hexOf(b, s, e)
  const le = (s: number, n: number) => {
    let r = ''
    for (let i = n - 1; i >= 0; i--) r += h(s + i, s + i + 1)
    return r
  }
  return `{${le(o, 4)}-${le(o + 4, 2)}-${le(o + 6, 2)}-${h(o + 8, o + 10)}-${h(o + 10, o + 16)}}`
}

function sidOf(b: Buffer, o: number, size: number): string | null {
  if (size < 8) return null
  const rev = b[o]!
  const n = b[o + 1]!
  if (8 + 4 * n > size) return null
  const auth = b.readUIntBE(o + 2, 6)
  let s = `S-${rev}-${auth}`
  for (let i = 0; i < n; i++) s += `-${b.readUInt32LE(o + 8 + 4 * i)}`
  return s
}

const WIDTH: Record<number, number> = {
  [VT.Int8]: 1, [VT.UInt8]: 1, [VT.Int16]: 2, [VT.UInt16]: 2, [VT.Int32]: 4, [VT.UInt32]: 4, [VT.Int64]: 8,
  [VT.UInt64]: 8, [VT.Real32]: 4, [VT.Real64]: 8, [VT.Bool]: 4, [VT.Guid]: 16, [VT.FileTime]: 8, [VT.SysTime]: 16,
  [VT.HexInt32]: 4, [VT.HexInt64]: 8,
}

/** One scalar value as text; null when the bytes do not fit the type (caller shows hex). */
function scalarText(b: Buffer, type: number, o: number, size: number): string | null {
  const w = WIDTH[type]
  if (w !== undefined && size < w) return null
  switch (type) {
    case VT.Null: return ''
    case VT.String: return utf16At(b, o, o + size)
    case VT.Ansi: {
      let e = o + size
      while (e > o && b[e - 1] === 0) e--
      return ansi.decode(b.subarray(o, e))
    }
    case VT.Int8: return String(b.readInt8(o))
    case VT.UInt8: return String(b[o])
    case VT.Int16: return String(b.readInt16LE(o))
    case VT.UInt16: return String(b.readUInt16LE(o))
    case VT.Int32: return String(b.readInt32LE(o))
    case VT.UInt32: return String(b.readUInt32LE(o))
    case VT.Int64: return b.readBigInt64LE(o).toString()
    case VT.UInt64: return b.readBigUInt64LE(o).toString()
    case VT.Real32: return String(b.readFloatLE(o))
    case VT.Real64: return String(b.readDoubleLE(o))
    case VT.Bool: return b.readInt32LE(o) !== 0 ? 'true' : 'false'
    case VT.Binary: return hexOf(b, o, o + size)
    case VT.Guid: return guidOf(b, o)
    case VT.SizeT: return size === 8 ? `0x${b.readBigUInt64LE(o).toString(16)}` : size === 4 ? `0x${b.readUInt32LE(o).toString(16)}` : null
    case VT.FileTime: return fileTimeIso(b.readBigUInt64LE(o)) ?? ''
    case VT.SysTime: return systemTimeIso(b, o)
    case VT.Sid: return sidOf(b, o, size)
    case VT.HexInt32: return `0x${b.readUInt32LE(o).toString(16)}`
    case VT.HexInt64: return `0x${b.readBigUInt64LE(o).toString(16)}`
    default: return null
  }
}

/** Items of an array value (type 0x80 | t): NUL-separated strings, or fixed-width items. */
export function arrayItems(b: Buffer, type: number, o: number, size: number): string[] {
  const t = type & 0x7f
  if (t === VT.String) {
    // every item is NUL-terminated: an empty last item is kept (libevtx agrees)
    let s = b.toString('utf16le', o, o + (size & ~1))
    if (s.endsWith('\0')) s = s.slice(0, -1)
    return s === '' ? [] : s.split('\0')
  }
  if (t === VT.Ansi) {
    const s = scalarText(b, t, o, size) ?? ''
    return s === '' ? [] : s.split('\0')
  }
  const w = t === VT.SizeT ? 8 : WIDTH[t]
  if (!w) return [hexOf(b, o, o + size)]
  const out: string[] = []
  for (let k = o; k + w <= o + size && out.length < 65536; k += w) out.push(scalarText(b, t, k, w) ?? hexOf(b, k, k + w))
  return out
}

/**
 * A value as text: scalars as wevtutil renders them, arrays joined with `,`, unknown types and
 * values that do not fit their type as hex. BinXml values are not text (the caller descends).
 */
export function valueText(b: Buffer, type: number, o: number, size: number): string {
  if (type & VT.Array) return arrayItems(b, type, o, size).join(',')
  return scalarText(b, type, o, size) ?? hexOf(b, o, o + size)
}
