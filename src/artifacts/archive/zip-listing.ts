// A ZIP found inside evidence (an extortion e-mail's attachment, a staged archive) as a timeline:
// one `archive.entry` event per member, so a responder sees when the stolen files were packed.
// Member times: the UT/NTFS extra field is UTC; DOS fields are the packing machine's local time
// with no zone, so they are assumed UTC (or converted with --host-tz) and labelled as such.
import type {ArchiveMember} from '../../evidence/virtual-file.js'
import {hostileNameReason} from '../../evidence/zip.js'
import type {ParsedEvent} from '../../lib/model.js'
import {cleanFields, wallFromParts, zonelessTime} from '../common.js'

export const ARCHIVE_KIND = 'archive.zip'

/** One event per member, produced as members are read: a collection can hold 100,000 of them. */
export async function* archiveEvents(members: AsyncIterable<ArchiveMember>, hostTz: string | undefined): AsyncGenerator<ParsedEvent> {
  let i = 0
  for await (const m of members) {
    const t = m.extendedTime
      ? {time: m.extendedTime, timeBasis: 'utc' as const}
      : m.dosTime ? zonelessTime(wallFromParts(m.dosTime.slice(0, 10), m.dosTime.slice(11)), hostTz) : {time: null, timeBasis: 'unknown' as const}
    const base = m.name.replace(/\/$/, '').split('/').at(-1) ?? m.name
    yield {
      ...t,
      timePrecision: 'second',
      type: 'archive.entry',
      timestampDesc: 'Archive member last modified',
      location: `entry ${++i}`,
      message: `Archive member ${m.name} (${m.size} bytes, ${m.compressedSize} packed${m.encrypted ? ', encrypted' : ''})`,
      fields: cleanFields({
        entry_name: m.name, file_name: base, size: m.size, compressed_size: m.compressedSize,
        crc32: (m.crc32 >>> 0).toString(16).padStart(8, '0'), method: m.method, encrypted: m.encrypted,
        time_source: m.extendedSource ?? (m.dosTime ? 'dos' : undefined), dos_time: m.dosTime ?? undefined,
        sha256: m.sha256, crc_ok: m.crcOk, note: m.note, hostile_name: hostileNameReason(m.name) ?? undefined,
      }),
      raw: m.name,
    }
  }
}
