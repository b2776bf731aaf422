// Issue #18.1 input class: megabytes of CP949 text and of stray high bytes in a text log. The old
// decoder threw per invalid byte sequence and built its output a character at a time (minutes
// and gigabytes for a few MiB); now each case is linear, bounded in time and memory (16 MiB: the
// trace reader's own per-line work, not the decoder, sets the time on a loaded machine).
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {checkedScan, FuzzHost} from '../support/fuzz.js'

let big: FuzzHost
beforeAll(() => {
  big = new FuzzHost(512)
})
afterAll(async () => {
  await big.close()
})

// remote-access-artifacts.md §1 trace columns; the message carries the non-UTF-8 bytes
const prefix = (t: string) => Buffer.from(`   info 2022-08-23 ${t}       gsvc   4628   3528   23                anynet.any_socket - `)
// "접속 C:\Users\김철수\문서 별칭 홍길동" in CP949 (Python codecs)
const CP949 = Buffer.from('c1a2bcd320433a5c55736572735cb1e8c3b6bcf65cb9aebcad20bab0c4aa20c8abb1e6b5bf', 'hex')

function trace(bytes: number, message: (i: number) => Buffer): Buffer {
  const parts: Buffer[] = []
  let n = 0
  for (let i = 0; n < bytes; i++) {
    // a session request (not a routine line the trace reader skips undecoded); long lines, as
    // the cost under test is the decoder's, not the session assembler's per line
    const line = Buffer.concat([prefix(`10:20:${String(i % 60).padStart(2, '0')}.125`), Buffer.from('Incoming session request: '), message(i), Buffer.from(' (547911884)\n')])
    parts.push(line)
    n += line.length
  }
  return Buffer.concat(parts)
}

describe('fuzz: non-UTF-8 text at scale', () => {
  const cases: Array<[string, () => Buffer, RegExp]> = [
    ['16 MiB of CP949 lines', () => trace(16 * 1024 * 1024, () => Buffer.concat(Array(100).fill(CP949))), /decoded as code page euc-kr \(detected/],
    ['16 MiB of stray high bytes', () => trace(16 * 1024 * 1024, (i) => Buffer.alloc(4000, 0x80 + (i % 128))), /shown as \\xNN/],
  ]
  for (const [name, make, note] of cases) {
    it(`${name} in an AnyDesk trace: under 30 s and 500 MB, decoding stated`, async () => {
      const dir = big.evidence({'Users/u/AppData/Roaming/AnyDesk/ad.trace': make()})
      const {outcome, problems} = await checkedScan(big, dir, {timeoutMs: 30_000})
      expect(problems).toEqual([])
      const r = outcome.reply!
      expect(r.artifacts.map((a) => a.kind)).toEqual(['anydesk.trace'])
      expect(r.artifacts[0]!.notes?.join('\n')).toMatch(note)
      expect(r.ms).toBeLessThan(30_000)
      expect(r.maxRss).toBeLessThan(500 * 1024 * 1024)
    }, 90_000)
  }
})
