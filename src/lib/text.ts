// Decoding evidence text safely: BOM/UTF-16 sniffing, lossless rendering of bytes that are not
// UTF-8, and line iteration over streams with physical line numbers.
import {isUtf8} from 'node:buffer'
import type {Readable} from 'node:stream'

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
 * One line of evidence bytes as text, decided for the line as a whole: valid UTF-8; else the
 * code page of `decoding` when it decodes the line cleanly; else every non-ASCII byte as `\xNN`.
 * Never a mixture, so no character is printed that the evidence does not hold. Linear time.
 */
export function decodeBytesLossless(buf: Buffer, decoding?: TextDecoding, lineNo?: number): string {
  return decoding ? decoding.decodeLine(buf, lineNo) : decodeLineWith(buf, undefined).text
}

/** Code pages the decoder knows (WHATWG labels; Node's full ICU decodes them all). */
export const CODEPAGES = ['euc-kr', 'shift_jis', 'windows-1251', 'gbk', 'big5', 'windows-1252'] as const
export type Codepage = (typeof CODEPAGES)[number]

const CODEPAGE_ALIASES: Record<string, Codepage> = {
  'euc-kr': 'euc-kr', cp949: 'euc-kr', 'windows-949': 'euc-kr', uhc: 'euc-kr', 'ks_c_5601-1987': 'euc-kr',
  shift_jis: 'shift_jis', 'shift-jis': 'shift_jis', sjis: 'shift_jis', cp932: 'shift_jis', 'windows-31j': 'shift_jis',
  gbk: 'gbk', cp936: 'gbk', gb2312: 'gbk',
  big5: 'big5', cp950: 'big5',
  'windows-1251': 'windows-1251', cp1251: 'windows-1251',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252',
}

/** Names `--codepage` accepts. */
export const CODEPAGE_NAMES = Object.keys(CODEPAGE_ALIASES)

/** The code page a user named (`cp949`, `shift_jis`, `windows-1251`...), or undefined. */
export function parseCodepage(name: string): Codepage | undefined {
  return CODEPAGE_ALIASES[name.trim().toLowerCase()]
}

const cpDecoders = new Map<Codepage, InstanceType<typeof TextDecoder>>()
function cpDecoder(cp: Codepage): InstanceType<typeof TextDecoder> {
  let d = cpDecoders.get(cp)
  if (!d) cpDecoders.set(cp, (d = new TextDecoder(cp)))
  return d
}

const HEX_ESC = Array.from({length: 256}, (_, b) => '\\x' + b.toString(16).padStart(2, '0'))

/** Every byte >= 0x80 as `\xNN`, ASCII as is: one regex pass inside V8. */
function escapeHigh(buf: Buffer): string {
  return buf.toString('latin1').replace(/[\x80-\xff]/g, (c) => HEX_ESC[c.charCodeAt(0)]!)
}

/** Decodes with a code page; undefined when any byte sequence is invalid or unmapped there. */
function decodeCodepage(buf: Buffer, cp: Codepage): string | undefined {
  const t = cpDecoder(cp).decode(buf)
  // no code page maps a byte sequence to U+FFFD: its presence means a sequence did not decode
  return t.includes('\uFFFD') ? undefined : t
}

export type LineEncoding = 'utf-8' | Codepage | 'escaped'

function decodeLineWith(buf: Buffer, cp: Codepage | undefined): {text: string; encoding: LineEncoding} {
  if (isUtf8(buf)) return {text: buf.toString('utf8'), encoding: 'utf-8'}
  if (cp) {
    const t = decodeCodepage(buf, cp)
    if (t !== undefined) return {text: t, encoding: cp}
  }
  return {text: escapeHigh(buf), encoding: 'escaped'}
}

const isHan = (c: number) => c >= 0x4e00 && c <= 0x9fff
const isCjkPunct = (c: number) => (c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff5e) || c === 0xb7
const LATIN_EXTRA = new Set([0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e])

/**
 * Characters each code page's own text is made of. A code page is detected only when it
 * decodes every non-UTF-8 line cleanly and what it yields is mostly its own script: Korean
 * bytes read as Shift_JIS give half-width katakana, Chinese read as CP949 half hanja or as
 * CP1251 symbols, stray bytes read as CP1252 symbols and C1 controls.
 */
