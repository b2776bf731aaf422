// CRC-32/IEEE as EVTX uses it (reference §1.2: the zlib function). Node >= 20.15 has it natively;
// older runtimes get a table-driven fallback with the same results.
import * as zlib from 'node:zlib'

type Crc32 = (data: Buffer, value?: number) => number

let table: Uint32Array | undefined

function crc32Js(data: Buffer, value = 0): number {
  if (!table) {
    table = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      table[n] = c >>> 0
    }
  }
  let c = (value ^ 0xffffffff) >>> 0
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

export const crc32: Crc32 = (zlib as unknown as {crc32?: Crc32}).crc32 ?? crc32Js
