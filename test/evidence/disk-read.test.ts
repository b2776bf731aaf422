// Disk reads: a small file at once in one chunk, a large one streamed; the bytes are the file's
// as it is when read (grown or shrunk since listing), errors come from the stream, and no
// descriptor is left open.
import {createHash, randomBytes} from 'node:crypto'
import {closeSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Readable} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {openDiskFile, readAtOnce, READ_AT_ONCE_MAX_BYTES, readHeadSync} from '../../src/evidence/disk-read.js'
import {digestFile} from '../../src/lib/parallel-hash.js'
import {tempDir} from '../support/tmp.js'

const openFds = () => readdirSync('/proc/self/fd').length

async function chunksOf(s: Readable): Promise<Buffer[]> {
  const out: Buffer[] = []
  for await (const c of s as AsyncIterable<Buffer>) out.push(c)
  return out
}

function fileWith(bytes: Buffer): string {
  const p = join(tempDir('disk-read-'), 'f.bin')
  writeFileSync(p, bytes)
  return p
}

describe('openDiskFile', () => {
  it('gives a small file as one chunk of exactly its bytes', async () => {
    const bytes = randomBytes(5000)
    const before = openFds()
    const chunks = await chunksOf(openDiskFile(fileWith(bytes), bytes.length))
    expect(chunks).toHaveLength(1)
    expect(chunks[0]!.equals(bytes)).toBe(true)
    expect(openFds()).toBe(before)
  })

  it('gives no chunk for an empty file', async () => {
    expect(await chunksOf(openDiskFile(fileWith(Buffer.alloc(0)), 0))).toEqual([])
  })

  it('reads what is there when the file shrank or grew since it was listed', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17)
    const p = fileWith(bytes)
    const before = openFds()
    // listed larger: the bytes that are there
    expect(Buffer.concat(await chunksOf(openDiskFile(p, bytes.length - 5 + 1000))).length).toBe(bytes.length)
    // listed small, now 3 MiB: read at once up to the listed size, the rest streamed from there
    const grown = await chunksOf(openDiskFile(p, 100))
    expect(grown.length).toBeGreaterThan(1)
    expect(grown[0]!.length).toBe(101)
    expect(Buffer.concat(grown).equals(bytes)).toBe(true)
    expect(openFds()).toBe(before)
  })

  it('closes the descriptor of a grown file when the reader stops early', async () => {
    const p = fileWith(randomBytes(2 * 1024 * 1024))
    const before = openFds()
    const s = openDiskFile(p, 10)
    for await (const c of s as AsyncIterable<Buffer>) {
      expect(c.length).toBe(11)
      break
    }
    await new Promise((r) => setTimeout(r, 50))
    expect(openFds()).toBe(before)
  })

  it('streams a large file in blocks with the same bytes', async () => {
    const bytes = randomBytes(READ_AT_ONCE_MAX_BYTES * 2 + 3)
    const chunks = await chunksOf(openDiskFile(fileWith(bytes), bytes.length))
    expect(chunks.length).toBeGreaterThan(1)
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true)
  })

  it('reports a file that cannot be opened as a stream error, not a throw', async () => {
    const s = openDiskFile(join(tempDir('disk-read-'), 'gone'), 10)
    await expect(chunksOf(s)).rejects.toMatchObject({code: 'ENOENT'})
  })
})

describe('readAtOnce', () => {
  it('hands on the open descriptor only when the file is larger than listed', () => {
    const p = fileWith(Buffer.from('0123456789'))
    expect(readAtOnce(p, 10)).toEqual({bytes: Buffer.from('0123456789')})
    const grew = readAtOnce(p, 4)
    expect(grew.bytes.toString()).toBe('01234')
    expect(typeof grew.grewFd).toBe('number')
    closeSync(grew.grewFd!)
  })
})

describe('readHeadSync', () => {
  it('gives the first n bytes, or the whole of a shorter file, and closes it', () => {
    const p = fileWith(Buffer.from('SQLite format 3\0rest'))
    const before = openFds()
    expect(readHeadSync(p, 6).toString()).toBe('SQLite')
    expect(readHeadSync(p, 100).toString()).toBe('SQLite format 3\0rest')
    expect(openFds()).toBe(before)
  })
})

describe('digestFile', () => {
  it('hashes the whole file whatever size it was listed at', async () => {
    const bytes = randomBytes(1024 * 1024 + 999)
    const p = fileWith(bytes)
    const want = createHash('sha256').update(bytes).digest('hex')
    for (const listed of [0, 1000, bytes.length, bytes.length + 1]) expect(await digestFile(p, listed)).toEqual({sha256: want, size: bytes.length})
  })
})
