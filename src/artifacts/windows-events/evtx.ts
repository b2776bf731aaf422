// Raw Windows event logs (`.evtx`, recognised by the `ElfFile\0` magic under any name): read chunk
// by chunk from the artifact stream (src/formats/evtx), each record handed to the same tool
// handlers as the exported-XML path (one event model, two readers). Records no handler takes are
// counted per channel, provider and event id in the artifact's inventory. CRCs, wrapped and dirty
// headers are evidence in the inventory; torn chunks and unreadable records are warnings.
import {keyOf, readEvtxStream, systemOf, type EvtxChunk, type EvtxHeader, type EvtxRecord} from '../../formats/evtx/index.js'
import {capRaw} from '../../lib/text.js'
import type {ArtifactClaim, ArtifactParser} from '../types.js'
import type {WinEventHandler, WinEventHandlerFactory} from './handler.js'
import {detachedWinEvent, winEventFromEvtx} from './evtx-record.js'
import type {WinEventRecord} from './record.js'

const MAX_LISTED = 20
/**
 * Carved records a handler takes, held (detached from their chunk) until the end to drop copies
 * of walked records; past this many, carved records are handed over at once without that check.
 */
export const MAX_RECOVERED_HELD = 10_000

export function makeEvtxParser(claim: ArtifactClaim, handlers: WinEventHandlerFactory[]): ArtifactParser {
  return {
    ...claim,
    async parse(input, ctx) {
      const active: WinEventHandler[] = handlers.map((f) => f(ctx, input.info))
      const counts = new Map<string, number>()
      const inv = {
        chunks: 0, empty_chunks: 0, bad_magic_chunks: [] as number[], truncated_chunks: [] as number[],
        header_crc_mismatch: [] as number[], data_crc_mismatch: [] as number[], short_walks: [] as number[],
        records: 0, recovered_records: 0, recovered_not_deduplicated: 0, unreadable_records: 0, first_record_id: null as number | null, last_record_id: null as number | null,
      }
      let header: EvtxHeader | undefined
      let warned = 0
      const warn = (m: string) => {
        if (++warned <= MAX_LISTED) ctx.warn(capRaw(m, 300))
      }
      const walkedTaken = new Set<string>()
      const recoveredHeld: Array<{r: WinEventRecord; handlers: WinEventHandler[]}> = []
      const take = (rec: EvtxRecord) => {
        const k = keyOf(rec.doc)
        const key = `${k.channel ?? ''}|${k.provider}|${k.eventId ?? ''}`
        if (!rec.recovered) {
          counts.set(key, (counts.get(key) ?? 0) + 1)
          inv.records++
          if (inv.first_record_id === null || rec.recordId < inv.first_record_id) inv.first_record_id = rec.recordId
          if (inv.last_record_id === null || rec.recordId > inv.last_record_id) inv.last_record_id = rec.recordId
        } else inv.recovered_records++
        if (!active.some((h) => h.acceptsProvider(k.provider))) return
        const sys = systemOf(rec.doc)
        let r: WinEventRecord | undefined
        const wanting: WinEventHandler[] = []
        for (const h of active) {
          if (!h.acceptsProvider(sys.provider)) continue
          r ??= winEventFromEvtx(rec, sys)
          if (h.accepts(r)) wanting.push(h)
        }
        if (!r || wanting.length === 0) return
        const id = `${sys.provider}|${r.recordId}`
        if (rec.recovered) {
          // a held record must not keep its chunk (64 KiB and its parsed tree) alive
          if (recoveredHeld.length < MAX_RECOVERED_HELD) {
            recoveredHeld.push({r: detachedWinEvent(r), handlers: wanting})
            return
          }
          inv.recovered_not_deduplicated++
          if (walkedTaken.has(id)) return
        }
        walkedTaken.add(id)
        for (const h of wanting) h.handle(r)
      }
      const onChunk = (c: EvtxChunk) => {
        inv.chunks++
        if (c.status === 'empty') inv.empty_chunks++
        if (c.status === 'bad-magic') {
          inv.bad_magic_chunks.push(c.index)
          warn(`chunk ${c.index} (offset 0x${c.offset.toString(16)}): no chunk signature; ${c.recovered.length} record(s) carved from it`)
        }
        if (c.status === 'truncated') {
          inv.truncated_chunks.push(c.index)
          warn(`chunk ${c.index}: the file ends inside this chunk (truncated file?)`)
        }
        if (c.headerCrcOk === false) inv.header_crc_mismatch.push(c.index)
        if (c.dataCrcOk === false) inv.data_crc_mismatch.push(c.index)
        if (c.walkStopped) {
          inv.short_walks.push(c.index)
          warn(`chunk ${c.index}: record walk stopped early (${c.walkStopped}); the rest of the chunk was carved`)
        }
        for (const b of c.bad) {
          inv.unreadable_records++
          warn(`record ${b.recordId ?? '?'} (chunk ${b.chunk}, offset 0x${b.offset.toString(16)}): unreadable BinXML (${b.reason})`)
        }
        for (const rec of c.records) take(rec)
        for (const rec of c.recovered) take(rec)
      }
      try {
        const stream = await input.stream()
        for await (const c of readEvtxStream(stream, (h) => (header = h))) onChunk(c)
      } finally {
        // carved copies of records the walk already gave are dropped (§1.8 P6)
        for (const {r, handlers: hs} of recoveredHeld) {
          if (walkedTaken.has(`${r.provider}|${r.recordId}`)) continue
          for (const h of hs) h.handle(r)
        }
        for (const h of active) h.finish()
        if (inv.recovered_not_deduplicated) {
          ctx.note?.(`${inv.recovered_not_deduplicated} carved record(s) past the first ${MAX_RECOVERED_HELD} were used without checking for a later walked copy (they are marked recovered)`)
        }
        if (warned > MAX_LISTED) ctx.warn(`${warned - MAX_LISTED} more EVTX problem(s) not listed`)
        if (inv.header_crc_mismatch.length || inv.data_crc_mismatch.length) {
          ctx.note?.(`CRC mismatch (records kept): header of chunk(s) [${inv.header_crc_mismatch.join(', ')}], data of chunk(s) [${inv.data_crc_mismatch.join(', ')}]`)
        }
        const byEvent = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        ctx.summarise?.({
          format: 'evtx',
          header: header ? {
            version: `${header.majorVersion}.${header.minorVersion}`, first_chunk: header.firstChunk, last_chunk: header.lastChunk,
            chunk_count: header.chunkCount, next_record_id: header.nextRecordId, flags: header.flags, dirty: header.dirty,
            full: header.full, wrapped: header.wrapped, crc_ok: header.crcOk,
          } : null,
          ...inv,
          events_by_id: byEvent.map(([k, n]) => {
            const [channel, provider, eventId] = k.split('|')
            return {channel: channel ?? '', provider: provider ?? '', event_id: eventId === '' || eventId === undefined ? null : Number(eventId), records: n}
          }),
        })
      }
    },
  }
}
