// Marvin32, the hash that guards HvLE log entries (raw-windows-evidence.md §3.7), written from
// the description there. All arithmetic is on unsigned 32-bit words.
export const HVLE_SEED_LO = 0x7a4e55c5
export const HVLE_SEED_HI = 0x82ef4d88

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0

/** Marvin32 of `data` as a 64-bit value (hi << 32 | lo). */
export function marvin32(data: Buffer, seedLo = HVLE_SEED_LO, seedHi = HVLE_SEED_HI): bigint {
  let lo = seedLo >>> 0
  let hi = seedHi >>> 0
  const mix = (v: number): void => {
    lo = (lo + v) >>> 0
    hi = (hi ^ lo) >>> 0
    lo = (rotl(lo, 20) + hi) >>> 0
    hi = (rotl(hi, 9) ^ lo) >>> 0
    lo = (rotl(lo, 27) + hi) >>> 0
    hi = rotl(hi, 19)
  }
  const words = data.length >>> 2
  for (let i = 0; i < words; i++) mix(data.readUInt32LE(i * 4))
  const n = data.length & 3
  let tail = 0
  for (let i = 0; i < n; i++) tail |= data[words * 4 + i]! << (8 * i)
  mix(((0x80 << (8 * n)) | tail) >>> 0)
  mix(0)
  return (BigInt(hi) << 32n) | BigInt(lo)
}
