// A forward-reading JSON cursor over a file, by byte offset: structure (objects, arrays, keys) is
// walked here and each value wanted is handed to JSON.parse as a whole. A saved report's events
// are read one at a time and can be skipped without parsing, so a report of any size is read in
// bounded memory, and the byte offset of a case or its events can be noted and returned to.
// Any JSON layout is accepted (not only the one report/json.ts writes).
import {closeSync, openSync, readSync} from 'node:fs'

const CHUNK = 256 * 1024
const WS = new Uint8Array(256)
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1
const QUOTE = 0x22
const BACKSLASH = 0x5c

export class JsonSyntaxError extends Error {}

export class JsonCursor {
  private fd: number
  private buf = Buffer.allocUnsafe(CHUNK)
  /** File offset of buf[0]. */
  private base = 0
  private len = 0
  private i = 0

  constructor(readonly file: string) {
    this.fd = openSync(file, 'r')
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }

  /** File offset of the next unread byte. */
  get pos(): number {
    return this.base + this.i
  }

  seek(offset: number): void {
    if (offset >= this.base && offset <= this.base + this.len) {
      this.i = offset - this.base
      return
    }
    this.base = offset
    this.len = 0
    this.i = 0
  }

  private fill(): boolean {
    this.base += this.len
    this.i = 0
    this.len = readSync(this.fd, this.buf, 0, CHUNK, this.base)
    return this.len > 0
  }

  private fail(what: string): never {
    throw new JsonSyntaxError(`${this.file}: not valid JSON at byte ${this.pos}: ${what}`)
  }

  /** The next non-blank byte without consuming it; -1 at the end of the file. */
  peek(): number {
    for (;;) {
      while (this.i < this.len) {
        const c = this.buf[this.i]!
        if (!WS[c]) return c
        this.i++
      }
      if (!this.fill()) return -1
    }
  }

  expect(ch: string): void {
    const c = this.peek()
    if (c !== ch.charCodeAt(0)) this.fail(`expected "${ch}", found ${c === -1 ? 'end of file' : JSON.stringify(String.fromCharCode(c))}`)
    this.i++
  }

  /** Consumes `ch` if it is next. */
  accept(ch: string): boolean {
    if (this.peek() !== ch.charCodeAt(0)) return false
    this.i++
    return true
  }

  /** The next value, parsed. */
  value(): unknown {
    const text = this.scan(true)!
    try {
      return JSON.parse(text)
    } catch (error) {
      this.fail((error as Error).message)
    }
  }

  /** Moves past the next value without parsing it. */
  skip(): void {
    this.scan(false)
  }

  /** Walks one value (string, number, literal, object or array), keeping its text when asked. */
  private scan(keep: boolean): string | undefined {
    const first = this.peek()
    if (first === -1) this.fail('unexpected end of file')
    const parts: Buffer[] = []
    let depth = 0
    let inString = false
    let escape = false
    let started = false
    const primitive = first !== QUOTE && first !== 0x7b && first !== 0x5b
    for (;;) {
      let start = this.i
      let done = false
      const buf = this.buf
      const len = this.len
      let i = this.i
      for (; i < len; i++) {
        const c = buf[i]!
        if (inString) {
          if (escape) escape = false
          else if (c === BACKSLASH) escape = true
          else if (c === QUOTE) {
            inString = false
            if (depth === 0) {
              i++
              done = true
              break
            }
          }
          continue
        }
        if (primitive) {
          if (WS[c] || c === 0x2c || c === 0x7d || c === 0x5d) {
            done = true
            break
          }
          continue
        }
        if (c === QUOTE) {
          inString = true
          started = true
        } else if (c === 0x7b || c === 0x5b) {
          depth++
          started = true
        } else if (c === 0x7d || c === 0x5d) {
          depth--
          if (depth === 0) {
            i++
            done = true
            break
          }
        } else if (!started && !WS[c]) this.fail('unexpected character')
      }
      if (keep) parts.push(Buffer.from(buf.subarray(start, i)))
      this.i = i
      if (done) break
      if (!this.fill()) {
        if (primitive) break
        this.fail('unexpected end of file')
      }
      start = 0
    }
    return keep ? Buffer.concat(parts).toString('utf8') : undefined
  }

  /**
   * Walks an object: calls `onKey` for each key with the cursor before its value, which the
   * callback must consume (value() or skip()).
   */
  object(onKey: (key: string) => void): void {
    this.expect('{')
    if (this.accept('}')) return
    for (;;) {
      if (this.peek() !== QUOTE) this.fail('expected a key')
      const key = this.value() as string
      this.expect(':')
      onKey(key)
      if (this.accept(',')) continue
      this.expect('}')
      return
    }
  }

  /** Walks an array: calls `onItem` with the cursor before each element, which it must consume. */
  array(onItem: (index: number) => void): void {
    this.expect('[')
    if (this.accept(']')) return
    for (let n = 0; ; n++) {
      onItem(n)
      if (this.accept(',')) continue
      this.expect(']')
      return
    }
  }

  /** Elements of an array one at a time, parsed (the cursor stays open between them). */
  *items(): Generator<unknown> {
    this.expect('[')
    if (this.accept(']')) return
    for (;;) {
      yield this.value()
      if (this.accept(',')) continue
      this.expect(']')
      return
    }
  }
}
