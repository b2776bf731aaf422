// Reads ZIP evidence in place with yauzl: central directory only, entries streamed into the
// parsers, nothing extracted except a nested archive spilled to a private temp file (yauzl
// needs random access). Hostile names are inventoried, never used as output paths; size,
// ratio, entry-count and depth limits are enforced while streaming.
import {createHash} from 'node:crypto'
import {close as closeFd, createReadStream, createWriteStream, fstatSync, open as openFd, read as readFd} from 'node:fs'
import {stat} from 'node:fs/promises'
import {join} from 'node:path'
import {PassThrough, Readable, Transform} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {crc32, inflateRawSync} from 'node:zlib'

import type yauzl from 'yauzl'

import {lazyRequire} from '../core/lazy-require.js'
import {makeTempDir, removeTemp} from '../core/temp-registry.js'
import {isoFromEpochMicros} from '../lib/time.js'
import type {ArchiveListing, ArchiveMember, EvidenceLimits, VirtualFile, WarnFn} from './virtual-file.js'

export const ZIP_MAGIC = [
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.from('PK\x05\x06', 'latin1'), // empty archive
]

export function looksLikeZip(head: Buffer): boolean {
  return ZIP_MAGIC.some((m) => head.length >= 4 && head.subarray(0, 4).equals(m))
}

/** Bytes read so far from one evidence argument's archives, shared across nesting levels. */
export interface ByteBudget {
  used: number
}

export class LimitError extends Error {}

/** Counts bytes read against the archive limit; throws once the limit is passed. */
function countBytes(budget: ByteBudget, limits: EvidenceLimits, n: number, label: string): void {
  budget.used += n
  if (budget.used > limits.maxArchiveBytes) {
    throw new LimitError(`archive byte limit (${limits.maxArchiveBytes} bytes uncompressed) reached while reading ${label}`)
  }
}

function countingStream(budget: ByteBudget, limits: EvidenceLimits, label: string): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        countBytes(budget, limits, chunk.length, label)
      } catch (error) {
        return cb(error as Error)
      }
      cb(null, chunk)
    },
  })
}

/** Why a member name is unsafe to use as a path, or null. */
export function hostileNameReason(name: string): string | null {
  if (/[\x00-\x1f\x7f]/.test(name)) return 'control characters in name'
  if (name.startsWith('/') || name.startsWith('\\')) return 'absolute path'
  if (/^[A-Za-z]:/.test(name)) return 'drive-letter path'
  if (name.split(/[\\/]/).includes('..')) return 'parent-directory (..) segment'
  return null
}

/** The yauzl module, loaded on the first ZIP opened (a scan without archives never loads it; #17 start-up). */
const zipLib = lazyRequire<typeof yauzl>('yauzl')

/**
 * A file reader for yauzl that serves the many small reads of the central directory (two per
 * entry) from 1 MiB blocks: with 100,000 entries, one pread per entry would dominate the time.
 * Member data still streams with positional reads straight from the file descriptor.
 * Defined on the first ZIP opened, as a subclass of the loaded yauzl's reader.
 */
const defineBlockCachedReader = (base: typeof yauzl.RandomAccessReader) =>
  class BlockCachedReader extends base {
    private cache = Buffer.alloc(0)
    private cacheStart = -1

    constructor(
      private readonly fd: number,
      private readonly size: number,
    ) {
      super()
    }

    override _readStreamForRange(start: number, end: number): Readable {
      // positional reads on the shared descriptor (an fs.ReadStream would close it when destroyed);
      // small members inside the cached block are served from memory
      let pos = start
      const fd = this.fd
      // a view, not a copy: blocks are never reused, so the view stays valid
      const cached = start >= this.cacheStart && end <= this.cacheStart + this.cache.length
        ? this.cache.subarray(start - this.cacheStart, end - this.cacheStart) : undefined
      return new Readable({
        read() {
          if (cached) {
            this.push(cached.length ? cached : null)
            if (cached.length) this.push(null)
            return
          }
          const n = Math.min(end - pos, 1024 * 1024)
          if (n <= 0) {
            this.push(null)
            return
          }
          const buf = Buffer.allocUnsafe(n)
          readFd(fd, buf, 0, n, pos, (err, got) => {
            if (err) return this.destroy(err)
            if (got === 0) return this.destroy(new Error('unexpected end of archive'))
            pos += got
            this.push(buf.subarray(0, got))
          })
        },
      })
    }

    override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
      this.view(position, position + length).then((v) => callback(null, v.copy(buffer, offset)), callback)
    }

    /**
     * Bytes [start, end) as a view of a cached block (loading one when needed), for small
     * members read without a stream. Blocks are never reused, so the view stays valid.
     */
    async viewRange(start: number, end: number): Promise<Buffer> {
      const v = await this.view(start, end)
      if (v.length < end - start) throw new Error('unexpected end of archive')
      return v
    }

    /** [start, end) from the cached block, loading a block of at least 1 MiB from `start` on a miss; shorter at the end of the file. */
    private async view(start: number, end: number): Promise<Buffer> {
      if (start < this.cacheStart || end > this.cacheStart + this.cache.length) {
        const blockLen = Math.max(0, Math.min(Math.max(end - start, 1024 * 1024), this.size - start))
        const block = Buffer.allocUnsafe(blockLen)
        const n = await new Promise<number>((resolve, reject) => readFd(this.fd, block, 0, blockLen, start, (err, got) => (err ? reject(err) : resolve(got))))
        this.cache = block.subarray(0, n)
        this.cacheStart = start
      }
      return this.cache.subarray(start - this.cacheStart, Math.min(end - this.cacheStart, this.cache.length))
    }

    override close(callback: (err: Error | null) => void): void {
      closeFd(this.fd, callback)
    }
  }
