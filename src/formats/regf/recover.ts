// Deleted keys and values: nk/vk records left in unallocated cells (raw-windows-evidence.md §3.3).
// The bins are walked in order; a damaged bin is skipped to the next 4096-aligned `hbin`.
import {BASE_BLOCK_SIZE} from './base-block.js'
import {Hive, type RegKey, type RegValue} from './hive.js'

export interface RecoveredKey {
  key: RegKey
  /** Best-effort path from the parent chain (`?` where a parent is gone). */
  path: string
  values: RegValue[]
}

/** Largest hbin accepted (real bins are a few pages; big data values make them larger). */
const MAX_BIN = 64 * 1024 * 1024

/** Every hbin's [start, end) in the bins data, resynchronising after damage. */
export function* hiveBins(h: Hive): Generator<{start: number; end: number}> {
  let off = 0
  while (off + 32 <= h.binsEnd) {
    const head = h.src.read(BASE_BLOCK_SIZE + off, 32)
    if (head.length < 32) return
    const size = head.readUInt32LE(8)
    if (head.toString('latin1', 0, 4) !== 'hbin' || size < 4096 || size % 4096 !== 0 || size > MAX_BIN) {
      h.warn(`hive bin at 0x${off.toString(16)} is damaged; skipped to the next 4096-byte boundary`)
      off += 4096
      continue
    }
    yield {start: off, end: Math.min(off + size, h.binsEnd)}
    off += size
  }
}

/** Free cells of the hive that still hold a key record, with the values that can be read. */
export function* recoverDeletedKeys(h: Hive): Generator<RecoveredKey> {
  for (const bin of hiveBins(h)) {
    let off = bin.start + 32
    while (off + 4 <= bin.end) {
      const raw = h.src.read(BASE_BLOCK_SIZE + off, 4)
      if (raw.length < 4) return
      const size = raw.readInt32LE(0)
      const abs = Math.abs(size)
      if (abs < 8 || abs % 8 !== 0 || off + abs > bin.end) break // the rest of this bin is unusable
      if (size > 0 && abs >= 80) {
        const data = h.src.read(BASE_BLOCK_SIZE + off + 4, abs - 4)
        if (data[0] === 0x6e && data[1] === 0x6b) {
          const key = h.key(off, data, true)
          if (key && key.name !== '') yield {key, path: recoveredPath(h, key), values: recoveredValues(h, key)}
        }
      }
      off += abs
    }
  }
}

function recoveredPath(h: Hive, k: RegKey): string {
  const parts = [k.name]
  let p = k.parent
  const seen = new Set<number>([k.offset])
  for (let depth = 0; depth < 512; depth++) {
    if (p === h.base.rootCell) return parts.reverse().join('\\')
    if (seen.has(p) || p % 8 !== 0 || p + 4 > h.binsEnd) break
    seen.add(p)
    const d = h.src.read(BASE_BLOCK_SIZE + p + 4, 80)
    if (d.length < 76 || d[0] !== 0x6e || d[1] !== 0x6b) break
    const parent = h.key(p, h.src.read(BASE_BLOCK_SIZE + p + 4, 76 + d.readUInt16LE(72)), true)
    if (!parent) break
    parts.push(parent.name)
    p = parent.parent
  }
  parts.push('?')
  return parts.reverse().join('\\')
}

function recoveredValues(h: Hive, k: RegKey): RegValue[] {
  if (k.valueCount === 0 || k.valueCount > 100_000) return []
  const list = h.cell(k.valueList, `values of deleted key "${k.name}"`, true)
  if (!list) return []
  const out: RegValue[] = []
  for (let i = 0; i < Math.min(k.valueCount, list.length >>> 2); i++) {
    const off = list.readUInt32LE(i * 4)
    const d = h.cell(off, `value of deleted key "${k.name}"`, true)
    if (!d || d[0] !== 0x76 || d[1] !== 0x6b) continue
    const v = h.value(off, d, true)
    if (v) out.push(v)
  }
  return out
}
