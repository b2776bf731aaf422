// A file found in evidence, wherever it lives (folder, archive, archive in archive): the rest of
// the tool sees only this, never a host path it could write to.
import type {Readable} from 'node:stream'

export interface VirtualFile {
  /** Evidence-relative path: `a/b`, `outer.zip!inner/path`, `a.zip!b.zip!c/d`. */
  path: string
  size: number
  mtime?: Date
  /** Opens a fresh read stream of the bytes (each call is independent). */
  open(): Promise<Readable>
  /** Files on disk: the first `n` bytes, read without opening a stream (readHead uses it). */
  head?(n: number): Promise<Buffer>
  /**
   * Files on disk only: SHA-256 and size computed by a separate reader (a worker thread), so a
   * parser and the hash can use two cores.
   */
  digestInParallel?(): Promise<{sha256: string; size: number}>
  /**
   * A file next to this one with `suffix` appended to its name (SQLite `-wal`, `-journal`). A
   * symlink is followed only inside the evidence, as the walk does; `refused` hears why one is not.
   */
  sibling(suffix: string, refused?: (reason: string) => void): VirtualFile | undefined
  /** Files on disk: the host path, for read-only random access (hive readers). Never written. */
  diskPath?: string
  /**
   * Another file in the same folder (or the same folder of the same archive) whose name equals
   * `name` ignoring case (hive logs `SYSTEM.LOG1`, `system.log1`). Symlinks as for `sibling`.
   */
  neighbour?(name: string, refused?: (reason: string) => void): VirtualFile | undefined
  /** Set when this file is a ZIP found inside the evidence: its member listing. */
  archive?: ArchiveListing
  /** Set when `open()` serves bytes decoded from a compressed file (a rotated `syslog.2.gz`). */
  compressed?: CompressedSource
}

/**
 * A compressed file read as its decoded content. `path` and `size` stay those of the file as
 * stored (what the artifact record and its SHA-256 describe); parsers recognise `contentPath`.
 */
export interface CompressedSource {
  encoding: 'gzip'
  /** `path` without the compression suffix (`var/log/kern.log.2`). */
  contentPath: string
  /** SHA-256 and size of the stored (compressed) bytes. */
  digest(): Promise<{sha256: string; size: number}>
  /** Decoded bytes, known once a stream was read to its end. */
  decodedSize(): number | undefined
}

/** One member of a ZIP that is evidence itself (a staged or attached archive). */
export interface ArchiveMember {
  name: string
  size: number
  compressedSize: number
  crc32: number
  method: number
  encrypted: boolean
  /** DOS date/time fields as written (local time of the packing machine, zone unknown). */
  dosTime: string | null
  /** UTC time from the Info-ZIP UT (0x5455) or NTFS (0x000a) extra field, when present. */
  extendedTime: string | null
  extendedSource?: 'unix-extra' | 'ntfs-extra'
  sha256?: string
  crcOk?: boolean
  note?: string
}

/**
 * The member listing of a ZIP that is evidence itself. Members are read (and hashed) as they
 * are iterated, in central-directory order, so 100,000 of them never sit in memory at once.
 */
export interface ArchiveListing {
  /** Iterable once. */
  members: AsyncIterable<ArchiveMember>
  /** SHA-256 of the archive file (computed alongside, possibly on another core). */
  sha256: Promise<string>
  comment: string
}

export interface EvidenceLimits {
  /** Total uncompressed bytes read from one evidence archive tree. */
  maxArchiveBytes: number
  /** Entries per archive. */
  maxEntries: number
  /** Uncompressed/compressed ratio allowed for entries above `ratioMinBytes`. */
  maxRatio: number
  ratioMinBytes: number
  /** Archives inside archives: how deep to follow. */
  maxDepth: number
  /** Largest nested archive copied to a private temp file to be opened. */
  maxNestedArchiveBytes: number
  /** Members of evidence archives up to this size are hashed for `archive.entry` events. */
  maxMemberHashBytes: number
}

export const DEFAULT_LIMITS: EvidenceLimits = {
  maxArchiveBytes: 64 * 1024 ** 3,
  maxEntries: 1_000_000,
  maxRatio: 1000,
  ratioMinBytes: 1024 * 1024,
  maxDepth: 3,
  maxNestedArchiveBytes: 4 * 1024 ** 3,
  maxMemberHashBytes: 64 * 1024 * 1024,
}

/** Receives evidence-level problems (not tied to a recognised artifact). */
export type WarnFn = (message: string) => void

/**
 * First bytes of a file, for content sniffing; the stream is closed straight after. A stream
 * that fails after some bytes (a truncated `.gz`) still gives them: parsing then meets the same
 * error and reports it on the artifact.
 */
export async function readHead(file: VirtualFile, n: number): Promise<Buffer> {
  if (file.head) return file.head(n)
  const s = await file.open()
  const chunks: Buffer[] = []
  let len = 0
  try {
    for await (const c of s as AsyncIterable<Buffer>) {
      chunks.push(c)
      len += c.length
      if (len >= n) break
    }
  } catch (error) {
    if (len === 0) throw error
  } finally {
    s.destroy()
  }
  return Buffer.concat(chunks, Math.min(len, n))
}
