// Wraps a virtual file as a parser's input: every byte a parser reads flows through one SHA-256,
// and SQLite copies go to a private temp folder that is removed after parsing.
import {createHash, type Hash} from 'node:crypto'
import {createWriteStream, statSync, writeFileSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {join} from 'node:path'
import {Transform, type Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'

import type {ArtifactInput, PathInfo, SideFile} from '../artifacts/types.js'
import {makeTempDir, removeTemp} from '../core/temp-registry.js'
import {READ_AT_ONCE_MAX_BYTES} from '../evidence/disk-read.js'
import type {VirtualFile} from '../evidence/virtual-file.js'
import {digestFile, PARALLEL_HASH_MIN_BYTES} from './parallel-hash.js'

/** Block size of `blocks()` on disk files. */
const BLOCK_BYTES = 1024 * 1024

export class HashedInput implements ArtifactInput {
  readonly size: number
  readonly mtime?: Date
  private hash: Hash = createHash('sha256')
  private hashedBytes = 0
  private complete = false
  private used = false
  private tempDirs: string[] = []
  /** Large files on disk: hashed by a worker thread while the parser reads them. */
  private parallel?: Promise<{sha256: string; size: number}>

  constructor(
    readonly info: PathInfo,
    private readonly file: VirtualFile,
  ) {
    this.size = file.size
    this.mtime = file.mtime
  }

  async stream(): Promise<Readable> {
    if (this.used) throw new Error('artifact stream opened twice')
    this.used = true
    const src = await this.file.open()
    if (this.file.compressed) {
      // decoded bytes flow to the parser; the record hashes the stored (compressed) bytes
      this.parallel = this.file.compressed.digest()
      this.parallel.catch(() => {}) // awaited in sha256()
      return src
    }
    if (this.file.digestInParallel && this.size >= PARALLEL_HASH_MIN_BYTES) {
      this.parallel = this.file.digestInParallel()
      this.parallel.catch(() => {}) // awaited in sha256(), which falls back to hashing here
      return src
    }
    const tap = new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.hash.update(chunk)
        this.hashedBytes += chunk.length
        cb(null, chunk)
      },
      flush: (cb) => {
        this.complete = true
        cb()
      },
    })
    src.on('error', (e) => tap.destroy(e))
    return src.pipe(tap)
  }

  async *blocks(): AsyncGenerator<Buffer> {
    const path = this.file.diskPath
    if (path === undefined || this.file.compressed || !this.file.digestInParallel || this.size < PARALLEL_HASH_MIN_BYTES) {
      yield* (await this.stream()) as AsyncIterable<Buffer>
      return
    }
    if (this.used) throw new Error('artifact stream opened twice')
    this.used = true
    this.parallel = this.file.digestInParallel()
    this.parallel.catch(() => {}) // awaited in sha256(), which falls back to hashing here
    const fh = await open(path, 'r')
    try {
      // two buffers: the next block is read (in libuv's pool) while the caller scans this one
      const bufs = [Buffer.allocUnsafeSlow(BLOCK_BYTES), Buffer.allocUnsafeSlow(BLOCK_BYTES)]
      let i = 0
      let next = fh.read(bufs[0]!, 0, BLOCK_BYTES, null)
      for (;;) {
        const {bytesRead} = await next
        if (bytesRead === 0) break
        const cur = bufs[i]!
        i ^= 1
        next = fh.read(bufs[i]!, 0, BLOCK_BYTES, null)
        yield cur.subarray(0, bytesRead)
      }
      await next.catch(() => {})
    } finally {
      await fh.close()
    }
  }

  async readAll(maxBytes: number): Promise<Buffer> {
    if (this.size > maxBytes) throw new Error(`file of ${this.size} bytes is larger than the ${maxBytes}-byte limit for this kind`)
    const chunks: Buffer[] = []
    let n = 0
    for await (const c of (await this.stream()) as AsyncIterable<Buffer>) {
      n += c.length
      if (n > maxBytes) throw new Error(`file is larger than the ${maxBytes}-byte limit for this kind`)
      chunks.push(c)
    }
    return Buffer.concat(chunks)
  }

  async localCopy(sideSuffixes: readonly string[] = ['-wal', '-journal'], maxBytes = MAX_PRIVATE_COPY_BYTES): Promise<string> {
    // refused before anything is written: a sparse 1.5 GiB file would be 1.5 GB of temp disk
    if (this.size > maxBytes) throw new Error(`file of ${this.size} bytes is larger than the ${maxBytes}-byte limit for a private copy${sparseNote(this.file)}; not read`)
    const dir = makeTempDir('dprk-triage-')
    this.tempDirs.push(dir)
    const base = 'artifact'
    let budget = maxBytes - this.size
    // decoded bytes of a compressed file are bounded by the limit, stored ones by their listed size
    await copyBounded(await this.stream(), join(dir, base), this.file.compressed ? maxBytes : this.size, this.file.path)
    for (const suffix of sideSuffixes) {
      const sib = this.file.sibling(suffix, (reason) => this.sideFileWarnings.push(reason))
      if (!sib) continue
      if (sib.size > budget) {
        this.sideFileWarnings.push(`side file ${sib.path} of ${sib.size} bytes not used: the private copy is limited to ${maxBytes} bytes${sparseNote(sib)}`)
        continue
      }
      budget -= sib.size
      const h = createHash('sha256')
      const n = await copyBounded(await sib.open(), join(dir, base + suffix), sib.size, sib.path, h)
      this.recordSide({path: sib.path, size: n, sha256: h.digest('hex')})
    }
    return join(dir, base)
  }

  /** Side files not used (a symlink out of the evidence, over the copy limit): warnings for the artifact. */
  readonly sideFileWarnings: string[] = []

  private recordSide(s: {path: string; size: number; sha256: string}): void {
    if (!this.sideFilesUsed.some((u) => u.path === s.path)) this.sideFilesUsed.push(s)
  }

  /** Side files opened by the parser (hive logs), with their hashes, for the inventory. */
  readonly sideFilesUsed: Array<{path: string; size: number; sha256: string}> = []

  async randomAccessPath(maxBytes: number): Promise<string> {
    return this.pathOf(this.file, maxBytes, () => this.stream())
  }

  sideFile(name: string): SideFile | undefined {
    const f = this.file.neighbour?.(name, (reason) => this.sideFileWarnings.push(reason))
    if (!f) return undefined
    return {
      path: f.path,
      size: f.size,
      randomAccessPath: async (maxBytes: number) => {
        const p = await this.pathOf(f, maxBytes, () => f.open())
        const d = await digestFile(p, f.size)
        this.recordSide({path: f.path, size: d.size, sha256: d.sha256})
        return p
      },
    }
  }

  /** The disk file itself, or a bounded private copy of an archive member. */
  private async pathOf(file: VirtualFile, maxBytes: number, open: () => Promise<Readable>): Promise<string> {
    if (file.diskPath) return file.diskPath
    if (file.size > maxBytes) throw new Error(`file of ${file.size} bytes is larger than the ${maxBytes}-byte limit for a private copy`)
    const dir = makeTempDir('dprk-triage-')
    this.tempDirs.push(dir)
    const out = join(dir, 'random-access')
    let n = 0
    const bound = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        n += chunk.length
        cb(n > maxBytes ? new Error(`file is larger than the ${maxBytes}-byte limit for a private copy`) : null, chunk)
      },
    })
    await pipeline(await open(), bound, createWriteStream(out, {flags: 'wx', mode: 0o600}))
    return out
  }

  /** SHA-256 of the whole file; reads the rest (or all) when the parser stopped early. */
  async sha256(): Promise<string> {
    if (this.file.compressed) {
      const d = await this.file.compressed.digest()
      if (d.size !== this.size) throw new Error(`the file changed while it was read (${this.size} bytes listed, ${d.size} hashed)`)
      return d.sha256
    }
    if (this.parallel) {
      try {
        const d = await this.parallel
        if (d.size === this.size) return d.sha256
      } catch {
        // the worker failed: hash in this thread
      }
    }
    if (this.complete && this.hashedBytes === this.size) return this.hash.digest('hex')
    const h = createHash('sha256')
    for await (const c of (await this.file.open()) as AsyncIterable<Buffer>) h.update(c)
    return h.digest('hex')
  }

  async cleanup(): Promise<void> {
    for (const d of this.tempDirs) removeTemp(d)
    this.tempDirs = []
  }
}