let BlockCachedReader: ReturnType<typeof defineBlockCachedReader> | undefined

/** Largest packed member read straight from the block cache instead of through yauzl's streams. */
const DIRECT_MEMBER_BYTES = 1024 * 1024

/**
 * A small stored or deflated member's bytes, read from the block cache without a stream: with
 * 100,000 members, three streams per member cost more than hashing them. Checks what yauzl's
 * reader checks (local header signature, bounds, exact uncompressed size). Undefined when the
 * member is not for this path (other methods, large, or a reader without a block cache).
 */
async function directMemberBytes(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer | undefined> {
  const reader = (zip as unknown as {reader: unknown}).reader
  if (!BlockCachedReader || !(reader instanceof BlockCachedReader) || entry.compressedSize > DIRECT_MEMBER_BYTES) return undefined
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) return undefined
  const at = entry.relativeOffsetOfLocalHeader
  const header = await reader.viewRange(at, at + 30)
  if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`invalid local file header signature: 0x${header.readUInt32LE(0).toString(16)}`)
  const dataStart = at + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
  const dataEnd = dataStart + entry.compressedSize
  if (dataEnd > zip.fileSize) throw new Error('file data overflows file bounds')
  const packed = await reader.viewRange(dataStart, dataEnd)
  const data = entry.compressionMethod === 0 ? packed : inflateRawSync(packed, {maxOutputLength: Math.max(entry.uncompressedSize, 1)})
  if (data.length !== entry.uncompressedSize) throw new Error(`expected ${entry.uncompressedSize} bytes, got ${data.length}`)
  return data
}

async function openCached(path: string | Buffer, opts: yauzl.Options): Promise<yauzl.ZipFile> {
  // a plain descriptor, not a FileHandle: the reader owns it and closes it through yauzl
  const fd = await new Promise<number>((resolve, reject) => openFd(path, 'r', (err, f) => (err ? reject(err) : resolve(f))))
  try {
    const size = fstatSync(fd).size
    const Reader = (BlockCachedReader ??= defineBlockCachedReader(zipLib().RandomAccessReader))
    return await zipLib().fromRandomAccessReaderPromise(new Reader(fd, size), size, opts)
  } catch (error) {
    closeFd(fd, () => {})
    throw error
  }
}

/** A central-directory entry with what was read from its name and extra fields. */
interface ZipMember {
  entry: yauzl.Entry
  name: string
  ext?: {time: string; source: 'unix-extra' | 'ntfs-extra'}
  mtime: Date
}

// numeric columns of EntryTable, one Float64Array slot each
const F_FLAGS = 0
const F_METHOD = 1
const F_CRC = 2
const F_CSIZE = 3
const F_SIZE = 4
const F_OFFSET = 5
const F_DOSDATE = 6
const F_DOSTIME = 7
const F_MTIME = 8
const FIELDS = 9

/**
 * The central directory of one archive, kept compact: numbers in one Float64Array, names and
 * extended times in arrays. A 100,000-member collection costs about 20 MB here, where one
 * object graph per entry cost about four times that. Entries are rebuilt one at a time.
 */
