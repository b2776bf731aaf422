// Hostile EVTX input (issue #12): truncated files, bit-flipped chunks, a template that refers to
// itself, absurd sizes and counts, deep nesting. The reader must end every case with results and
// problems, never an exception or a hang, and the artifact must come out with a warning.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {windowsEvtx} from '../../../src/artifacts/windows-events/application-log.js'
import {ChunkTables, Parser, readChunk} from '../../../src/formats/evtx/index.js'
import {ANYDESK_7045, PIKVM_400} from '../../support/evtx-fixtures.js'
import {writeEvtx} from '../../support/evtx-writer.js'
import {scanWith} from '../../support/run-parser.js'
import {readBuffer} from './support.js'
import {tempDir} from '../../support/tmp.js'

const GOOD = writeEvtx(Array.from({length: 30}, (_, i) => ({...(i % 2 ? ANYDESK_7045 : PIKVM_400), recordId: i + 1})), 15)

async function artifactOf(buf: Buffer) {
  const dir = tempDir('evtx-hostile-')
  writeFileSync(join(dir, 'System.evtx'), buf)
  const r = await scanWith(dir, {parsers: [windowsEvtx]})
  return r.artifacts[0]!
}

describe('hostile EVTX input', () => {
  it('truncated at every 997th byte: no throw, fewer records, a warning when a chunk is cut', async () => {
    for (let n = 0; n < GOOD.length; n += 997) {
      const r = await readBuffer(GOOD.subarray(0, n))
      if (n < 4096) continue
      expect(r.error).toBeUndefined()
    }
    const cut = await artifactOf(GOOD.subarray(0, 4096 + 30000))
    expect(cut.status).toBe('partial')
    expect(cut.warnings.join('\n')).toMatch(/ends inside this chunk/)
  })

  it('bit flips anywhere in the chunk: never throws, CRC mismatch reported', async () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32)
    for (let k = 0; k < 300; k++) {
      const b = Buffer.from(GOOD)
      for (let j = 0; j < 1 + Math.floor(rnd() * 8); j++) b[4096 + Math.floor(rnd() * 65536)]! ^= 1 << Math.floor(rnd() * 8)
      const r = await readBuffer(b)
      expect(r.error).toBeUndefined()
      const c = r.chunks[0]
      if (c && c.status === 'ok') expect(c.headerCrcOk === false || c.dataCrcOk === false || c.records.length === 15).toBe(true)
    }
  })

  it('a template that refers to itself, absurd value counts and sizes: the record is unreadable, not fatal', () => {
    const chunk = Buffer.alloc(65536)
    chunk.write('ElfChnk\0', 0, 'latin1')
    // template definition at 0x300 whose body is a template instance pointing back at 0x300
    const t = 0x300
    chunk.writeUInt32LE(200, t + 20)
    Buffer.from([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01, 0, 0, 0, 0]).copy(chunk, t + 24)
    chunk.writeUInt32LE(t, t + 34)
    const tables = new ChunkTables(chunk)
    expect(() => tables.template(t, 0)).toThrow(/template/)
    // record body: instance of a template 0x300 with 2^32-1 values
    const rec = Buffer.from([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01, 0, 0, 0, 0, 0, 3, 0, 0, 0xff, 0xff, 0xff, 0xff])
    rec.copy(chunk, 0x1000)
    expect(() => new Parser(tables, 0x1000, 0x1000 + rec.length, false, 0).fragment()).toThrow(/inside a template definition|refers to itself|values does not fit/)
    // chunk with a record whose size field is absurd
    chunk.writeUInt32LE(0x2a2a, 512)
    chunk.writeUInt32LE(0xfffffff0, 516)
    chunk.writeUInt32LE(0x2000, 48)
    const c = readChunk(chunk, 0, 4096, 0)
    expect(c.records).toEqual([])
    expect(c.walkStopped).toMatch(/impossible size/)
  })

  it('deep nesting is bounded (no stack overflow)', () => {
    const chunk = Buffer.alloc(65536)
    let p = 0x400
    chunk.writeUInt32LE(0x380, 0x380 + 0) // a name at 0x380: "a"
    chunk.writeUInt16LE(1, 0x380 + 6)
    chunk.write('a', 0x380 + 8, 'utf16le')
    for (let i = 0; i < 5000 && p + 16 < 65536; i++) {
      chunk[p] = 0x01
      chunk.writeUInt32LE(0, p + 1)
      chunk.writeUInt32LE(0x380, p + 5)
      chunk[p + 9] = 0x02
      p += 10
    }
    const tables = new ChunkTables(chunk)
    expect(() => new Parser(tables, 0x400, p, false, 0).fragment()).toThrow(/deeper than 64/)
  })

  it('garbage after the header and a huge header chunk count: read to EOF, warnings, no crash', async () => {
    const b = Buffer.concat([GOOD, Buffer.alloc(65536, 0x41), Buffer.alloc(1000, 0x2a)])
    b.writeUInt16LE(0xffff, 42)
    const a = await artifactOf(b)
    expect(a.status).toBe('partial')
    expect(a.events).toBe(30)
    expect(a.warnings.join('\n')).toMatch(/no chunk signature/)
  })

  it('a file that is only the magic is failed with its reason', async () => {
    const a = await artifactOf(Buffer.from('ElfFile\0', 'latin1'))
    expect(a.status).toBe('failed')
    expect(a.warnings.join('\n')).toMatch(/not an EVTX file|EVTX/)
  })
})
