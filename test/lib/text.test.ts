// The line splitter behind the gigabyte-log readers: physical line numbers stay exact whatever the
// chunking, and a skipper never hides a line it did not approve.
import {Readable} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {forEachRawLine, type LineSkipper} from '../../src/lib/text.js'

/** Skips every line that does not contain KEEP (a stand-in for the trace's routine-line test). */
class SkipUnlessKeep implements LineSkipper {
  skipped = 0
  private b = Buffer.alloc(0)
  chunk(bytes: Buffer): void {
    this.b = bytes
  }
  skipFrom(start: number): number {
    let p = start
    for (;;) {
      const nl = this.b.indexOf(10, p)
      if (nl === -1 || this.b.subarray(p, nl).includes('KEEP')) return p
      this.skipped++
      p = nl + 1
    }
  }
}

function chunked(data: Buffer, sizes: number[]): Readable {
  const parts: Buffer[] = []
  for (let o = 0, i = 0; o < data.length; i++) {
    const n = sizes[i % sizes.length]!
    parts.push(data.subarray(o, o + n))
    o += n
  }
  return Readable.from(parts)
}

function countParts(total: number, sizes: number[]): number {
  let n = 0
  for (let o = 0, i = 0; o < total; i++, n++) o += sizes[i % sizes.length]!
  return n
}

describe('forEachRawLine with a skipper', () => {
  // lines of varying length, CRLF and LF, some marked KEEP; > 64 KiB so chunks are sliced
  const lines: string[] = []
  for (let i = 1; i <= 30_000; i++) lines.push(`${i % 7 === 0 ? 'KEEP ' : ''}line ${i} ${'x'.repeat(i % 53)}${i % 3 === 0 ? '\r' : ''}`)
  const data = Buffer.from(lines.join('\n') + '\n', 'latin1')

  for (const sizes of [[data.length], [1 << 20], [65_536 + 17], [1, 7, 300, 70_000], [4096]]) {
    it(`reports every KEEP line with its physical number (chunks of ${sizes.join('/')} bytes)`, async () => {
      const seen = new Map<number, string>()
      await forEachRawLine(chunked(data, sizes), (bytes, n) => void seen.set(n, bytes.toString('latin1')), 1024 * 1024, undefined, new SkipUnlessKeep())
      const keep = lines.map((l, i) => [i + 1, l] as const).filter(([, l]) => l.includes('KEEP'))
      for (const [n, l] of keep) expect(seen.get(n)).toBe(l.replace(/\r$/, ''))
      // lines that crossed a chunk boundary may reach the callback too, always with their own number
      for (const [n, text] of seen) expect(text).toBe(lines[n - 1]!.replace(/\r$/, ''))
      // at most one crossing line per chunk or 64 KiB slice boundary: everything else was skipped
      const boundaries = Math.ceil(data.length / 65_536) + countParts(data.length, sizes)
      expect(seen.size).toBeLessThanOrEqual(keep.length + boundaries)
    })
  }

  it('counts skipped lines into the numbers of the lines after them, across calls', async () => {
    const text = Buffer.from('a\nb\nKEEP c\nd\ne\nKEEP f', 'latin1')
    const seen: Array<[number, string]> = []
    await forEachRawLine(Readable.from([text]), (b, n) => void seen.push([n, b.toString()]), 1024, undefined, new SkipUnlessKeep())
    expect(seen).toEqual([[3, 'KEEP c'], [6, 'KEEP f']])
  })
})
