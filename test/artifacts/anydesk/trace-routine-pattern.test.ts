// The regex RoutineLines runs first (issue #17) against its byte checks, which define the
// routine lines (tested against full triage in keyword-triage.test.ts): the regex may leave a
// routine line to them but must never match a line they keep, at any chunk split.
import {Readable} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {isRoutineLine, RoutineLines} from '../../../src/artifacts/anydesk/trace.js'
import {messageKeys} from '../../../src/artifacts/anydesk/trace-grammar.js'
import {routineLinePattern} from '../../../src/artifacts/anydesk/trace-routine-pattern.js'
import {forEachRawLine} from '../../../src/lib/text.js'
import {mutatedLines, W, X} from './trace-lines.js'

const pattern = new RegExp(routineLinePattern(messageKeys()), 'y')
const matches = (s: string) => {
  pattern.lastIndex = 0
  return pattern.test(s)
}
const bytes = (s: string) => Buffer.from(s, 'latin1')

describe('routine-line pattern', () => {
  it('never matches a line the byte checks keep (20,000 seeded mutations, LF and CR LF)', () => {
    let matched = 0
    let keptByBoth = 0
    for (const line of mutatedLines(17, 20_000)) {
      for (const eol of ['\n', '\r\n']) {
        const routine = isRoutineLine(bytes(line + eol.slice(0, -1)))
        if (matches(line + eol)) {
          matched++
          expect(routine, JSON.stringify(line)).toBe(true)
        } else if (!routine) keptByBoth++
      }
    }
    // both kinds are common: the test exercises the pattern on either side of the line
    expect(matched).toBeGreaterThan(5_000)
    expect(keptByBoth).toBeGreaterThan(5_000)
  })

  it('matches the common routine lines of both layouts and none with a key, NUL, CR or U+2028', () => {
    for (const l of [W('Relay connector started.'), W('', {comp: 'main', fiber: ''}), X('Spawning child fiber 31 (parent 3).'), W('\xc3\xa9t\xe9 - x')]) expect(matches(`${l}\r\n`)).toBe(true)
    for (const m of ['Accept request from 1.', '7: Connecting to 1', 'a tUnNeL', "x 'any", 'x\0y', 'x\ry', 'x\xe2\x80\xa8y', '- x', 'by Authenticated x']) {
      expect(matches(`${W(m)}\n`), m).toBe(false)
    }
    // a line is matched whole: the LF must follow, so an unterminated tail is never skipped
    expect(matches(W('Relay connector started.'))).toBe(false)
  })
})

describe('RoutineLines over chunks', () => {
  // the seeded lines, a routine line longer than a 64 KiB view and empty lines among them
  const lines = [...mutatedLines(23, 6_000), W(`Relay ${'x'.repeat(100_000)}`), '', '\r', ...mutatedLines(29, 2_000)]
  const file = bytes(lines.map((l, i) => l + (i % 3 === 0 ? '\r\n' : '\n')).join(''))
  // the bytes before each LF, and what onLine gets of them (one trailing CR stripped)
  const raw = lines.map((l, i) => (i % 3 === 0 ? `${l}\r` : l))
  const handed = raw.map((r) => (r.endsWith('\r') ? r.slice(0, -1) : r))
  const kept = raw.flatMap((r, i) => (isRoutineLine(bytes(r)) ? [] : [i + 1]))

  async function seen(chunkBytes: number): Promise<Map<number, string>> {
    const chunks: Buffer[] = []
    for (let at = 0; at < file.length; at += chunkBytes) chunks.push(file.subarray(at, at + chunkBytes))
    const got = new Map<number, string>()
    await forEachRawLine(Readable.from(chunks), (b, n) => void got.set(n, b.toString('latin1')), 1024 * 1024, undefined, new RoutineLines())
    return got
  }

  it('hand on every line the byte checks keep, with its number and bytes, at any chunk size', async () => {
    expect(kept.length).toBeGreaterThan(1_000)
    for (const size of [1, 7, 100, 4096, 65_535, 65_537, 300_000, file.length]) {
      const got = await seen(size)
      for (const n of kept) expect(got.get(n), `line ${n}, chunks of ${size}`).toBe(handed[n - 1])
      // lines a chunk boundary cuts reach onLine too; the rest were skipped
      if (size >= 65_535) expect(got.size).toBeLessThan(kept.length + (file.length / size + 1) * 2)
    }
  })
})