/** Largest file (with its side files) copied to a private temp folder for SQLite. */
export const MAX_PRIVATE_COPY_BYTES = 1024 ** 3

/** ` (sparse: N bytes allocated)` when a file on disk holds far fewer blocks than its size says. */
function sparseNote(file: VirtualFile): string {
  if (!file.diskPath) return ''
  try {
    const st = statSync(file.diskPath)
    const allocated = st.blocks * 512
    return allocated < st.size / 2 ? ` (sparse: ${allocated} bytes allocated)` : ''
  } catch {
    return ''
  }
}

/**
 * Copies a stream to a new private file, never more than `size` bytes (the size listed when the
 * file was found): a file that grows while it is copied cannot fill the temp folder.
 */
async function copyBounded(src: Readable, out: string, size: number, label: string, hash?: Hash): Promise<number> {
  let n = 0
  const grew = () => new Error(`${label} grew while it was copied (more than the ${size} bytes listed)`)
  if (size <= READ_AT_ONCE_MAX_BYTES) {
    // a small file in one write: a write stream costs a pool round trip per open, write and close
    const chunks: Buffer[] = []
    for await (const c of src as AsyncIterable<Buffer>) {
      n += c.length
      if (n > size) {
        src.destroy()
        throw grew()
      }
      hash?.update(c)
      chunks.push(c)
    }
    writeFileSync(out, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, n), {flag: 'wx', mode: 0o600})
    return n
  }
  const bound = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length
      if (n > size) return cb(grew())
      hash?.update(chunk)
      cb(null, chunk)
    },
  })
  await pipeline(src, bound, createWriteStream(out, {flags: 'wx', mode: 0o600}))
  return n
}