const SCRIPT: Record<Codepage, (c: number) => boolean> = {
  'euc-kr': (c) => (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3131 && c <= 0x318e) || isCjkPunct(c),
  shift_jis: (c) => (c >= 0x3040 && c <= 0x30ff) || isHan(c) || isCjkPunct(c),
  gbk: (c) => isHan(c) || isCjkPunct(c),
  big5: (c) => isHan(c) || isCjkPunct(c),
  'windows-1251': (c) => c >= 0x0400 && c <= 0x04ff,
  'windows-1252': (c) => (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) || LATIN_EXTRA.has(c),
}
// Cyrillic words stand apart from Latin ones; a Western accent sits inside a Latin word ("Café")
const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
/** Share of non-ASCII characters that must be the code page's own script. */
const SCRIPT_SHARE = 0.9
/** Fewer non-ASCII characters than this are too little to tell a code page from stray bytes. */
const MIN_DETECT_CHARS = 4

/** Scoring stops after this many non-ASCII characters; cleanliness is still checked to the end. */
const SCORE_CHARS = 64 * 1024

/**
 * The code page (in order of preference: Korean first, this tool's main case; single-byte
 * Cyrillic before GBK/Big5, which read Cyrillic letter pairs as rare hanzi) that decodes
 * every non-UTF-8 line cleanly and plausibly; undefined when none does or too little text is
 * not UTF-8. `lines` is read once per candidate tried; a candidate is dropped at its first
 * undecodable line, so the cost is linear with a small factor.
 */
export function detectCodepage(lines: Iterable<Buffer> | (() => Iterable<Buffer>)): Codepage | undefined {
  const source = typeof lines === 'function' ? lines : (() => {
    const all = [...lines]
    return () => all
  })()
  for (const cp of CODEPAGES) {
    const own = SCRIPT[cp]
    let ok = true
    let any = false
    let mine = 0
    let total = 0
    for (const line of source()) {
      if (isUtf8(line)) continue
      any = true
      const text = decodeCodepage(line, cp)
      if (text === undefined) {
        ok = false
        break
      }
      for (let i = 0; i < text.length && total < SCORE_CHARS; i++) {
        const c = text.charCodeAt(i)
        if (c < 0x80) continue
        total++
        if (own(c) && !(cp === 'windows-1251' && (isAsciiLetter(text.charCodeAt(i - 1)) || isAsciiLetter(text.charCodeAt(i + 1))))) mine++
      }
    }
    if (!any) return undefined
    if (ok && total >= MIN_DETECT_CHARS && mine / total >= SCRIPT_SHARE) return cp
  }
  return undefined
}

const RECENT_LINES = 1024
const RAW_HEX_BYTES = 2000

/** Lines of a whole-file buffer that were not UTF-8: line number and byte range, 12 bytes each. */
class LineSpans {
  private nos = new Uint32Array(1024)
  private starts = new Float64Array(1024)
  private ends = new Float64Array(1024)
  private n = 0

  constructor(readonly body: Buffer) {}

  add(lineNo: number, start: number, end: number): void {
    if (this.n === this.nos.length) {
      const grow = <T extends Uint32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2)
        b.set(a)
        return b
      }
      this.nos = grow(this.nos)
      this.starts = grow(this.starts)
      this.ends = grow(this.ends)
    }
    this.nos[this.n] = lineNo
    this.starts[this.n] = start
    this.ends[this.n++] = end
  }

  get(lineNo: number): Buffer | undefined {
    let lo = 0
    let hi = this.n - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const v = this.nos[mid]!
      if (v === lineNo) return this.body.subarray(this.starts[mid]!, Math.min(this.ends[mid]!, this.starts[mid]! + RAW_HEX_BYTES))
      if (v < lineNo) lo = mid + 1
      else hi = mid - 1
    }
    return undefined
  }
}

/**
 * The text decoding of one artifact: the code page (given with `--codepage` or detected), the
 * per-line decisions, and the raw bytes of lines that were not UTF-8 (for the event's `rawHex`).
 */
