// Large files on disk are hashed by a worker thread while the parser reads them; the digest must
// be the file's, and a worker that hashed other bytes (the file changed) is not trusted.
import {createHash} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable} from 'node:stream'

import {afterAll, describe, expect, it} from 'vitest'

import {pathInfoOf} from '../../src/evidence/paths.js'
import type {VirtualFile} from '../../src/evidence/virtual-file.js'
import {HashedInput} from '../../src/lib/artifact-input.js'
import {hashFileInWorker, PARALLEL_HASH_MIN_BYTES} from '../../src/lib/parallel-hash.js'

const dir = mkdtempSync(join(tmpdir(), 'dprk-phash-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function bigFile(): {path: string; data: Buffer; sha: string} {
  const data = Buffer.alloc(PARALLEL_HASH_MIN_BYTES + 12_345)
  for (let i = 0; i < data.length; i += 4096) data.writeUInt32LE(i, i)
  const path = join(dir, 'big.trace')
  writeFileSync(path, data)
  return {path, data, sha: createHash('sha256').update(data).digest('hex')}
}

describe('parallel hashing', () => {
  const f = bigFile()

  it('hashFileInWorker gives the SHA-256 and size of the file', async () => {
    expect(await hashFileInWorker(f.path)).toEqual({sha256: f.sha, size: f.data.length})
  })

  it('a missing file is an error, not a crash', async () => {
    await expect(hashFileInWorker(join(dir, 'nope'))).rejects.toThrow()
  })

  const virtual = (digest: () => Promise<{sha256: string; size: number}>): {file: VirtualFile; calls: () => number} => {
    let calls = 0
    const file: VirtualFile = {
      path: 'big.trace', size: f.data.length,
      open: async () => Readable.from([f.data.subarray(0, 1 << 20), f.data.subarray(1 << 20)]),
      digestInParallel: () => {
        calls++
        return digest()
      },
      sibling: () => undefined,
    }
    return {file, calls: () => calls}
  }

  it('HashedInput takes the worker digest for a large file and reads the stream unhashed', async () => {
    const v = virtual(() => hashFileInWorker(f.path))
    const input = new HashedInput(pathInfoOf('big.trace'), v.file)
    let n = 0
    for await (const c of (await input.stream()) as AsyncIterable<Buffer>) n += c.length
    expect(n).toBe(f.data.length)
    expect(v.calls()).toBe(1)
    expect(await input.sha256()).toBe(f.sha)
  })

  it('a worker digest of another size (file changed) or a failed worker falls back to hashing here', async () => {
    for (const digest of [async () => ({sha256: '0'.repeat(64), size: 1}), async () => Promise.reject(new Error('worker died'))]) {
      const input = new HashedInput(pathInfoOf('big.trace'), virtual(digest).file)
      for await (const _ of (await input.stream()) as AsyncIterable<Buffer>);
      expect(await input.sha256()).toBe(f.sha)
    }
  })
})
