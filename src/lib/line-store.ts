// A case's timeline kept as its finished JSONL lines (`--format jsonl`, #17): each event is
// turned into its Timesketch line once, as it is produced, and the line's bytes are what is
// stored and written. Nothing is parsed back. Lines wait in off-heap blocks (like EventStore) and
// go to disk in runs; a batch that continues the last run in time order is appended to it, so a
// source whose events come in time order (History visits, log lines) makes one run, which is
// the output as it stands: no sort, no merge. Only out-of-order batches start another run, and
// only several runs are merged. A run line is the output line itself; its sort key is read back
// from its `datetime` and ties go to the earlier run (every line of a run came before every line
// of the next one, and a run keeps arrival order among equal times).
import {closeSync, openSync, readSync, unlinkSync} from 'node:fs'
import {join} from 'node:path'

import {makeTempDir, removeTemp} from '../core/temp-registry.js'
import {addExtra, DEFAULT_SPILL_AT, mergeRuns, PendingBlocks, removeSpilled, writeGathered} from './event-store.js'
import type {CaseReport} from './model.js'
import {timeSortKey} from './time.js'

const SPILL_BYTES = 8 * 1024 * 1024
const BLOCK_BYTES = 1024 * 1024

/**
 * A run goes on in a new file (`<run>.1`, `<run>.2`, …) past this size: a writer that reads the
 * timeline once removes each file as it is done with it, so its pages are dropped instead of
 * written back while the report is written (#17: the 855 MB report of a 1,000,000-visit History
 * waited 2.5–3 s for the kernel's write-back throttle when its run stayed whole).
 */
const SEGMENT_BYTES = 64 * 1024 * 1024

/** Plain data (survives a worker thread's structured clone) describing a stored timeline. */
export interface StoredLines {
  /** Temp folder of the runs; absent when every line stayed in memory. */
  dir?: string
  /** Run files, each in contract order (the first file of the run: see `more`). */
  runs: string[]
  /** Files that continue run r (`<run>.1` … `<run>.<more[r]>`); absent: none continues. */
  more?: number[]
  /** The lines themselves (each ending in a newline), sorted, when none went to disk. */
  lines?: string[]
  count: number
  /** Indicator ids added after an event's line was made: event id -> ids (applied when written). */
  extra: Record<string, string[]>
}

interface Item {
  key: string
  block: number
  start: number
  end: number
}

export class LineStore {
  private items: Item[] = []
  private pending = new PendingBlocks()
  /** The pending lines came in time order. */
  private ordered = true
  private runs: string[] = []
  /** Files continuing each run (StoredLines.more), and the bytes in the last run's last file. */
  private more: number[] = []
  private lastFileBytes = 0
  /** Sort key of the last line of the last run. */
  private lastKey = ''
  private dir?: string
  private n = 0
  private extra = new Map<string, string[]>()

  constructor(
    private readonly spillAt = DEFAULT_SPILL_AT,
    /** The case's temp folder (made by the main thread, see run-scan.ts): runs go there. */
    private readonly home?: string,
    /** Size past which a run goes on in a new file (tests make it small). */
    private readonly segmentBytes = SEGMENT_BYTES,
  ) {}

  get count(): number {
    return this.n
  }

  /** A line (ending in a newline) with its event's sort key (`timeSortKey`). */
  add(key: string, line: string): void {
    this.n++
    // UTF-8 needs at most 3 bytes per UTF-16 unit: measure only when that might not fit
    const p = this.pending
    const block = p.room(line.length * 3, () => Buffer.byteLength(line))
    const start = p.used
    p.advance(start + block.write(line, start))
    if (this.ordered && this.items.length > 0 && key < this.items[this.items.length - 1]!.key) this.ordered = false
    this.items.push({key, block: p.last, start, end: p.used})
    if (this.items.length >= this.spillAt || p.bytes >= SPILL_BYTES) this.spill()
  }

  /** Adds an indicator id to an event whose line is stored (applied when lines are written). */
  addIndicator(id: string, indicator: string): void {
    addExtra(this.extra, id, indicator)
  }

  private sorted(): Item[] {
    // Array.prototype.sort is stable: equal times keep their arrival order
    if (!this.ordered) this.items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    return this.items
  }

  private reset(): void {
    this.items = []
    this.pending.clear()
    this.ordered = true
  }

