// The 4096-byte base block (raw-windows-evidence.md §3.2): sequence numbers, version, root cell,
// hive bins size, the embedded file name and the XOR-32 checksum over its first 508 bytes.
import {isRegfMagic} from '../../core/magic.js'

export const BASE_BLOCK_SIZE = 4096

export interface BaseBlock {
  primarySeq: number
  secondarySeq: number
  /** FILETIME as a BigInt (0 since Windows 8.1). */
  lastWritten: bigint
  major: number
  minor: number
  /** 0 primary, 1/2 old-format log, 6 new-format log. */
  fileType: number
  rootCell: number
  hbinsSize: number
  /** The last characters of the hive's path on the source machine (UTF-16LE, NUL-trimmed). */
  fileName: string
  flags: number
  checksum: number
  checksumOk: boolean
}

export function baseBlockChecksum(b: Buffer): number {
  let x = 0
  for (let i = 0; i < 508; i += 4) x = (x ^ b.readUInt32LE(i)) >>> 0
  if (x === 0xffffffff) return 0xfffffffe
  if (x === 0) return 1
  return x
}

export {isRegfMagic}

/** Parses a base block; undefined when it is not one (short or wrong magic). */
export function parseBaseBlock(b: Buffer): BaseBlock | undefined {
  if (b.length < 512 || !isRegfMagic(b)) return undefined
  const raw = b.subarray(48, 112)
  let end = 0
  while (end + 1 < raw.length && (raw[end] !== 0 || raw[end + 1] !== 0)) end += 2
  const checksum = b.readUInt32LE(508)
  return {
    primarySeq: b.readUInt32LE(4),
    secondarySeq: b.readUInt32LE(8),
    lastWritten: b.readBigUInt64LE(12),
    major: b.readUInt32LE(20),
    minor: b.readUInt32LE(24),
    fileType: b.readUInt32LE(28),
    rootCell: b.readUInt32LE(36),
    hbinsSize: b.readUInt32LE(40),
    fileName: raw.subarray(0, end).toString('utf16le'),
    flags: b.readUInt32LE(144),
    checksum,
    checksumOk: checksum === baseBlockChecksum(b),
  }
}

/** Dirty: the last write did not complete (sequence numbers differ) or the base block is damaged. */
export function isDirty(bb: BaseBlock): boolean {
  return bb.primarySeq !== bb.secondarySeq || !bb.checksumOk
}
