// Shared helpers of the EVTX reader tests: read a whole file (records in EventRecordID order)
// into plain values the assertions compare.
import {dataOf, readEvtxFile, readEvtxRecords, readEvtxStream, systemOf, type EvtxChunk, type EvtxHeader, type EvtxRecord} from '../../../src/formats/evtx/index.js'
import {Readable} from 'node:stream'

export interface Flat {
  recordId: number
  recovered: boolean
  chunk: number
  offset: number
  writtenTime: string | null
  eventRecordId?: string
  provider: string
  channel?: string
  eventId: number | null
  timeCreated: string | null
  data: string[]
  names: Array<string | null>
}

export function flat(r: EvtxRecord): Flat {
  const s = systemOf(r.doc)
  const d = dataOf(r.doc)
  return {
    recordId: r.recordId, recovered: r.recovered, chunk: r.chunk, offset: r.offset, writtenTime: r.writtenTime,
    eventRecordId: s.eventRecordId, provider: s.provider, channel: s.channel, eventId: s.eventId, timeCreated: s.timeCreated,
    data: d.values, names: d.names,
  }
}

export async function readAll(path: string): Promise<{header: EvtxHeader; chunks: EvtxChunk[]; records: Flat[]; recovered: Flat[]}> {
  let header: EvtxHeader | undefined
  const chunks: EvtxChunk[] = []
  for await (const c of readEvtxFile(path, (h) => (header = h))) chunks.push(c)
  return {
    header: header!, chunks,
    records: chunks.flatMap((c) => c.records.map(flat)),
    recovered: chunks.flatMap((c) => c.recovered.map(flat)),
  }
}

/** Walked records in strict EventRecordID order (readEvtxRecords). */
export async function readOrdered(path: string): Promise<Flat[]> {
  const out: Flat[] = []
  for await (const r of readEvtxRecords(path, () => {})) out.push(flat(r))
  return out
}

/** The stream reader over a buffer (file order), collecting everything; never throws on chunks. */
export async function readBuffer(buf: Buffer, pieceSize = 7919): Promise<{header?: EvtxHeader; chunks: EvtxChunk[]; error?: string}> {
  let header: EvtxHeader | undefined
  const chunks: EvtxChunk[] = []
  const pieces: Buffer[] = []
  for (let i = 0; i < buf.length; i += pieceSize) pieces.push(buf.subarray(i, i + pieceSize))
  try {
    for await (const c of readEvtxStream(Readable.from(pieces), (h) => (header = h))) {
      for (const r of [...c.records, ...c.recovered]) flat(r)
      chunks.push(c)
    }
  } catch (error) {
    return {header, chunks, error: (error as Error).message}
  }
  return {header, chunks}
}
