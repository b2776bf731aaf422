// Raw `.evtx` records as the normalised Windows event record the export readers produce
// (record.ts): one event model, two readers. Values come from the BinXML tree; the XML
// rendering is made only for records a handler takes (their `raw`).
import {dataOf, renderXml, systemOf, type EvtxRecord, type EvtxSystem} from '../../formats/evtx/index.js'
import {eventTimeToIso, type WinEventRecord} from './record.js'

/** Where a record is: id, chunk and file offset (and `recovered` for carved ones). */
export function evtxLocation(r: EvtxRecord): string {
  return `record ${r.recordId} (chunk ${r.chunk}, offset 0x${r.offset.toString(16)}${r.recovered ? ', recovered from chunk slack' : ''})`
}

/**
 * The normalised record; `sys` when the caller already read the System section. The values and
 * the XML (`raw`) are decoded when a handler reads them: most records are only looked at.
 */
export function winEventFromEvtx(r: EvtxRecord, sys: EvtxSystem = systemOf(r.doc)): WinEventRecord {
  let data: ReturnType<typeof dataOf> | undefined
  let raw: string | undefined
  const d = () => (data ??= dataOf(r.doc))
  return {
    provider: sys.provider,
    eventId: sys.eventId,
    level: sys.level,
    timeCreated: eventTimeToIso(sys.timeCreated),
    computer: sys.computer,
    channel: sys.channel,
    processId: sys.processId,
    threadId: sys.threadId,
    get data() {
      return d().values
    },
    get dataNames() {
      return d().names
    },
    recordId: sys.eventRecordId ?? String(r.recordId),
    location: evtxLocation(r),
    get raw() {
      return (raw ??= renderXml(r.doc))
    },
    evtx: {recordId: r.recordId, chunk: r.chunk, offset: r.offset, writtenTime: r.writtenTime, recovered: r.recovered, userId: sys.userId},
  }
}

/**
 * A copy of a record with its values and XML decoded now, holding no reference to the chunk (its
 * 64 KiB buffer and parsed tree): what a handler or the reader keeps past the record's chunk.
 * Records of the export readers are plain already; the copy is shallow.
 */
export function detachedWinEvent(r: WinEventRecord): WinEventRecord {
  return {...r, data: r.data, dataNames: r.dataNames, raw: r.raw}
}