  private spill(): void {
    if (this.items.length === 0) return
    const items = this.sorted()
    this.dir ??= this.home ?? makeTempDir('dprk-triage-lines-')
    // in time order after the last run: that run goes on (an ordered source is one run)
    const append = this.runs.length > 0 && items[0]!.key >= this.lastKey
    let fd: number
    const r = this.runs.length - 1
    if (append && this.lastFileBytes < this.segmentBytes) fd = openSync(runFile(this.runs[r]!, this.more[r]!), 'a')
    else if (append) {
      fd = openSync(runFile(this.runs[r]!, ++this.more[r]!), 'wx', 0o600)
      this.lastFileBytes = 0
    } else {
      const file = join(this.dir, `run-${this.runs.length}.jsonl`)
      fd = openSync(file, 'wx', 0o600)
      this.runs.push(file)
      this.more.push(0)
      this.lastFileBytes = 0
    }
    this.lastFileBytes += this.pending.bytes
    try {
      if (this.ordered) this.pending.writeTo(fd)
      else writeGathered(fd, items.map((x) => this.pending.bytesOf(x.block, x.start, x.end)))
    } finally {
      closeSync(fd)
    }
    this.lastKey = items[items.length - 1]!.key
    this.reset()
  }

  /** The stored timeline: in memory when it never spilled, else its runs on disk. */
  finish(): StoredLines {
    const extra = Object.fromEntries(this.extra)
    if (this.runs.length === 0) {
      const lines = this.sorted().map((x) => this.pending.bytesOf(x.block, x.start, x.end).toString('utf8'))
      this.reset()
      return {runs: [], lines, count: this.n, extra}
    }
    this.spill()
    return {dir: this.dir, runs: this.runs, ...(this.more.some((m) => m > 0) ? {more: this.more} : {}), count: this.n, extra}
  }

  /** Removes what was spilled so far: for a case that fails before its lines are handed on. */
  discard(): void {
    if (this.dir) removeTemp(this.dir)
    this.dir = undefined
    this.runs = []
    this.more = []
    this.reset()
  }
}

/** The k-th file of a run (0: the run's own name). */
const runFile = (run: string, k: number) => (k === 0 ? run : `${run}.${k}`)

export function removeLines(s: StoredLines | undefined): void {
  if (s?.dir) removeTemp(s.dir)
}

/** Removes a case's timeline kept on disk, in whichever store it is (spilled events or line runs). */
export function releaseTimeline(c: CaseReport): void {
  removeSpilled(c.internal?.spilled)
  removeLines(c.internal?.lines)
}

const DATETIME = ',"datetime":'
const TAG = ',"tag":'
const EVENT_ID = ',"event_id":"'

/**
 * The sort key of a stored line, from its `datetime`. The row's first key is `message`, a string,
 * and JSON.stringify writes every `"` inside a string as `\"`: the first `,"datetime":` is the
 * row's own (the same holds for `,"tag":` and `,"event_id":"` below).
 */
export function lineSortKey(line: string): string {
  const at = line.indexOf(DATETIME) + DATETIME.length
  if (line.charCodeAt(at) !== 34) return timeSortKey(null)
  const end = stringEnd(line, at)
  const text = line.slice(at + 1, end - 1)
  // a closed string without an escape is its own value (the usual ISO time): no parse
  return timeSortKey(line.charCodeAt(end - 1) === 34 && end - 1 > at && !text.includes('\\') ? text : (JSON.parse(line.slice(at, end)) as string))
}

/** Index just past the JSON string that starts at `at` (its opening quote). */
function stringEnd(s: string, at: number): number {
  for (let i = at + 1; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 92) i++
    else if (c === 34) return i + 1
  }
  return s.length
}

/** The line with `add` appended to its `tag` list (ids already there are not repeated). */
export function addTags(line: string, add: readonly string[]): string {
  const start = line.indexOf(TAG) + TAG.length
  let end = start + 1
  while (end < line.length && line.charCodeAt(end) !== 93) end = line.charCodeAt(end) === 34 ? stringEnd(line, end) : end + 1
  const tags = JSON.parse(line.slice(start, end + 1)) as string[]
  for (const t of add) if (!tags.includes(t)) tags.push(t)
  return line.slice(0, start) + JSON.stringify(tags) + line.slice(end + 1)
}

function withExtra(line: string, extra: Map<string, string[]>): string {
  const at = line.indexOf(EVENT_ID) + EVENT_ID.length
  const add = extra.get(JSON.parse(line.slice(at - 1, stringEnd(line, at - 1))) as string)
  return add ? addTags(line, add) : line
}

interface Head {
  r: number
  key: string
}

/** A line of run `r` with sort key `key` comes before `rival`'s; equal times: the earlier run first (it came first). */
function ahead(key: string, r: number, rival: Head): boolean {
  return key < rival.key || (key === rival.key && r < rival.r)
}

/**
 * A run file read in blocks: `view[pos, end)` holds whole lines (a last line without its newline,
 * never written so, counts as one at the file's end); `key` is the sort key of the line at `pos`
 * when it is known, `keyEnd` that line's end (so a line is scanned for its newline once).
 */
class RunBlocks {
  private fd: number | undefined
  private buf: Buffer
  /** The file being read (index in `files`). */
  private at = 0
  view: Buffer
  pos = 0
  end = 0
  key: string | undefined
  keyEnd = 0

