// Decoding evidence text safely: BOM/UTF-16 sniffing, lossless rendering of bytes that are not
// UTF-8, and line iteration over streams with physical line numbers.
import type {Readable} from 'node:stream'

const utf8Fatal = new TextDecoder('utf-8', {fatal: true})
const utf16le = new TextDecoder('utf-16le')
const utf16be = new TextDecoder('utf-16be')

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be'

/** Detects BOMs and BOM-less UTF-16 (every other byte NUL in the first bytes). */
export function sniffEncoding(head: Buffer): {encoding: TextEncoding; bomLength: number} {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return {encoding: 'utf-8', bomLength: 3}
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return {encoding: 'utf-16le', bomLength: 2}
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return {encoding: 'utf-16be', bomLength: 2}
  const n = Math.min(head.length - (head.length % 2), 512)
  if (n >= 4) {
    let evenZero = 0
    let oddZero = 0
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZero++
      if (head[i + 1] === 0) oddZero++
    }
    const pairs = n / 2
    if (oddZero / pairs > 0.6 && evenZero / pairs < 0.1) return {encoding: 'utf-16le', bomLength: 0}
    if (evenZero / pairs > 0.6 && oddZero / pairs < 0.1) return {encoding: 'utf-16be', bomLength: 0}
  }
  return {encoding: 'utf-8', bomLength: 0}
}

/**
 * UTF-8 when the bytes are valid UTF-8; otherwise every byte that is not part of a valid sequence
 * is written as `\xNN`, so ANSI code-page text (CP949, CP932) stays readable and lossless.
 */
export function decodeBytesLossless(buf: Buffer): string {
  let ascii = true
  for (let i = 0; i < buf.length; i++) {
    if (buf[i]! >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return buf.toString('latin1')
  try {
    return utf8Fatal.decode(buf)
  } catch {
    return escapeInvalidUtf8(buf)
  }
}

function escapeInvalidUtf8(buf: Buffer): string {
  let out = ''
  let i = 0
  while (i < buf.length) {
    const b = buf[i]!
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (len === 1) {
      out += String.fromCharCode(b)
      i++
      continue
    }
    if (len > 0 && i + len <= buf.length) {
      try {
        out += utf8Fatal.decode(buf.subarray(i, i + len))
        i += len
        continue
      } catch {
        // fall through to escaping this byte
      }
    }
    out += '\\x' + b.toString(16).padStart(2, '0')
    i++
  }
  return out
}

/** Decodes a whole small text file, honouring BOMs and BOM-less UTF-16. */
export function decodeText(buf: Buffer): {text: string; encoding: TextEncoding} {
  const {encoding, bomLength} = sniffEncoding(buf.subarray(0, 512))
  const body = buf.subarray(bomLength)
  if (encoding === 'utf-16le') return {text: utf16le.decode(body), encoding}
  if (encoding === 'utf-16be') return {text: utf16be.decode(body), encoding}
  return {text: decodeBytesLossless(body), encoding}
}

/** Splits decoded text into lines on CRLF or LF (a lone CR inside a line is kept). */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/)
  if (lines.length > 0 && lines.at(-1) === '') lines.pop()
  return lines
}

export interface RawLine {
  /** 1-based physical line number (count of LF before it, plus one). */
  number: number
  bytes: Buffer
}

/**
 * Iterates the LF-separated lines of an 8-bit text stream without decoding them, so the caller
 * can prefilter cheaply. A trailing CR is removed. Lines longer than `maxLineBytes` are cut
 * (the cut is reported through `onOverlong`) so a hostile 100 MB line cannot exhaust memory.
 */
export async function* iterateRawLines(
  stream: Readable,
  maxLineBytes = 1024 * 1024,
  onOverlong?: (lineNumber: number) => void,
): AsyncGenerator<RawLine> {
  let lines: RawLine[] = []
  const splitter = new LineSplitter((bytes, number) => void lines.push({number, bytes}), maxLineBytes, onOverlong)
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    splitter.push(chunk)
    yield* lines
    lines = []
  }
  splitter.end()
  yield* lines
}

/** Caps a raw evidence string for the report's `raw` field. */
export function capRaw(s: string, max = 2000): string {
  return s.length > max ? s.slice(0, max) + `… [${s.length - max} more characters]` : s
}

/**
 * A cheap first look at whole lines, on the latin1 text of the chunk that holds them (one
 * character per byte, so offsets are byte offsets). Lines it skips are only counted; the rest
 * reach `onLine` as bytes. Lines that cross a chunk boundary or are cut never reach it.
 */