class EntryTable {
  readonly names: string[] = []
  private readonly extTimes: Array<string | undefined> = []
  private readonly extSources: Array<'unix-extra' | 'ntfs-extra' | undefined> = []
  private nums = new Float64Array(FIELDS * 1024)
  private byName?: Map<string, number>
  private byLowerName?: Map<string, number>

  get length(): number {
    return this.names.length
  }

  add(e: yauzl.Entry, name: string, ext: ZipMember['ext'], mtime: Date): void {
    const i = this.names.length
    if ((i + 1) * FIELDS > this.nums.length) {
      const grown = new Float64Array(this.nums.length * 2)
      grown.set(this.nums)
      this.nums = grown
    }
    const o = i * FIELDS
    this.nums[o + F_FLAGS] = e.generalPurposeBitFlag
    this.nums[o + F_METHOD] = e.compressionMethod
    this.nums[o + F_CRC] = e.crc32
    this.nums[o + F_CSIZE] = e.compressedSize
    this.nums[o + F_SIZE] = e.uncompressedSize
    this.nums[o + F_OFFSET] = e.relativeOffsetOfLocalHeader
    this.nums[o + F_DOSDATE] = e.lastModFileDate
    this.nums[o + F_DOSTIME] = e.lastModFileTime
    this.nums[o + F_MTIME] = mtime.getTime()
    this.names.push(name)
    this.extTimes.push(ext?.time)
    this.extSources.push(ext?.source)
  }

  /** Entry i as yauzl needs it to read the member (the fields its reader and Entry methods use). */
  member(i: number): ZipMember {
    const o = i * FIELDS
    const n = this.nums
    const entry = Object.assign(Object.create(zipLib().Entry.prototype) as yauzl.Entry, {
      generalPurposeBitFlag: n[o + F_FLAGS]!, compressionMethod: n[o + F_METHOD]!, crc32: n[o + F_CRC]!,
      compressedSize: n[o + F_CSIZE]!, uncompressedSize: n[o + F_SIZE]!, relativeOffsetOfLocalHeader: n[o + F_OFFSET]!,
      lastModFileDate: n[o + F_DOSDATE]!, lastModFileTime: n[o + F_DOSTIME]!,
    })
    const time = this.extTimes[i]
    return {entry, name: this.names[i]!, mtime: new Date(n[o + F_MTIME]!), ...(time ? {ext: {time, source: this.extSources[i]!}} : {})}
  }

  /** Index of the entry named `name` (built on first use: only SQLite siblings ask). */
  indexOf(name: string): number | undefined {
    if (!this.byName) {
      this.byName = new Map()
      for (const [i, nm] of this.names.entries()) this.byName.set(nm, i)
    }
    return this.byName.get(name)
  }

  /** Index of the entry named `name` ignoring case (hive logs next to a hive); built on first use. */
  indexOfIgnoringCase(name: string): number | undefined {
    if (!this.byLowerName) {
      this.byLowerName = new Map()
      for (const [i, nm] of this.names.entries()) if (!this.byLowerName.has(nm.toLowerCase())) this.byLowerName.set(nm.toLowerCase(), i)
    }
    return this.byLowerName.get(name.toLowerCase())
  }

  /** Local-header-to-data-end ranges, for the overlap check. */
  range(i: number): {start: number; end: number} {
    const o = i * FIELDS
    return {start: this.nums[o + F_OFFSET]!, end: this.nums[o + F_OFFSET]! + 30 + this.nums[o + F_CSIZE]!}
  }
}

interface ZipSource {
  open(): Promise<yauzl.ZipFile>
  cleanup?(): Promise<void>
}

/**
 * Yields the members of a ZIP (given by path on disk or as a buffer) as virtual files; nested
 * archives are followed up to `limits.maxDepth`.
 */
