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
  let carry: Buffer[] = []
  let carryLen = 0
  let overlong = false
  let lineNo = 1
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(10, start)
      if (nl === -1) break
      let piece = chunk.subarray(start, nl)
      if (carryLen > 0) {
        const total = carryLen + piece.length
        if (total > maxLineBytes) overlong = true
        piece = Buffer.concat([...carry, piece], Math.min(total, maxLineBytes))
        carry = []
        carryLen = 0
      } else if (piece.length > maxLineBytes) {
        piece = piece.subarray(0, maxLineBytes)
        overlong = true
      }
      if (overlong) onOverlong?.(lineNo)
      overlong = false
      if (piece.length > 0 && piece[piece.length - 1] === 13) piece = piece.subarray(0, piece.length - 1)
      yield {number: lineNo++, bytes: piece}
      start = nl + 1
    }
    const rest = chunk.subarray(start)
    if (rest.length > 0) {
      if (carryLen + rest.length > maxLineBytes) {
        overlong = true
        const room = maxLineBytes - carryLen
        if (room > 0) {
          carry.push(Buffer.from(rest.subarray(0, room)))
          carryLen += room
        }
      } else {
        // copy: the chunk's memory may be reused by the stream
        carry.push(Buffer.from(rest))
        carryLen += rest.length
      }
    }
  }
  if (carryLen > 0) {
    let piece = Buffer.concat(carry, carryLen)
    if (overlong) onOverlong?.(lineNo)
    if (piece[piece.length - 1] === 13) piece = piece.subarray(0, piece.length - 1)
    yield {number: lineNo, bytes: piece}
  }
}

/** Caps a raw evidence string for the report's `raw` field. */
export function capRaw(s: string, max = 2000): string {
  return s.length > max ? s.slice(0, max) + `… [${s.length - max} more characters]` : s
}

/**
 * Calls `onLine` synchronously for every LF-separated line of a stream (CR stripped, 1-based
 * physical line numbers). Same contract as iterateRawLines without an await per line, for
 * parsers that read gigabyte logs. Lines over `maxLineBytes` are cut and reported.
 */
export async function forEachRawLine(
  stream: Readable,
  /** `mayHaveNul` is false when the chunk the line came from holds no NUL byte at all. */
  onLine: (bytes: Buffer, lineNo: number, mayHaveNul: boolean) => void,
  maxLineBytes = 1024 * 1024,
  onOverlong?: (lineNumber: number) => void,
): Promise<void> {
  let carry: Buffer[] = []
  let carryLen = 0
  let overlong = false
  let lineNo = 1
  let nul = true
  const emit = (piece: Buffer, fromCarry = false) => {
    if (overlong) onOverlong?.(lineNo)
    overlong = false
    const end = piece.length > 0 && piece[piece.length - 1] === 13 ? piece.length - 1 : piece.length
    onLine(end === piece.length ? piece : piece.subarray(0, end), lineNo++, nul || fromCarry)
  }
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    // one native scan per chunk instead of one per line
    nul = chunk.indexOf(0) !== -1
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(10, start)
      if (nl === -1) break
      if (carryLen > 0) {
        const total = carryLen + (nl - start)
        if (total > maxLineBytes) overlong = true
        carry.push(chunk.subarray(start, nl))
        emit(Buffer.concat(carry, Math.min(total, maxLineBytes)), true)
        carry = []
        carryLen = 0
      } else if (nl - start > maxLineBytes) {
        overlong = true
        emit(chunk.subarray(start, start + maxLineBytes))
      } else {
        emit(chunk.subarray(start, nl))
      }
      start = nl + 1
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start)
      if (carryLen + rest.length > maxLineBytes) {
        overlong = true
        const room = maxLineBytes - carryLen
        if (room > 0) {
          carry.push(Buffer.from(rest.subarray(0, room)))
          carryLen += room
        }
      } else {
        carry.push(Buffer.from(rest))
        carryLen += rest.length
      }
    }
  }
  if (carryLen > 0 || overlong) emit(Buffer.concat(carry, carryLen), true)
}
