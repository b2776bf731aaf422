// Synchronous random access to hive bytes. A hive is read by offsets (key tree, value lists),
// so the reader pulls byte ranges from a source: a Buffer, a file read in cached blocks (memory
// bounded whatever the hive's size), or an overlay that replays log pages in memory.
import {closeSync, openSync, readSync} from 'node:fs'

export interface ByteSource {
  readonly size: number
  /** Bytes [offset, offset+length) clipped to the source's end (shorter, never longer). */
  read(offset: number, length: number): Buffer
  close?(): void
}

export class BufferSource implements ByteSource {
  readonly size: number
  constructor(private readonly buf: Buffer) {
    this.size = buf.length
  }

  read(offset: number, length: number): Buffer {
    if (offset < 0 || offset >= this.size || length <= 0) return Buffer.alloc(0)
    return this.buf.subarray(offset, Math.min(this.size, offset + length))
  }
}

const BLOCK = 256 * 1024

/**
 * A file on disk read in 256 KiB blocks kept in a small LRU cache (default 32 MiB): a 500 MB
 * hive is walked without holding it. The file is opened read-only and never written.
 */
export class FileSource implements ByteSource {
  private readonly fd: number
  private readonly cache = new Map<number, Buffer>()
  constructor(
    path: string,
    readonly size: number,
    private readonly maxBlocks = 128,
  ) {
    this.fd = openSync(path, 'r')
  }

  private block(i: number): Buffer {
    const hit = this.cache.get(i)
    if (hit) {
      // refresh the LRU position
      this.cache.delete(i)
      this.cache.set(i, hit)
      return hit
    }
    const start = i * BLOCK
    const len = Math.min(BLOCK, this.size - start)
    const b = Buffer.allocUnsafe(Math.max(0, len))
    let got = 0
    while (got < len) {
      const n = readSync(this.fd, b, got, len - got, start + got)
      if (n === 0) break
      got += n
    }
    const blk = got === len ? b : b.subarray(0, got)
    if (this.cache.size >= this.maxBlocks) this.cache.delete(this.cache.keys().next().value as number)
    this.cache.set(i, blk)
    return blk
  }

  read(offset: number, length: number): Buffer {
    if (offset < 0 || offset >= this.size || length <= 0) return Buffer.alloc(0)
    const end = Math.min(this.size, offset + length)
    const first = Math.floor(offset / BLOCK)
    const last = Math.floor((end - 1) / BLOCK)
    if (first === last) {
      const b = this.block(first)
      return b.subarray(offset - first * BLOCK, Math.min(b.length, end - first * BLOCK))
    }
    const out = Buffer.allocUnsafe(end - offset)
    let pos = 0
    for (let i = first; i <= last; i++) {
      const b = this.block(i)
      const from = i === first ? offset - first * BLOCK : 0
      const to = Math.min(b.length, end - i * BLOCK)
      if (to <= from) break
      b.copy(out, pos, from, to)
      pos += to - from
    }
    return out.subarray(0, pos)
  }

  close(): void {
    this.cache.clear()
    closeSync(this.fd)
  }
}

const SECTOR = 512

/**
 * The hive as recovered from its logs, in memory: a new base block, a new length, and dirty
 * pages laid over the primary file's bytes. The primary is never modified.
 */
export class OverlaySource implements ByteSource {
  private readonly sectors = new Map<number, Buffer>()
  size: number
  constructor(
    private readonly base: ByteSource,
    size?: number,
  ) {
    this.size = size ?? base.size
  }

  /** Lays `bytes` at file offset `offset` (a multiple of 512), growing the image if needed. */
  write(offset: number, bytes: Buffer): void {
    for (let p = 0; p < bytes.length; p += SECTOR) {
      const s = Buffer.alloc(SECTOR)
      bytes.copy(s, 0, p, Math.min(bytes.length, p + SECTOR))
      if (p + SECTOR > bytes.length) {
        // a partial last sector keeps the rest of the bytes underneath
        const under = this.readRaw(offset + p + bytes.length - p, SECTOR - (bytes.length - p))
        under.copy(s, bytes.length - p)
      }
      this.sectors.set((offset + p) / SECTOR, s)
    }
    if (offset + bytes.length > this.size) this.size = offset + bytes.length
  }

  get dirtySectors(): number {
    return this.sectors.size
  }

  private readRaw(offset: number, length: number): Buffer {
    return this.read(offset, length)
  }

  read(offset: number, length: number): Buffer {
    if (offset < 0 || offset >= this.size || length <= 0) return Buffer.alloc(0)
    const end = Math.min(this.size, offset + length)
    const first = Math.floor(offset / SECTOR)
    const last = Math.floor((end - 1) / SECTOR)
    let any = false
    for (let i = first; i <= last; i++) if (this.sectors.has(i)) { any = true; break }
    if (!any) {
      const b = this.base.read(offset, end - offset)
      if (b.length === end - offset) return b
      // the image grew past the primary: zeros underneath
      const out = Buffer.alloc(end - offset)
      b.copy(out)
      return out
    }
    const out = Buffer.alloc(end - offset)
    for (let i = first; i <= last; i++) {
      const sStart = i * SECTOR
      const from = Math.max(offset, sStart)
      const to = Math.min(end, sStart + SECTOR)
      const s = this.sectors.get(i)
      if (s) s.copy(out, from - offset, from - sStart, to - sStart)
      else this.base.read(from, to - from).copy(out, from - offset)
    }
    return out
  }

  close(): void {
    this.base.close?.()
  }
}