export async function* walkZip(
  source: {file: string | Buffer} | {buffer: Buffer},
  prefix: string,
  depth: number,
  limits: EvidenceLimits,
  budget: ByteBudget,
  warn: WarnFn,
  /** Set for a ZIP that is evidence itself (not the collection container): list its members. */
  listing?: {sha256: string | Promise<string>; size: number; mtime?: Date},
): AsyncGenerator<VirtualFile> {
  const opts: yauzl.Options = {lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true}
  const src: ZipSource =
    'file' in source
      ? {open: () => openCached(source.file, opts)}
      : {open: () => zipLib().fromBufferPromise(source.buffer, opts)}
  let zip: yauzl.ZipFile
  try {
    zip = await src.open()
  } catch (error) {
    warn(`${prefix}: not a readable ZIP archive (${(error as Error).message}); re-zip it with zip or 7z if it came from macOS Archive Utility`)
    return
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      warn(`${prefix}: ${zip.entryCount} entries exceed the entry limit (${limits.maxEntries}); only the first ${limits.maxEntries} are read`)
    }
    const entries = new EntryTable()
    try {
      for await (const entry of zip.eachEntry()) {
        if (entries.length >= limits.maxEntries) break
        const name = zipLib().getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false)
        entries.add(entry, name, extendedTime(entry), entry.getLastModDate({timezone: 'UTC'}))
      }
    } catch (error) {
      warn(`${prefix}: central directory unreadable after ${entries.length} entries (${(error as Error).message}); the rest of the archive is not read`)
    }
    const shadowed = checkOverlaps(entries, prefix, warn)
    // total inflate work is bounded by the archive's real size times the ratio limit
    const realSize = 'file' in source ? (await stat(source.file)).size : source.buffer.length
    const workLimit = Math.max(realSize, limits.ratioMinBytes) * limits.maxRatio
    let work = 0

    const makeFile = (entry: yauzl.Entry, name: string, mtime: Date): VirtualFile => ({
      path: `${prefix}!${name}`,
      size: entry.uncompressedSize,
      mtime,
      async open(): Promise<Readable> {
        const raw = await zip.openReadStreamPromise(entry)
        const counted = countingStream(budget, limits, `${prefix}!${name}`)
        raw.on('error', (e) => counted.destroy(e))
        return raw.pipe(counted)
      },
      sibling(suffix: string, refused?: (reason: string) => void) {
        const i = entries.indexOf(name + suffix)
        if (i === undefined) return undefined
        const sib = entries.member(i)
        if (isSymlinkEntry(sib.entry)) {
          refused?.(`side file ${prefix}!${sib.name}: a symlink entry (its data is a link target, not the file), not used`)
          return undefined
        }
        return makeFile(sib.entry, sib.name, sib.mtime)
      },
      neighbour(other: string, refused?: (reason: string) => void) {
        const i = entries.indexOfIgnoringCase(name.slice(0, name.lastIndexOf('/') + 1) + other)
        if (i === undefined) return undefined
        const sib = entries.member(i)
        if (sib.entry.isEncrypted() || !sib.entry.canDecodeFileData()) return undefined
        if (isSymlinkEntry(sib.entry)) {
          refused?.(`side file ${prefix}!${sib.name}: a symlink entry (its data is a link target, not the file), not used`)
          return undefined
        }
        return makeFile(sib.entry, sib.name, sib.mtime)
      },
    })

    if (listing) {
      // members are read and hashed while the scan consumes this listing, before the walk goes on
      const archive: ArchiveListing = {
        members: listMembers(zip, entries, limits, budget, prefix, warn, shadowed),
        sha256: Promise.resolve(listing.sha256),
        comment: zip.comment ? String(zip.comment) : '',
      }
      yield {
        path: prefix, size: listing.size, mtime: listing.mtime, archive,
        open: () => Promise.reject(new Error('an archive listing has no byte stream of its own')),
        sibling: () => undefined,
      }
    }

    for (let i = 0; i < entries.length; i++) {
      const {entry, name, mtime} = entries.member(i)
      if (name.endsWith('/') || shadowed.has(i)) continue
      const hostile = hostileNameReason(name)
      if (hostile) warn(`${prefix}: entry name ${JSON.stringify(name)} is hostile (${hostile}); read in place, never written`)
      if (entry.isEncrypted()) {
        warn(`${prefix}!${name}: encrypted entry, present but not parsed`)
        continue
      }
      if (!entry.canDecodeFileData()) {
        warn(`${prefix}!${name}: compression method ${entry.compressionMethod} not supported, present but not parsed`)
        continue
      }
      if (
        entry.uncompressedSize > limits.ratioMinBytes &&
        entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio
      ) {
        const ratio = Math.round(entry.uncompressedSize / Math.max(entry.compressedSize, 1))
        warn(`${prefix}!${name}: compression ratio ${ratio}:1 exceeds the limit (${limits.maxRatio}:1), not read (possible zip bomb)`)
        continue
      }
      if (work + entry.uncompressedSize > workLimit) {
        warn(`${prefix}: members total more than ${limits.maxRatio} times the archive's ${realSize} bytes; remaining entries not read (possible zip bomb)`)
        break
      }
      work += entry.uncompressedSize
      if (budget.used >= limits.maxArchiveBytes) {
        warn(`${prefix}: archive byte limit (${limits.maxArchiveBytes} bytes uncompressed) reached; remaining entries not read`)
        break
      }
      const file = makeFile(entry, name, mtime)
      if (/\.zip$/i.test(name) && entry.uncompressedSize >= 22) {
        if (depth + 1 > limits.maxDepth) {
          warn(`${file.path}: nested archive deeper than ${limits.maxDepth} levels, not followed`)
          yield file
          continue
        }
        if (entry.uncompressedSize > limits.maxNestedArchiveBytes) {
          warn(`${file.path}: nested archive of ${entry.uncompressedSize} bytes exceeds ${limits.maxNestedArchiveBytes}, not followed`)
          yield file
          continue
        }
        const spilled = await spillNested(file, warn)
        if (spilled) {
          try {
            yield* walkZip(spilled.source, file.path, depth + 1, limits, budget, warn, {sha256: spilled.sha256, size: file.size, mtime: file.mtime})
          } finally {
            await spilled.cleanup()
          }
          continue
        }
      }
      yield file
    }
  } finally {
    zip.close()
  }
}