export class TextDecoding {
  codepage?: Codepage
  source?: 'option' | 'detected'
  /** Lines decoded with the code page, and lines shown escaped. */
  codepageLines = 0
  escapedLines = 0
  private detected = false
  /** Streaming parsers: copies of the recent non-UTF-8 lines. */
  private recent = new Map<number, Buffer>()
  /** Whole-file parsers: where the non-UTF-8 lines are in the file's buffer. */
  private spans?: LineSpans
  private head?: Buffer

  /** `head`: the file's first bytes, for streaming parsers that never show the decoder the whole file. */
  constructor(opts: {codepage?: Codepage; head?: Buffer} = {}) {
    if (opts.codepage) {
      this.codepage = opts.codepage
      this.source = 'option'
    }
    this.head = opts.head
  }

  /** Detects the code page from these lines unless one was given or detected already. */
  detect(lines: Iterable<Buffer> | (() => Iterable<Buffer>)): void {
    if (this.codepage || this.detected) return
    this.detected = true
    this.head = undefined
    const cp = detectCodepage(lines)
    if (cp) {
      this.codepage = cp
      this.source = 'detected'
    }
  }

  /** Detection for streaming parsers: from the complete lines of the file's first bytes. */
  detectFromHead(head: Buffer): void {
    const nl = head.lastIndexOf(10)
    const part = nl === -1 ? head : head.subarray(0, nl)
    this.detect(() => nonUtf8Blocks(part))
  }

  /** Decodes one line; `lineNo` keeps its bytes for the event's rawHex (streaming parsers). */
  decodeLine(buf: Buffer, lineNo?: number): string {
    if (!this.detected && this.head && !isUtf8(buf)) this.detectFromHead(this.head)
    const {text, encoding} = decodeLineWith(buf, this.codepage)
    if (encoding === 'utf-8') return text
    this.count(encoding)
    if (lineNo !== undefined) {
      // streaming parsers emit a line's events soon after decoding it: recent lines suffice
      if (this.recent.size >= RECENT_LINES) this.recent.delete(this.recent.keys().next().value!)
      this.recent.set(lineNo, Buffer.from(buf.subarray(0, RAW_HEX_BYTES)))
    }
    return text
  }

  /** Decodes every line of a whole-file UTF-8/code-page body, detecting the code page first. */
  decodeBody(body: Buffer, fn: (line: string, lineNo: number, hadCr: boolean) => void): void {
    if (isUtf8(body)) {
      let n = 0
      for (const [s, e] of lfRanges(body)) {
        const cr = e > s && body[e - 1] === 13
        fn(body.toString('utf8', s, cr ? e - 1 : e), ++n, cr)
      }
      return
    }
    this.detect(() => nonUtf8Blocks(body))
    this.spans ??= new LineSpans(body)
    let n = 0
    for (const [s, e] of lfRanges(body)) {
      n++
      const cr = e > s && body[e - 1] === 13
      const line = body.subarray(s, cr ? e - 1 : e)
      const {text, encoding} = decodeLineWith(line, this.codepage)
      if (encoding !== 'utf-8') {
        this.count(encoding)
        if (this.spans.body === body) this.spans.add(n, s, cr ? e - 1 : e)
      }
      fn(text, n, cr)
    }
  }

  private count(encoding: LineEncoding): void {
    if (encoding === 'escaped') this.escapedLines++
    else this.codepageLines++
  }

  /** Hex of the line's bytes (first 2000) when it was not UTF-8. */
  rawHex(lineNo: number): string | undefined {
    return (this.spans?.get(lineNo) ?? this.recent.get(lineNo))?.toString('hex')
  }

  /** What the report says about this artifact's text (empty when it was all UTF-8). */
  notes(): string[] {
    const out: string[] = []
    if (this.codepage && this.codepageLines > 0) {
      const how = this.source === 'option' ? 'given with --codepage' : 'detected: it decodes every non-UTF-8 line'
      out.push(`${this.codepageLines} line(s) decoded as code page ${this.codepage} (${how})`)
    }
    if (this.escapedLines > 0) {
      const what = this.codepage ? `code page ${this.codepage}` : 'one detectable code page'
      out.push(`${this.escapedLines} line(s) are neither UTF-8 nor ${what}: their non-ASCII bytes are shown as \\xNN${this.codepage ? '' : ' (--codepage names the code page)'}`)
    }
    return out
  }
}

