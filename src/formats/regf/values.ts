// Value types and decoding rules (raw-windows-evidence.md §3.5, §3.6). Strings are UTF-16LE as
// stored (one trailing NUL stripped, odd bytes kept visible as an escape); anything that does not
// fit its type is returned as bytes, never guessed.
import {isoFromEpochMicros} from '../../lib/time.js'

export const REG_NONE = 0
export const REG_SZ = 1
export const REG_EXPAND_SZ = 2
export const REG_BINARY = 3
export const REG_DWORD = 4
export const REG_DWORD_BIG_ENDIAN = 5
export const REG_LINK = 6
export const REG_MULTI_SZ = 7
export const REG_RESOURCE_LIST = 8
export const REG_FULL_RESOURCE_DESCRIPTOR = 9
export const REG_RESOURCE_REQUIREMENTS_LIST = 10
export const REG_QWORD = 11

const TYPE_NAMES: Record<number, string> = {
  0: 'REG_NONE', 1: 'REG_SZ', 2: 'REG_EXPAND_SZ', 3: 'REG_BINARY', 4: 'REG_DWORD', 5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK', 7: 'REG_MULTI_SZ', 8: 'REG_RESOURCE_LIST', 9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST', 11: 'REG_QWORD',
}

/** DEVPROP types under `Properties\{guid}\NNNN` are 0xFFFF0000 | DEVPROP_TYPE. */
export const DEVPROP_FLAG = 0xffff0000
export const DEVPROP_TYPE_FILETIME = 0x10
export const DEVPROP_TYPE_STRING = 0x12

export function typeName(t: number): string {
  if (TYPE_NAMES[t]) return TYPE_NAMES[t]!
  if ((t & DEVPROP_FLAG) >>> 0 === DEVPROP_FLAG) return `DEVPROP(0x${(t & 0xffff).toString(16)})`
  return `0x${t.toString(16)}`
}

/** UTF-16LE with one trailing NUL (and anything after it) removed; an odd last byte shown as \xNN. */
export function utf16String(b: Buffer): string {
  const even = b.length & ~1
  let s = b.toString('utf16le', 0, even)
  const nul = s.indexOf('\0')
  if (nul >= 0) s = s.slice(0, nul)
  else if (even < b.length) s += `\\x${b[even]!.toString(16).padStart(2, '0')}`
  return s
}

/** REG_MULTI_SZ: NUL-separated strings, the empty terminator (and a missing one) tolerated. */
export function multiString(b: Buffer): string[] {
  const even = b.length & ~1
  const parts = b.toString('utf16le', 0, even).split('\0')
  while (parts.length && parts[parts.length - 1] === '') parts.pop()
  return parts
}

export type Decoded =
  | {kind: 'string'; value: string}
  | {kind: 'multi'; value: string[]}
  | {kind: 'dword'; value: number}
  | {kind: 'qword'; value: bigint}
  | {kind: 'bytes'; value: Buffer}

export function decodeValue(type: number, data: Buffer): Decoded {
  switch (type) {
    case REG_SZ:
    case REG_EXPAND_SZ:
    case REG_LINK:
      return {kind: 'string', value: utf16String(data)}
    case REG_MULTI_SZ:
      return {kind: 'multi', value: multiString(data)}
    case REG_DWORD:
      return data.length === 4 ? {kind: 'dword', value: data.readUInt32LE(0)} : {kind: 'bytes', value: data}
    case REG_DWORD_BIG_ENDIAN:
      return data.length === 4 ? {kind: 'dword', value: data.readUInt32BE(0)} : {kind: 'bytes', value: data}
    case REG_QWORD:
      return data.length === 8 ? {kind: 'qword', value: data.readBigUInt64LE(0)} : {kind: 'bytes', value: data}
    default:
      if ((type & DEVPROP_FLAG) >>> 0 === DEVPROP_FLAG && (type & 0xffff) === DEVPROP_TYPE_STRING) {
        return {kind: 'string', value: utf16String(data)}
      }
      return {kind: 'bytes', value: data}
  }
}

/** Short text form of a value for messages and `raw` (bytes as hex, capped). */
export function valueText(type: number, data: Buffer, maxHex = 256): string {
  const d = decodeValue(type, data)
  switch (d.kind) {
    case 'string':
      return d.value
    case 'multi':
      return d.value.join(' | ')
    case 'dword':
      return `0x${d.value.toString(16).padStart(8, '0')} (${d.value})`
    case 'qword':
      return `0x${d.value.toString(16)} (${d.value})`
    default:
      return d.value.subarray(0, maxHex).toString('hex') + (d.value.length > maxHex ? '…' : '')
  }
}

const FILETIME_UNIX_EPOCH = 116444736000000000n

/** FILETIME (100 ns since 1601, UTC) to ISO; null for 0 and implausible values. */
export function filetimeToIso(ft: bigint): string | null {
  if (ft <= 0n) return null
  const us = (ft - FILETIME_UNIX_EPOCH) / 10n
  return isoFromEpochMicros(us)
}

/** A FILETIME stored as 8 bytes of value data. */
export function filetimeFromData(data: Buffer): string | null {
  return data.length >= 8 ? filetimeToIso(data.readBigUInt64LE(0)) : null
}