  constructor(
    private readonly files: readonly string[],
    block: number,
    /** Remove each file once it is read (the timeline is read this once). */
    private readonly consume: boolean,
  ) {
    this.buf = Buffer.allocUnsafe(block)
    this.view = this.buf.subarray(0, 0)
    this.fd = openSync(files[0]!, 'r')
  }

  /** The current file is read: closed (and removed when consuming), the next one opened. */
  private nextFile(): void {
    closeSync(this.fd!)
    this.fd = undefined
    if (this.consume) unlinkSync(this.files[this.at]!)
    if (++this.at < this.files.length) this.fd = openSync(this.files[this.at]!, 'r')
  }

  /** The sort key of the line at `pos` (there is one). */
  head(): string {
    if (this.key === undefined) {
      this.keyEnd = lineEnd(this.view, this.pos, this.end)
      this.key = bytesSortKey(this.view, this.pos, this.keyEnd)
    }
    return this.key
  }

  /** Makes `view[pos, end)` hold at least one line (false at the run's end); `key` is then unknown. */
  fill(): boolean {
    if (this.pos < this.end) return true
    this.key = undefined
    for (;;) {
      const rest = this.view.length - this.pos
      if (this.fd === undefined) {
        if (rest === 0) return false
        this.end = this.view.length
        return true
      }
      // the partial line moves to the front; a line longer than the block doubles it (linear reading)
      const buf = rest * 2 > this.buf.length ? Buffer.allocUnsafe(this.buf.length * 2) : this.buf
      this.view.copy(buf, 0, this.pos)
      this.buf = buf
      const n = readSync(this.fd, buf, rest, buf.length - rest, null)
      if (n === 0) this.nextFile()
      this.view = buf.subarray(0, rest + n)
      this.pos = 0
      this.end = this.view.lastIndexOf(10) + 1
      if (this.end > 0) return true
    }
  }

  /**
   * Where the lines from `pos` on (run `r`) stop coming before `rival`'s next line, the line at
   * `pos` being one that does: `end` when the whole rest of the block does, else the start of
   * the first line that does not, whose key is left in `key`. A run is in key order (spill sorts
   * by the key add() is given, timeSortKey of the time the line's `datetime` holds), so this
   * is a search: the next line first (runs that interleave line by line), then lines ever
   * further on up to the block's last (a big run between rare insertions), then a binary search
   * over byte positions, each step finding a line start with indexOf(10). Only O(log block)
   * keys are read.
   */
  stretch(r: number, rival: Head): number {
    const v = this.view
    const end = this.end
    this.head()
    let hi = this.keyEnd
    if (hi >= end) return end
    let hiEnd = lineEnd(v, hi, end)
    let hiKey = bytesSortKey(v, hi, hiEnd)
    if (!ahead(hiKey, r, rival)) return this.stopAt(hi, hiKey, hiEnd)
    // galloping: probes twice as far each time (a stretch of n lines costs O(log n) keys, so runs
    // that interleave by a few lines pay no binary search over the whole block), then the line
    // at `a` comes first, the one at `hi` does not, and every line start between them is just
    // past a newline in [a, b)
    let a = hi
    let b: number
    for (let step = hi - this.pos; ; step *= 2) {
      const at = a + step < end ? v.indexOf(10, a + step) : -1
      if (at === -1 || at + 1 >= end) {
        // past the block's last line start: that line decides
        const last = v.lastIndexOf(10, end - 2) + 1
        if (last <= a) return end
        hiEnd = end
        hiKey = bytesSortKey(v, last, end)
        if (ahead(hiKey, r, rival)) return end
        hi = last
        b = last - 1
        break
      }
      hiEnd = lineEnd(v, at + 1, end)
      hiKey = bytesSortKey(v, at + 1, hiEnd)
      if (ahead(hiKey, r, rival)) a = at + 1
      else {
        hi = at + 1
        // [a + step, at) holds no newline
        b = a + step
        break
      }
    }
    while (a < b) {
      const mid = a + ((b - a) >>> 1)
      const at = v.indexOf(10, mid)
      // no newline in [mid, b): the line starts left are past newlines in [a, mid)
      if (at >= b) b = mid
      else {
        const e = lineEnd(v, at + 1, end)
        const k = bytesSortKey(v, at + 1, e)
        if (ahead(k, r, rival)) a = at + 1
        else {
          hi = at + 1
          hiKey = k
          hiEnd = e
          // [mid, at) holds no newline
          b = mid
        }
      }
    }
    return this.stopAt(hi, hiKey, hiEnd)
  }

