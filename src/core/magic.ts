// File signatures that recognition tests on a file's first bytes. Kept apart from the format
// readers (src/formats, the SQLite layer) so that claiming a file does not load them.

/** EVTX file header magic. */
export const EVTX_MAGIC = Buffer.from('ElfFile\0', 'latin1')
/** Every SQLite 3 database starts with these 16 bytes (browser-history.md §1.3 step 8). */
export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')

export function isEvtx(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(0, 8).equals(EVTX_MAGIC)
}

export function isRegfMagic(head: Buffer): boolean {
  return head.length >= 4 && head.toString('latin1', 0, 4) === 'regf'
}

/** A primary hive's base block (not a transaction log): regf magic, file type 0, major version 1. */
export function isPrimaryHiveHead(head: Buffer): boolean {
  return head.length >= 512 && isRegfMagic(head) && head.readUInt32LE(28) === 0 && head.readUInt32LE(20) === 1
}

export function hasSqliteHeader(head: Buffer): boolean {
  return head.length >= SQLITE_MAGIC.length && head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)
}
