// Reading a file on disk. A small file is read at once, synchronously, into a buffer of its own
// size: a stream costs a libuv pool round trip for each open, read and close, plus a fresh 1 MiB
// buffer per read, and most evidence files are a few KiB. On this machine that took a 100-case
// batch (-j 1) from 5.03 to 4.17 s, medians of alternating rounds (#17). Large files keep
// streaming in 1 MiB blocks.
import {closeSync, createReadStream, openSync, readSync} from 'node:fs'
import {Readable} from 'node:stream'

/** Files up to this size are read at once; the event loop waits ~0.09 ms for a cached MiB (measured here). */
export const READ_AT_ONCE_MAX_BYTES = 1024 * 1024

const STREAM_BLOCK_BYTES = 1024 * 1024

type HostPath = string | Buffer

/** Fills `buf` from `fd`'s current position until full or end of file; returns the bytes read. */
function fill(fd: number, buf: Buffer): number {
  let n = 0
  while (n < buf.length) {
    const r = readSync(fd, buf, n, buf.length - n, null)
    if (r === 0) break
    n += r
  }
  return n
}

/** The first `n` bytes of a file (fewer when it is shorter), read here: a sniff needs no stream. */
export function readHeadSync(abs: HostPath, n: number): Buffer {
  const fd = openSync(abs, 'r')
  try {
    const buf = Buffer.alloc(n)
    return buf.subarray(0, fill(fd, buf))
  } finally {
    closeSync(fd)
  }
}

/**
 * The bytes of a file listed at `size`, read at once when small. A file that grew since it was
 * listed gives what was read and the open descriptor, to go on from (the caller closes it).
 */
export function readAtOnce(abs: HostPath, size: number): {bytes: Buffer; grewFd?: number} {
  const fd = openSync(abs, 'r')
  let handedOn = false
  try {
    // one byte past the listed size tells a file that grew from one that ends there
    const buf = Buffer.allocUnsafe(size + 1)
    const n = fill(fd, buf)
    if (n < buf.length) return {bytes: buf.subarray(0, n)}
    handedOn = true
    return {bytes: buf, grewFd: fd}
  } finally {
    if (!handedOn) closeSync(fd)
  }
}

/** A read stream of a disk file; small files come as one chunk read at once (see above). */
export function openDiskFile(abs: HostPath, size: number): Readable {
  if (size > READ_AT_ONCE_MAX_BYTES) return createReadStream(abs, {flags: 'r', highWaterMark: STREAM_BLOCK_BYTES})
  let got: {bytes: Buffer; grewFd?: number}
  try {
    got = readAtOnce(abs, size)
  } catch (error) {
    // as a stream would: the error comes from the stream, not from opening it
    const s = new Readable({read() {}})
    s.destroy(error as Error)
    return s
  }
  const {bytes, grewFd} = got
  if (grewFd === undefined) {
    const s = new Readable({read() {}})
    if (bytes.length > 0) s.push(bytes)
    s.push(null)
    return s
  }
  const rest = createReadStream(abs, {fd: grewFd, start: bytes.length, highWaterMark: STREAM_BLOCK_BYTES})
  return Readable.from(
    (async function* () {
      try {
        yield bytes
        yield* rest as AsyncIterable<Buffer>
      } finally {
        rest.destroy()
      }
    })(),
    {objectMode: false},
  )
}