  /** The line at `at`, where a stretch stops: its key and end are known already (the next head). */
  private stopAt(at: number, key: string, keyEnd: number): number {
    this.key = key
    this.keyEnd = keyEnd
    return at
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

const DATETIME_BYTES = Buffer.from(DATETIME)

/**
 * lineSortKey of the line `v[start, end)`, read off the bytes (no view made: one key per line
 * when runs interleave line by line): the usual `"datetime":"…"` holds no escape and is read as
 * it is.
 */
function bytesSortKey(v: Buffer, start: number, end: number): string {
  const d = v.indexOf(DATETIME_BYTES, start)
  // every row has its datetime; a line without one is left to the string reader
  if (d === -1 || d >= end) return lineSortKey(v.toString('utf8', start, end))
  const at = d + DATETIME_BYTES.length
  if (v[at] !== 34) return timeSortKey(null)
  const q = v.indexOf(34, at + 1)
  const value = q === -1 || q >= end ? '\\' : v.toString('utf8', at + 1, q)
  // an escape (JSON.stringify writes one for a quote, a backslash, a control character or a lone surrogate)
  return value.includes('\\') ? lineSortKey(v.toString('utf8', start, end)) : timeSortKey(value)
}

/** The end of the line that starts at `at` in `v`: past its newline, or `end`. */
function lineEnd(v: Buffer, at: number, end: number): number {
  const nl = v.indexOf(10, at)
  return nl === -1 || nl >= end ? end : nl + 1
}

const EVENT_ID_BYTES = Buffer.from(EVENT_ID)

/** The event id of a line when it is written plainly (no escape); undefined: the line must be read as a string. */
function plainEventId(line: Buffer): string | undefined {
  const at = line.indexOf(EVENT_ID_BYTES)
  if (at === -1) return undefined
  const from = at + EVENT_ID_BYTES.length
  const q = line.indexOf(34, from)
  if (q === -1) return undefined
  const id = line.toString('utf8', from, q)
  return id.includes('\\') ? undefined : id
}

/**
 * The lines of `chunk` with the indicator ids added late: only a line whose event id is in
 * `extra` (or cannot be read off the bytes) is rewritten; the others stay bytes, whose UTF-8 is
 * what decoding and encoding them again would give (they were written from strings).
 */
function* withExtras(chunk: Buffer, extra: Map<string, string[]>): Generator<string | Buffer> {
  let from = 0
  for (let p = 0; p < chunk.length; ) {
    const nl = chunk.indexOf(10, p)
    const end = nl === -1 ? chunk.length : nl + 1
    const id = plainEventId(chunk.subarray(p, end))
    if (id === undefined || extra.has(id)) {
      if (from < p) yield chunk.subarray(from, p)
      yield withExtra(chunk.toString('utf8', p, end), extra)
      from = end
    }
    p = end
  }
  if (from < chunk.length) yield chunk.subarray(from)
}

/**
 * The case's lines in contract order: strings (each with its newline) for a timeline kept in
 * memory, else bytes (valid until the next is asked for), with a rewritten line as a string
 * where indicator ids were added late. Runs are merged by stretches, not lines: the run whose
 * line comes next gives every following line of its block that still comes before the other
 * runs' next line as one subarray (RunBlocks.stretch), so a big run with a few hundred late
 * lines costs its blocks plus O(log block) keys per insertion; one run is its blocks.
 * `block` is the read size (a parameter for tests); `consume`: this is the timeline's only
 * reading, and each run file is removed once read (see SEGMENT_BYTES).
 */
export function* storedLines(s: StoredLines, block = BLOCK_BYTES, consume = false): Generator<string | Buffer> {
  const extra = new Map(Object.entries(s.extra))
  if (s.lines) {
    for (const l of s.lines) yield extra.size > 0 ? withExtra(l, extra) : l
    return
  }
  const readers = s.runs.map((f, r) => new RunBlocks(Array.from({length: (s.more?.[r] ?? 0) + 1}, (_, k) => runFile(f, k)), block, consume))
  try {
    const pull = (r: number): Head | undefined => {
      const x = readers[r]!
      if (!x.fill()) return undefined
      return {r, key: x.head()}
    }
    let rival: Head | undefined
    for (const h of mergeRuns(readers.length, pull, (a, b) => ahead(a.key, a.r, b), (next) => (rival = next))) {
      const x = readers[h.r]!
      const other = rival
      // the line at x.pos comes next (the heap says so)
      for (;;) {
        const stop = other ? x.stretch(h.r, other) : x.end
        const chunk = x.view.subarray(x.pos, stop)
        if (extra.size > 0) yield* withExtras(chunk, extra)
        else yield chunk
        x.pos = stop
        // a line of the block that does not come first: its key is known, the heap decides
        if (stop < x.end || !x.fill()) break
        // the only run left: its blocks as they are, no key read
        if (!other) continue
        if (!ahead(x.head(), h.r, other)) break
      }
    }
  } finally {
    for (const r of readers) r.close()
  }
}
