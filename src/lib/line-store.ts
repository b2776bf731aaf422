// A case's timeline kept as its finished JSONL lines (`--format jsonl`, #17): each event is
// turned into its Timesketch line once, as it is produced, and the line's bytes are what is
// stored and written. Nothing is parsed back. Lines wait in off-heap blocks (like EventStore) and
// go to disk in runs; a batch that continues the last run in time order is appended to it, so a
// source whose events come in time order (History visits, log lines) makes one run, which is
// the output as it stands: no sort, no merge. Only out-of-order batches start another run, and
// only several runs are merged. A run line is the output line itself; its sort key is read back
// from its `datetime` and ties go to the earlier run (every line of a run came before every line
// of the next one, and a run keeps arrival order among equal times).
import {closeSync, openSync, readSync} from 'node:fs'
import {join} from 'node:path'

import {makeTempDir, removeTemp} from '../core/temp-registry.js'
import {addExtra, DEFAULT_SPILL_AT, mergeRuns, PendingBlocks, removeSpilled, writeGathered} from './event-store.js'
import type {CaseReport} from './model.js'
import {timeSortKey} from './time.js'

const SPILL_BYTES = 8 * 1024 * 1024
const BLOCK_BYTES = 1024 * 1024

/** Plain data (survives a worker thread's structured clone) describing a stored timeline. */
export interface StoredLines {
  /** Temp folder of the runs; absent when every line stayed in memory. */
  dir?: string
  /** Run files, each in contract order. */
  runs: string[]
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
  /** Sort key of the last line of the last run. */
  private lastKey = ''
  private dir?: string
  private n = 0
  private extra = new Map<string, string[]>()

  constructor(
    private readonly spillAt = DEFAULT_SPILL_AT,
    /** The case's temp folder (made by the main thread, see run-scan.ts): runs go there. */
    private readonly home?: string,
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
    if (append) fd = openSync(this.runs.at(-1)!, 'a')
    else {
      const file = join(this.dir, `run-${this.runs.length}.jsonl`)
      fd = openSync(file, 'wx', 0o600)
      this.runs.push(file)
    }
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
    return {dir: this.dir, runs: this.runs, count: this.n, extra}
  }

  /** Removes what was spilled so far: for a case that fails before its lines are handed on. */
  discard(): void {
    if (this.dir) removeTemp(this.dir)
    this.dir = undefined
    this.runs = []
    this.reset()
  }
}

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
  return timeSortKey(JSON.parse(line.slice(at, stringEnd(line, at))) as string)
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

/** Lines of a run file as bytes (each with its newline), read in 1 MiB blocks; a line is valid until the next call. */
class LineReader {
  private fd: number | undefined
  private buf = Buffer.allocUnsafe(BLOCK_BYTES)
  private view = this.buf.subarray(0, 0)
  private pos = 0

  constructor(file: string) {
    this.fd = openSync(file, 'r')
  }

  next(): Buffer | undefined {
    for (;;) {
      const nl = this.view.indexOf(10, this.pos)
      if (nl !== -1) {
        const line = this.view.subarray(this.pos, nl + 1)
        this.pos = nl + 1
        return line
      }
      const rest = this.view.length - this.pos
      if (this.fd === undefined) {
        // a last line without its newline (never written so): given as it is
        if (rest === 0) return undefined
        const line = this.view.subarray(this.pos)
        this.pos = this.view.length
        return line
      }
      // the partial line moves to the front; a line longer than the block doubles it (linear reading)
      const buf = rest * 2 > this.buf.length ? Buffer.allocUnsafe(this.buf.length * 2) : this.buf
      this.view.copy(buf, 0, this.pos)
      this.buf = buf
      const n = readSync(this.fd, buf, rest, buf.length - rest, null)
      if (n === 0) {
        closeSync(this.fd)
        this.fd = undefined
      }
      this.view = buf.subarray(0, rest + n)
      this.pos = 0
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

const DATETIME_BYTES = Buffer.from(DATETIME)

/** lineSortKey on the line's bytes: the usual `"datetime":"…"` holds no escape and is read as it is. */
function bytesSortKey(line: Buffer): string {
  const at = line.indexOf(DATETIME_BYTES) + DATETIME_BYTES.length
  if (line[at] !== 34) return timeSortKey(null)
  const end = line.indexOf(34, at + 1)
  const value = line.toString('utf8', at + 1, end)
  // an escape (JSON.stringify writes one for a quote, a backslash, a control character or a lone surrogate)
  return value.includes('\\') ? lineSortKey(line.toString('utf8')) : timeSortKey(value)
}

/**
 * The case's lines in contract order: strings (each with its newline) for a timeline kept in
 * memory or with indicator ids to add, else bytes: a run's 1 MiB blocks when the timeline is one
 * run, lines merged from several runs otherwise (each valid until the next is asked for).
 */
export function* storedLines(s: StoredLines): Generator<string | Buffer> {
  const extra = new Map(Object.entries(s.extra))
  const fix = (l: string) => withExtra(l, extra)
  if (s.lines) {
    for (const l of s.lines) yield extra.size > 0 ? fix(l) : l
    return
  }
  if (s.runs.length === 1 && extra.size === 0) {
    const fd = openSync(s.runs[0]!, 'r')
    try {
      for (;;) {
        const buf = Buffer.allocUnsafe(BLOCK_BYTES)
        const n = readSync(fd, buf, 0, buf.length, null)
        if (n === 0) return
        yield buf.subarray(0, n)
      }
    } finally {
      closeSync(fd)
    }
  }
  const readers = s.runs.map((f) => new LineReader(f))
  try {
    const pull = (r: number) => {
      const line = readers[r]!.next()
      return line === undefined ? undefined : {line, key: readers.length > 1 ? bytesSortKey(line) : '', r}
    }
    // equal times: the earlier run first (it came first)
    const less = (a: {key: string; r: number}, b: {key: string; r: number}) => (a.key < b.key ? true : a.key > b.key ? false : a.r < b.r)
    for (const h of mergeRuns(readers.length, pull, less)) yield extra.size > 0 ? fix(h.line.toString('utf8')) : h.line
  } finally {
    for (const r of readers) r.close()
  }
}
