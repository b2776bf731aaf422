// The private copy of an artifact: the bytes and SHA-256 of the evidence, a file that grew while
// it was copied refused, and nothing left behind; small files go in one write, large ones streamed.
import {createHash, randomBytes} from 'node:crypto'
import {existsSync, readFileSync, statSync} from 'node:fs'
import {dirname} from 'node:path'
import {Readable} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {READ_AT_ONCE_MAX_BYTES} from '../../src/evidence/disk-read.js'
import type {VirtualFile} from '../../src/evidence/virtual-file.js'
import {HashedInput} from '../../src/lib/artifact-input.js'

const info = {path: 'History', logicalPath: 'C:/History', name: 'History', lower: 'c:/history'}

/** A file listed at `listed` bytes whose stream serves `bytes` in 64 KiB chunks. */
function memFile(bytes: Buffer, listed = bytes.length): VirtualFile {
  return {
    path: 'History', size: listed,
    async open() {
      const parts: Buffer[] = []
      for (let i = 0; i < bytes.length; i += 65536) parts.push(bytes.subarray(i, i + 65536))
      return Readable.from(parts, {objectMode: false})
    },
    sibling: () => undefined,
  }
}

describe('HashedInput.localCopy', () => {
  for (const size of [0, 5000, READ_AT_ONCE_MAX_BYTES, READ_AT_ONCE_MAX_BYTES + 1, 3 * READ_AT_ONCE_MAX_BYTES]) {
    it(`copies ${size} bytes exactly, private to this user, and hashes them`, async () => {
      const bytes = randomBytes(size)
      const input = new HashedInput(info, memFile(bytes))
      const copy = await input.localCopy([])
      expect(readFileSync(copy).equals(bytes)).toBe(true)
      expect(statSync(copy).mode & 0o777).toBe(0o600)
      expect(await input.sha256()).toBe(createHash('sha256').update(bytes).digest('hex'))
      await input.cleanup()
      expect(existsSync(dirname(copy))).toBe(false)
    })
  }

  for (const listed of [100, READ_AT_ONCE_MAX_BYTES + 100]) {
    it(`refuses a file listed at ${listed} bytes that grew while it was copied`, async () => {
      const input = new HashedInput(info, memFile(randomBytes(listed + 70000), listed))
      await expect(input.localCopy([])).rejects.toThrow(`History grew while it was copied (more than the ${listed} bytes listed)`)
      await input.cleanup()
    })
  }
})
