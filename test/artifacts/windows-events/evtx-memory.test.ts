// What keeps raw-EVTX memory flat (issue #12: 789 MB peak RSS on 1 GiB, from records kept past
// their chunk): a chunk owns its 64 KiB (no view into the stream's 1 MiB read buffer, which a
// kept record would pin whole), and what a handler or the reader keeps past the chunk is
// detached from it (values and XML as plain strings, no parsed tree or buffer behind them).
import {Readable} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {detachedWinEvent, winEventFromEvtx} from '../../../src/artifacts/windows-events/evtx-record.js'
import {CHUNK_SIZE, readEvtxStream, type EvtxChunk} from '../../../src/formats/evtx/index.js'
import {ANYDESK_7045, PIKVM_400} from '../../support/evtx-fixtures.js'
import {writeEvtx} from '../../support/evtx-writer.js'

async function chunksOf(pieces: Buffer[]): Promise<EvtxChunk[]> {
  const out: EvtxChunk[] = []
  for await (const c of readEvtxStream(Readable.from(pieces), () => {})) out.push(c)
  return out
}

describe('raw EVTX: nothing kept past a chunk holds more than its record', () => {
  it('a chunk read from a large stream piece owns exactly its 64 KiB', async () => {
    const file = writeEvtx([ANYDESK_7045, PIKVM_400])
    // the whole file (and more) in one piece, as a 1 MiB read buffer hands it over
    const piece = Buffer.concat([file, Buffer.alloc(1024 * 1024 - file.length)])
    const chunks = await chunksOf([piece])
    expect(chunks[0]!.records.map((r) => r.recordId)).toEqual([4101, 88])
    const buf = chunks[0]!.records[0]!.doc.chunk.buf
    expect(buf.length).toBe(CHUNK_SIZE)
    expect(buf.buffer.byteLength).toBe(CHUNK_SIZE)
    // the bytes are the file's, not a stale copy
    expect(buf.equals(file.subarray(4096, 4096 + CHUNK_SIZE))).toBe(true)
    // chunks split across pieces read the same
    const split = await chunksOf([file.subarray(0, 5000), file.subarray(5000, 40000), file.subarray(40000)])
    expect(split[0]!.records.map((r) => winEventFromEvtx(r).raw)).toEqual(chunks[0]!.records.map((r) => winEventFromEvtx(r).raw))
  })

  it('a detached record has plain values equal to the lazy one and no getter left', async () => {
    const [c] = await chunksOf([writeEvtx([ANYDESK_7045])])
    const lazy = winEventFromEvtx(c!.records[0]!)
    const d = detachedWinEvent(lazy)
    for (const k of ['raw', 'data', 'dataNames'] as const) {
      const desc = Object.getOwnPropertyDescriptor(d, k)!
      expect(desc.get).toBeUndefined()
      expect(desc.value).toEqual(lazy[k])
    }
    expect(d.data).toEqual(['AnyDesk Service', '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service', 'user mode service', 'auto start', 'LocalSystem'])
    expect(d.raw).toContain("<Data Name='ServiceName'>AnyDesk Service</Data>")
    expect(d).toMatchObject({provider: 'Service Control Manager', eventId: 7045, recordId: '4101', evtx: {chunk: 0, recovered: false}})
  })
})
