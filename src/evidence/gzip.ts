// Rotated logs are gzipped (`syslog.2.gz`, `kern.log.3.gz`): a `.gz` file in the evidence is
// read as its decompressed content, streamed through node:zlib, with the ZIP member limits
// (ratio and total bytes). The artifact keeps the stored path and hashes the stored bytes.
import {createHash} from 'node:crypto'
import {Transform, type Readable} from 'node:stream'
import {createGunzip, type Gunzip} from 'node:zlib'

import type {PathInfo} from '../artifacts/types.js'
import {PARALLEL_HASH_MIN_BYTES} from '../lib/parallel-hash.js'
import {pathInfoOf} from './paths.js'
import {readHead, type CompressedSource, type EvidenceLimits, type VirtualFile, type WarnFn} from './virtual-file.js'
import {LimitError, type ByteBudget} from './zip.js'

const GZ_NAME = /\.gz$/i
/** `.tar.gz` is an archive of files, not one log: left as it is. */
const TAR_GZ_NAME = /\.tar\.gz$/i

export function looksLikeGzip(head: Buffer): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8
}

/**
 * Passes the walk's files on, with every `*.gz` that really is gzip replaced by its decoded
 * view. One byte budget per evidence argument, like its ZIPs.
 */
export async function* gunzipFiles(files: AsyncIterable<VirtualFile>, limits: EvidenceLimits, warn: WarnFn): AsyncGenerator<VirtualFile> {
  const budget: ByteBudget = {used: 0}
  for await (const file of files) {
    if (file.archive || !GZ_NAME.test(file.path) || TAR_GZ_NAME.test(file.path)) {
      yield file
      continue
    }
    let head: Buffer
    try {
      head = await readHead(file, 3)
    } catch (error) {
      warn(`${file.path}: unreadable (${(error as Error).message})`)
      continue
    }
    if (!looksLikeGzip(head)) {
      // named .gz but not gzip: the parsers see it as it is
      yield file
      continue
    }
    yield gunzipped(file, limits, budget)
  }
}

/** The decoded view of a gzip file: each `open()` decompresses the stored bytes afresh. */
export function gunzipped(stored: VirtualFile, limits: EvidenceLimits, budget: ByteBudget): VirtualFile {
  let decoded: number | undefined
  let digest: Promise<{sha256: string; size: number}> | undefined
  const compressed: CompressedSource = {
    encoding: 'gzip',
    contentPath: stored.path.replace(GZ_NAME, ''),
    digest() {
      digest ??= storedDigest(stored)
      return digest
    },
    decodedSize: () => decoded,
  }
  return {
    path: stored.path,
    size: stored.size,
    mtime: stored.mtime,
    compressed,
    async open(): Promise<Readable> {
      const raw = await stored.open()
      const gunzip = createGunzip()
      const guard = limitStream(gunzip, limits, budget, (n) => {
        decoded = n
      })
      raw.on('error', (e) => gunzip.destroy(e))
      gunzip.on('error', (e) => guard.destroy(new Error(`gzip data unreadable: ${e.message}${/unexpected end/i.test(e.message) ? ' (truncated file)' : ''}`)))
      return raw.pipe(gunzip).pipe(guard)
    },
    // side files (`-wal`) belong to SQLite databases, never to a gzipped log
    sibling: () => undefined,
  }
}

/**
 * Counts decoded bytes against the ratio limit and the budget, as ZIP members are counted. The
 * ratio is to the stored bytes zlib has consumed so far (`bytesWritten`), so a bomb stops
 * after the first MiB rather than at its end.
 */
function limitStream(gunzip: Gunzip, limits: EvidenceLimits, budget: ByteBudget, onEnd: (n: number) => void): Transform {
  let out = 0
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      out += chunk.length
      budget.used += chunk.length
      if (out > limits.ratioMinBytes && out / Math.max(gunzip.bytesWritten, 1) > limits.maxRatio) {
        return cb(new LimitError(`compression ratio over the limit (${limits.maxRatio}:1: ${out} bytes from ${gunzip.bytesWritten} stored bytes); not read further (possible gzip bomb)`))
      }
      if (budget.used > limits.maxArchiveBytes) {
        return cb(new LimitError(`archive byte limit (${limits.maxArchiveBytes} bytes uncompressed) reached while decompressing`))
      }
      cb(null, chunk)
    },
    flush(cb) {
      onEnd(out)
      cb()
    },
  })
}

async function storedDigest(stored: VirtualFile): Promise<{sha256: string; size: number}> {
  if (stored.digestInParallel && stored.size >= PARALLEL_HASH_MIN_BYTES) return stored.digestInParallel()
  const h = createHash('sha256')
  let size = 0
  for await (const c of (await stored.open()) as AsyncIterable<Buffer>) {
    h.update(c)
    size += c.length
  }
  return {sha256: h.digest('hex'), size}
}

/** What parsers recognise a file by: a decoded `.gz` by its name without `.gz`. */
export function contentInfoOf(file: VirtualFile): PathInfo {
  if (!file.compressed) return pathInfoOf(file.path)
  return {...pathInfoOf(file.compressed.contentPath), path: file.path}
}