/** A member stored as a Unix symlink (made by Unix, mode S_IFLNK in the external attributes). */
function isSymlinkEntry(entry: yauzl.Entry): boolean {
  return entry.versionMadeBy >> 8 === 3 && ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000
}

/** Copies a nested archive into memory (small) or a private temp file so yauzl can seek in it. */
async function spillNested(
  file: VirtualFile,
  warn: WarnFn,
): Promise<{source: {file: string} | {buffer: Buffer}; sha256: string; cleanup(): Promise<void>} | undefined> {
  try {
    const hash = createHash('sha256')
    if (file.size <= 32 * 1024 * 1024) {
      const chunks: Buffer[] = []
      const s = await file.open()
      for await (const c of s as AsyncIterable<Buffer>) chunks.push(c)
      const buffer = Buffer.concat(chunks)
      if (!looksLikeZip(buffer)) return undefined
      return {source: {buffer}, sha256: hash.update(buffer).digest('hex'), cleanup: async () => {}}
    }
    const dir = makeTempDir('dprk-triage-nested-')
    const cleanup = async () => removeTemp(dir)
    try {
      const target = join(dir, 'nested.zip')
      const s = await file.open()
      const tap = new PassThrough()
      tap.on('data', (c: Buffer) => hash.update(c))
      await pipeline(s, tap, createWriteStream(target, {flags: 'wx', mode: 0o600}))
      return {source: {file: target}, sha256: hash.digest('hex'), cleanup}
    } catch (error) {
      // a spill that fails half-way must not leave a copy of evidence behind
      await cleanup()
      throw error
    }
  } catch (error) {
    warn(`${file.path}: nested archive could not be read (${(error as Error).message})`)
    return undefined
  }
}

