// A file at a known artifact location that no parser could read: listed in the inventory with its
// hash, size and why it was not read (engineering rule 2), instead of vanishing.
import {createHash} from 'node:crypto'

import type {KnownLocation} from '../artifacts/known-locations.js'
import type {VirtualFile} from '../evidence/virtual-file.js'
import type {ArtifactRecord} from './model.js'

/** Container formats whose header shows the file is the right format in a variant the parser does not read. */
const MAGIC: Array<{name: string; bytes: Buffer}> = [
  {name: 'SQLite', bytes: Buffer.from('SQLite format 3\0', 'latin1')},
  {name: 'registry hive (regf)', bytes: Buffer.from('regf', 'latin1')},
  {name: 'EVTX (ElfFile)', bytes: Buffer.from('ElfFile\0', 'latin1')},
]

/**
 * The record for a file at `known` that was not read. `head` is its first bytes (undefined when
 * even they could not be read, `readError` then says why). Hashing streams the file, so a
 * 300 MB garbage trace costs no memory.
 */
export async function unreadArtifact(
  file: VirtualFile, logicalPath: string, known: KnownLocation, head: Buffer | undefined, readError?: string,
): Promise<ArtifactRecord> {
  const record: ArtifactRecord = {path: file.path, logicalPath, kind: known.kind, sha256: '', size: file.size, status: 'failed', events: 0, warnings: []}
  const magic = head ? MAGIC.find((m) => head.subarray(0, m.bytes.length).equals(m.bytes)) : undefined
  if (head === undefined) record.warnings.push(`not read: the file could not be opened (${readError ?? 'unknown error'})`)
  else if (file.size === 0 || head.length === 0) record.warnings.push(`not read: empty file at the location of ${known.expected}`)
  else if (magic) {
    record.status = 'unsupported'
    record.warnings.push(`not read: a ${magic.name} file at the location of ${known.expected}, in a variant or layout the parser does not read`)
  } else {
    record.warnings.push(`not read: the content is not ${known.expected} (first bytes ${head.subarray(0, 16).toString('hex')})`)
  }
  {
    try {
      if (file.compressed) {
        // the record describes the stored (compressed) bytes, as for a parsed artifact
        record.sha256 = (await file.compressed.digest()).sha256
      } else {
        const h = createHash('sha256')
        for await (const c of (await file.open()) as AsyncIterable<Buffer>) h.update(c)
        record.sha256 = h.digest('hex')
      }
    } catch (error) {
      record.warnings.push(`could not hash the artifact (${(error as Error).message})`)
    }
  }
  return record
}
