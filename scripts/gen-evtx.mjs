#!/usr/bin/env node
// Builds a large .evtx for `npm run bench` from real chunks: every chunk of the shared corpus's
// EVTX files with a chunk signature and a matching data CRC (clean, real Windows chunks), repeated
// in turn after one file header until the target size (not the template-less
// 1149 file, which evtxexport cannot read). Record ids repeat between copies (the
// reader does not care; the benchmark measures reading).
//   node scripts/gen-evtx.mjs <out.evtx> <bytes>
import {createWriteStream, existsSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import * as zlib from 'node:zlib'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const [out, bytesArg] = process.argv.slice(2)
if (!out || !bytesArg) {
  console.error('usage: gen-evtx.mjs <out.evtx> <bytes>')
  process.exit(2)
}
const corpus = [join(ROOT, '..', 'shared', 'corpus', 'evtx'), join(ROOT, '..', '..', 'shared', 'corpus', 'evtx')].find((p) => existsSync(p))
if (!corpus) {
  console.error('shared corpus (../shared/corpus/evtx) not found: no real chunks to build from')
  process.exit(3)
}
const CH = 65536
const chunks = []
for (const d of readdirSync(corpus).sort()) {
  for (const f of readdirSync(join(corpus, d)).sort()) {
    // template-less (forwarded) records stop libevtx's evtxexport (reference §1.8 P1): a baseline
    // that exports nothing would mean nothing
    if (f.startsWith('ID1149-')) continue
    const b = readFileSync(join(corpus, d, f))
    for (let o = 4096; o + CH <= b.length; o += CH) {
      const c = b.subarray(o, o + CH)
      if (!c.subarray(0, 8).equals(Buffer.from('ElfChnk\0', 'latin1'))) continue
      const free = c.readUInt32LE(48)
      if (free < 512 || free > CH || zlib.crc32(c.subarray(512, free)) !== c.readUInt32LE(52)) continue
      chunks.push(Buffer.from(c))
    }
  }
}
const n = Math.max(1, Math.floor((Number(bytesArg) - 4096) / CH))
const h = Buffer.alloc(4096)
h.write('ElfFile\0', 0, 'latin1')
h.writeBigUInt64LE(BigInt(n - 1), 16)
h.writeUInt32LE(128, 32)
h.writeUInt16LE(1, 36)
h.writeUInt16LE(3, 38)
h.writeUInt16LE(4096, 40)
h.writeUInt16LE(n & 0xffff, 42)
h.writeUInt32LE(zlib.crc32(h.subarray(0, 120)), 124)
const ws = createWriteStream(out)
const write = (b) => (ws.write(b) ? Promise.resolve() : new Promise((r) => ws.once('drain', r)))
await write(h)
for (let i = 0; i < n; i++) await write(chunks[i % chunks.length])
await new Promise((r) => ws.end(r))
console.log(`wrote ${out}: ${n} chunks (${chunks.length} distinct real chunks), ${4096 + n * CH} bytes`)