/** DOS date/time fields as a wall-clock string; the zone is the packing machine's, unknown. */
function dosWallTime(date: number, time: number): string | null {
  const day = date & 0x1f
  const month = (date >> 5) & 0xf
  const year = ((date >> 9) & 0x7f) + 1980
  const hour = time >> 11
  const minute = (time >> 5) & 0x3f
  const second = (time & 0x1f) * 2
  if (day < 1 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null
  const p = (n: number) => String(n).padStart(2, '0')
  return `${year}-${p(month)}-${p(day)} ${p(hour)}:${p(minute)}:${p(second)}`
}

/** UTC time from the Info-ZIP UT or NTFS extra field (yauzl getLastModDate's sources). */
function extendedTime(entry: yauzl.Entry): {time: string; source: 'unix-extra' | 'ntfs-extra'} | undefined {
  for (const f of entry.extraFields ?? []) {
    if (f.id === 0x5455 && f.data.length >= 5 && f.data[0]! & 1) {
      // whole seconds: keep the ISO string free of a fake fraction
      const t = isoFromEpochMicros(BigInt(f.data.readInt32LE(1)) * 1_000_000n)?.replace('.000000Z', 'Z')
      if (t) return {time: t, source: 'unix-extra'}
    }
    if (f.id === 0x000a && f.data.length === 32 && f.data.readUInt16LE(4) === 1 && f.data.readUInt16LE(6) === 24) {
      const ft = f.data.readBigUInt64LE(8)
      const t = isoFromEpochMicros((ft - 116444736000000000n) / 10n)
      if (t) return {time: t, source: 'ntfs-extra'}
    }
  }
  return undefined
}

/** Members hashed at once: two overlap a block load with hashing; more only held more buffers (measured). */
const HASH_WINDOW = 2

/**
 * Member listing of an evidence archive in central-directory order, hashing members up to the
 * size limit (CRC checked) a few at a time; only that window of members is held in memory.
 */
async function* listMembers(
  zip: yauzl.ZipFile,
  entries: EntryTable,
  limits: EvidenceLimits,
  budget: ByteBudget,
  prefix: string,
  warn: WarnFn,
  shadowed: ReadonlySet<number> = new Set(),
): AsyncGenerator<ArchiveMember> {
  const describe = async ({entry, name, ext}: ZipMember, index: number): Promise<ArchiveMember> => {
    const m: ArchiveMember = {
      name, size: entry.uncompressedSize, compressedSize: entry.compressedSize, crc32: entry.crc32,
      method: entry.compressionMethod, encrypted: entry.isEncrypted(),
      dosTime: dosWallTime(entry.lastModFileDate, entry.lastModFileTime), extendedTime: ext?.time ?? null,
      ...(ext ? {extendedSource: ext.source} : {}),
    }
    if (name.endsWith('/')) m.note = 'folder'
    else if (shadowed.has(index)) m.note = 'shares data with another entry: not read again'
    else if (m.encrypted) m.note = 'encrypted: not hashed'
    else if (!entry.canDecodeFileData()) m.note = `compression method ${entry.compressionMethod}: not hashed`
    else if (entry.uncompressedSize > limits.maxMemberHashBytes) m.note = `larger than ${limits.maxMemberHashBytes} bytes: not hashed`
    else if (entry.uncompressedSize > limits.ratioMinBytes && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limits.maxRatio) m.note = 'compression ratio over the limit: not hashed'
    else if (budget.used + entry.uncompressedSize > limits.maxArchiveBytes) m.note = 'archive byte limit reached: not hashed'
    else {
      try {
        const h = createHash('sha256')
        let crc = 0
        const direct = await directMemberBytes(zip, entry)
        if (direct) {
          countBytes(budget, limits, direct.length, `${prefix}!${name}`)
          m.sha256 = h.update(direct).digest('hex')
          m.crcOk = crc32(direct) >>> 0 === entry.crc32 >>> 0
          return m
        }
        const raw = await zip.openReadStreamPromise(entry)
        const counted = countingStream(budget, limits, `${prefix}!${name}`)
        raw.on('error', (e) => counted.destroy(e))
        for await (const c of raw.pipe(counted) as AsyncIterable<Buffer>) {
          h.update(c)
          crc = crc32(c, crc)
        }
        m.sha256 = h.digest('hex')
        m.crcOk = crc >>> 0 === entry.crc32 >>> 0
      } catch (error) {
        m.note = `unreadable: ${(error as Error).message}`
      }
    }
    return m
  }
  const window: Array<Promise<ArchiveMember>> = []
  let next = 0
  while (next < entries.length || window.length > 0) {
    while (next < entries.length && window.length < HASH_WINDOW) window.push(describe(entries.member(next), next++))
    const m = await window.shift()!
    if (m.crcOk === false) warn(`${prefix}!${m.name}: CRC-32 mismatch (stored ${(m.crc32 >>> 0).toString(16)})`)
    yield m
  }
}

/**
 * Overlapping local-file ranges are how non-recursive zip bombs multiply one payload. Returns
 * the entries whose data starts inside an earlier entry's (by offset, then directory order):
 * they are listed but never inflated, so each byte of the archive is read once.
 */
function checkOverlaps(entries: EntryTable, prefix: string, warn: WarnFn): Set<number> {
  const sorted = Array.from({length: entries.length}, (_, i) => ({i, ...entries.range(i)})).sort((a, b) => a.start - b.start || a.i - b.i)
  const shadowed = new Set<number>()
  let end = -1
  for (const r of sorted) {
    if (r.start < end) shadowed.add(r.i)
    else end = r.end
  }
  if (shadowed.size > 0) warn(`${prefix}: ${shadowed.size} entries share or overlap the data of another entry (a zip-bomb construction); they are listed once and not read again`)
  return shadowed
}