/** [start, end) of every LF-separated line (CR kept). */
function* lfRanges(buf: Buffer): Generator<[number, number]> {
  let start = 0
  for (;;) {
    const nl = buf.indexOf(10, start)
    if (nl === -1) break
    yield [start, nl]
    start = nl + 1
  }
  if (start < buf.length) yield [start, buf.length]
}

/**
 * The non-UTF-8 lines of a buffer, neighbours merged into one block (with their LFs): decoders
 * restart at an LF, so a block decodes as its lines would, with one call instead of thousands.
 */
function* nonUtf8Blocks(buf: Buffer): Generator<Buffer> {
  let from = -1
  let to = -1
  for (const [s, e] of lfRanges(buf)) {
    if (isUtf8(buf.subarray(s, e))) {
      if (from !== -1) yield buf.subarray(from, to)
      from = -1
      continue
    }
    if (from === -1) from = s
    to = e
  }
  if (from !== -1) yield buf.subarray(from, to)
}

/**
 * Calls `fn` for every line of a whole-file buffer (BOM and UTF-16 honoured, CR stripped,
 * 1-based line numbers) without building the file's text as one string: memory stays at the
 * buffer plus one line. The code page is detected over every non-UTF-8 line first.
 */
export function forEachDecodedLine(buf: Buffer, decoding: TextDecoding | undefined, fn: (line: string, lineNo: number) => void): TextEncoding {
  const {encoding, bomLength} = sniffEncoding(buf.subarray(0, 512))
  const body = buf.subarray(bomLength)
  if (encoding !== 'utf-8') {
    splitLines((encoding === 'utf-16le' ? utf16le : utf16be).decode(body)).forEach((l, i) => fn(l, i + 1))
    return encoding
  }
  ;(decoding ?? new TextDecoding()).decodeBody(body, (l, n) => fn(l, n))
  return encoding
}

/** Decodes a whole small text file (BOMs, BOM-less UTF-16, else line by line as decodeBytesLossless). */
export function decodeText(buf: Buffer, decoding?: TextDecoding): {text: string; encoding: TextEncoding} {
  const {encoding, bomLength} = sniffEncoding(buf.subarray(0, 512))
  const body = buf.subarray(bomLength)
  if (encoding === 'utf-16le') return {text: utf16le.decode(body), encoding}
  if (encoding === 'utf-16be') return {text: utf16be.decode(body), encoding}
  if (isUtf8(body)) return {text: body.toString('utf8'), encoding}
  const parts: string[] = []
  ;(decoding ?? new TextDecoding()).decodeBody(body, (l, _n, cr) => void parts.push(cr ? l + '\r' : l))
  if (body.length > 0 && body[body.length - 1] === 10) parts.push('')
  return {text: parts.join('\n'), encoding}
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
 * A cheap first look at whole lines, on the raw bytes of the chunk that holds them. Lines it
 * skips are only counted; the rest reach `onLine`. Lines that cross a chunk boundary or are
 * cut never reach it.
 */
export interface LineSkipper {
  /** A new chunk; called before any `skipFrom` on it. */
  chunk(bytes: Buffer): void
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
  stream: Readable | AsyncIterable<Buffer>,
  onLine: (bytes: Buffer, lineNo: number) => void,
  maxLineBytes = 1024 * 1024,
  onOverlong?: (lineNumber: number) => void,
  skipper?: LineSkipper,
): Promise<void> {
  const splitter = new LineSplitter(onLine, maxLineBytes, onOverlong, skipper)
  // the splitter keeps no reference to a chunk (partial lines are copied): reused buffers are fine
  for await (const chunk of stream as AsyncIterable<Buffer>) splitter.push(chunk)
  splitter.end()
}

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
    // the skipper reads the chunk's bytes in place: no text is made of routine lines
    const skipper = this.skipper
    skipper?.chunk(chunk)
    let start = 0
    for (;;) {
      if (skipper !== undefined && this.carryLen === 0) {
        skipper.skipped = 0
        start = skipper.skipFrom(start)
        this.lineNo += skipper.skipped
      }
      const nl = chunk.indexOf(10, start)
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