export interface LineSkipper {
  /** A new chunk's text; called before any `skipFrom` on it. */
  chunk(text: string): void
  /**
   * Skips whole LF-ended lines of the current chunk from `start` while they need no further
   * look; returns where it stopped (a line to look at, or the unterminated tail) and adds the
   * lines it skipped to `skipped`.
   */
  skipFrom(start: number): number
  skipped: number
}

/**
 * Calls `onLine` synchronously for every LF-separated line of a stream (CR stripped, 1-based
 * physical line numbers). Same contract as iterateRawLines without an await per line, for
 * parsers that read gigabyte logs. Lines over `maxLineBytes` are cut and reported. With a
 * `skipper`, routine lines are dropped before a Buffer is made for them.
 */
export async function forEachRawLine(
  stream: Readable,
  onLine: (bytes: Buffer, lineNo: number) => void,
  maxLineBytes = 1024 * 1024,
  onOverlong?: (lineNumber: number) => void,
  skipper?: LineSkipper,
): Promise<void> {
  const splitter = new LineSplitter(onLine, maxLineBytes, onOverlong, skipper)
  for await (const chunk of stream as AsyncIterable<Buffer>) splitter.push(chunk)
  splitter.end()
}

const SKIP_SLICE_BYTES = 64 * 1024

/** Splits chunks into lines, carrying partial lines across chunks (shared by both readers). */
class LineSplitter {
  private carry: Buffer[] = []
  private carryLen = 0
  private overlong = false
  private lineNo = 1

  constructor(
    private readonly onLine: (bytes: Buffer, lineNo: number) => void,
    private readonly maxLineBytes: number,
    private readonly onOverlong?: (lineNumber: number) => void,
    private readonly skipper?: LineSkipper,
  ) {}

  private emit(piece: Buffer): void {
    if (this.overlong) this.onOverlong?.(this.lineNo)
    this.overlong = false
    const end = piece.length > 0 && piece[piece.length - 1] === 13 ? piece.length - 1 : piece.length
    this.onLine(end === piece.length ? piece : piece.subarray(0, end), this.lineNo++)
  }

  push(chunk: Buffer): void {
    if (this.skipper === undefined || chunk.length <= SKIP_SLICE_BYTES) return this.pushSlice(chunk)
    // a skipper reads text: slices of 64 KiB become ordinary young-generation strings, where
    // megabyte strings are external memory that sets off a full collection every few chunks
    for (let o = 0; o < chunk.length; o += SKIP_SLICE_BYTES) this.pushSlice(chunk.subarray(o, o + SKIP_SLICE_BYTES))
  }

  private pushSlice(chunk: Buffer): void {
    // with a skipper, lines are found in the chunk's latin1 text: string search runs inside V8,
    // where a Buffer search per line crosses into C++
    const text = this.skipper ? chunk.toString('latin1') : undefined
    if (text !== undefined) this.skipper!.chunk(text)
    let start = 0
    for (;;) {
      if (text !== undefined && this.carryLen === 0) {
        this.skipper!.skipped = 0
        start = this.skipper!.skipFrom(start)
        this.lineNo += this.skipper!.skipped
      }
      const nl = text !== undefined ? text.indexOf('\n', start) : chunk.indexOf(10, start)
      if (nl === -1) break
      if (this.carryLen > 0) {
        const total = this.carryLen + (nl - start)
        if (total > this.maxLineBytes) this.overlong = true
        this.carry.push(chunk.subarray(start, nl))
        this.emit(Buffer.concat(this.carry, Math.min(total, this.maxLineBytes)))
        this.carry = []
        this.carryLen = 0
      } else if (nl - start > this.maxLineBytes) {
        this.overlong = true
        this.emit(chunk.subarray(start, start + this.maxLineBytes))
      } else {
        this.emit(chunk.subarray(start, nl))
      }
      start = nl + 1
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      if (this.carryLen + rest.length > this.maxLineBytes) {
        this.overlong = true
        const room = this.maxLineBytes - this.carryLen
        if (room > 0) {
          this.carry.push(Buffer.from(rest.subarray(0, room)))
          this.carryLen += room
        }
      } else {
        // copy: the chunk's memory may be reused by the stream
        this.carry.push(Buffer.from(rest))
        this.carryLen += rest.length
      }
    }
  }

  end(): void {
    if (this.carryLen > 0 || this.overlong) this.emit(Buffer.concat(this.carry, this.carryLen))
  }
}
