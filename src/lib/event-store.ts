// A case's timeline without holding it in memory: events are kept in memory up to a limit,
// then written as sorted runs to a private temp folder and merged back in contract order (time,
// nulls last, then emission order) when a writer reads them. Indicator ids added after an
// event was stored (time of activity, cross-case links) are applied as it is read back.
import {closeSync, openSync, readSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import {StringDecoder} from 'node:string_decoder'

import {makeTempDir, removeTemp} from '../core/temp-registry.js'

import type {TimelineEvent} from './model.js'
import {timeSortKey} from './time.js'

// Events wait as UTF-8 JSON in off-heap buffers (only their sort keys are JavaScript values), and
// spill at 10,000 events or 8 MB, whichever comes first: 1,000,000 events make 100 runs, merged
// through a heap. On the V8 heap, every waiting event would outlive two young-generation
// collections and end as old-generation garbage: hundreds of MB between full collections.
export const DEFAULT_SPILL_AT = 10_000
const SPILL_BYTES = 8 * 1024 * 1024
const BLOCK_BYTES = 1024 * 1024

/** Plain data (survives a worker thread's structured clone) describing spilled events. */
export interface SpilledEvents {
  dir: string
  runs: string[]
  count: number
  extra: Record<string, string[]>
}

interface Item {
  key: string
  seq: number
  /** Where the event's run line (`key\tseq\tJSON\n`) sits in the pending blocks, and its JSON. */
  block: number
  start: number
  json: number
  end: number
}

const byKeySeq = (a: {key: string; seq: number}, b: {key: string; seq: number}) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq)

export class EventStore {
  private mem: Item[] = []
  private pending = new PendingBlocks()
  private runs: string[] = []
  private dir?: string
  private seq = 0
  private extra = new Map<string, string[]>()
  /** The pending events came in contract order (nothing to sort). */
  private ordered = true

  constructor(
    private readonly spillAt = DEFAULT_SPILL_AT,
    /** The case's temp folder (made by the main thread, see run-scan.ts): runs go there. */
    private readonly home?: string,
  ) {}

  get count(): number {
    return this.seq
  }

  get spilled(): boolean {
    return this.runs.length > 0
  }

  add(e: TimelineEvent): void {
    const json = JSON.stringify(e)
    const key = timeSortKey(e.time)
    const seq = this.seq++
    // the run line is written once, here: a spill of events that came in time order (History
    // visits, log lines) writes the blocks as they are, without sorting or copying a line
    const head = `${key}\t${seq}\t`
    // UTF-8 needs at most 3 bytes per UTF-16 unit: measure only when that might not fit
    const p = this.pending
    const block = p.room(head.length + json.length * 3 + 1, () => head.length + Buffer.byteLength(json) + 1)
    const start = p.used
    const at = start + block.write(head, start, 'latin1')
    const end = at + block.write(json, at)
    block[end] = 10
    p.advance(end + 1)
    if (this.ordered && this.mem.length > 0 && key < this.mem[this.mem.length - 1]!.key) this.ordered = false
    this.mem.push({key, seq, block: p.last, start, json: at, end})
    if (this.mem.length >= this.spillAt || p.bytes >= SPILL_BYTES) this.spill()
  }

  /** Adds an indicator id to an already stored event (applied when events are read). */
  addIndicator(id: string, indicator: string): void {
    addExtra(this.extra, id, indicator)
  }

  private bytesOf(x: Item): Buffer {
    return this.pending.bytesOf(x.block, x.json, x.end)
  }

  private reset(): void {
    this.ordered = true
    this.mem = []
    this.pending.clear()
  }

  private spill(): void {
    if (this.mem.length === 0) return
    this.dir ??= this.home ?? makeTempDir('dprk-triage-events-')
    const file = join(this.dir, `run-${this.runs.length}.jsonl`)
    const fd = openSync(file, 'wx', 0o600)
    try {
      if (this.ordered) this.pending.writeTo(fd)
      else {
        this.mem.sort(byKeySeq)
        writeGathered(fd, this.mem.map((x) => this.pending.bytesOf(x.block, x.start, x.end + 1)))
      }
    } finally {
      closeSync(fd)
    }
    this.runs.push(file)
    this.reset()
  }

  /** Small cases: the sorted events as an array (indicator additions applied). */
  finishInMemory(): TimelineEvent[] | undefined {
    if (this.spilled) return undefined
    this.mem.sort(byKeySeq)
    const out = this.mem.map((x) => JSON.parse(this.bytesOf(x).toString('utf8')) as TimelineEvent)
    for (const e of out) applyExtra(e, this.extra)
    this.reset()
    return out
  }

  /** Removes what was spilled so far: for a case that fails before its events are handed on. */
  discard(): void {
    if (this.dir) removeTemp(this.dir)
    this.dir = undefined
    this.runs = []
    this.reset()
  }

  /** Large cases: flush the rest to disk and describe the runs. */
  finishSpilled(): SpilledEvents {
    this.spill()
    return {dir: this.dir!, runs: this.runs, count: this.seq, extra: Object.fromEntries(this.extra)}
  }
}

/** Lines as bytes, gathered to about 1 MiB per write, never decoded again here. */
export function writeGathered(fd: number, lines: Iterable<Buffer>): void {
  const out = Buffer.allocUnsafe(BLOCK_BYTES)
  let size = 0
  for (const line of lines) {
    if (size + line.length > out.length) {
      writeAll(fd, out, size)
      size = 0
    }
    if (line.length > out.length) writeAll(fd, line, line.length)
    else size += line.copy(out, size)
  }
  if (size > 0) writeAll(fd, out, size)
}

/**
 * Lines waiting in memory, written one after another into 1 MiB blocks: a store keeps only where
 * each line sits, and a spill of lines that came in order writes the blocks as they are.
 */
export class PendingBlocks {
  private blocks: Buffer[] = []
  /** Bytes used in each full block (the last one's is `used`). */
  private fill: number[] = []
  /** Where the next line goes in the last block. */
  used = 0
  /** Bytes of all pending lines. */
  bytes = 0

  /** Index of the last block (the one `room` returned). */
  get last(): number {
    return this.blocks.length - 1
  }

  /**
   * The block to write the next line into at `used`, with room for at most `most` bytes
   * (`exact()` measures the line when that may not fit): the last block, or a new one.
   */
  room(most: number, exact: () => number): Buffer {
    const block = this.blocks[this.blocks.length - 1]
    if (block && this.used + most <= block.length) return block
    const len = exact()
    if (block && this.used + len <= block.length) return block
    if (block) this.fill.push(this.used)
    const fresh = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, len))
    this.blocks.push(fresh)
    this.used = 0
    return fresh
  }

  /** The line just written into the last block ends at `end`. */
  advance(end: number): void {
    this.bytes += end - this.used
    this.used = end
  }

  bytesOf(block: number, start: number, end: number): Buffer {
    return this.blocks[block]!.subarray(start, end)
  }

  /** Every pending byte, in the order written. */
  writeTo(fd: number): void {
    for (let i = 0; i < this.blocks.length; i++) writeAll(fd, this.blocks[i]!, i === this.blocks.length - 1 ? this.used : this.fill[i]!)
  }

  clear(): void {
    this.blocks = []
    this.fill = []
    this.used = 0
    this.bytes = 0
  }
}

/** Records a late indicator id of an event (once). */
export function addExtra(extra: Map<string, string[]>, id: string, indicator: string): void {
  const list = extra.get(id) ?? []
  if (!list.includes(indicator)) list.push(indicator)
  extra.set(id, list)
}

export function writeAll(fd: number, b: Buffer, length: number): void {
  for (let off = 0; off < length; ) off += writeSync(fd, b, off, length - off)
}

function applyExtra(e: TimelineEvent, extra: Map<string, string[]>): void {
  const add = extra.get(e.id)
  if (add) for (const i of add) if (!e.indicators.includes(i)) e.indicators.push(i)
}

/** Lines of one spilled run, read synchronously in 64 KiB blocks (UTF-8 split safely). */
export class RunReader {
  private fd: number | undefined
  // 64 KiB blocks keep the decoded text a young-generation string (see spill)
  private buf = Buffer.allocUnsafe(64 * 1024)
  private decoder = new StringDecoder('utf8')
  private text = ''
  private pos = 0
  private parts: string[] = []

  constructor(file: string) {
    this.fd = openSync(file, 'r')
  }

  next(): string | undefined {
    for (;;) {
      const nl = this.text.indexOf('\n', this.pos)
      if (nl !== -1) {
        let line = this.text.slice(this.pos, nl)
        this.pos = nl + 1
        if (this.parts.length > 0) {
          this.parts.push(line)
          line = this.parts.join('')
          this.parts = []
        }
        return line
      }
      // a line longer than a block: keep its pieces and join them once, so reading stays
      // linear in the line's size (re-slicing the growing text per block was quadratic)
      if (this.pos < this.text.length) this.parts.push(this.text.slice(this.pos))
      this.text = ''
      this.pos = 0
      if (this.fd === undefined) return undefined
      const n = readSync(this.fd, this.buf, 0, this.buf.length, null)
      if (n === 0) {
        closeSync(this.fd)
        this.fd = undefined
        continue
      }
      this.text = this.decoder.write(this.buf.subarray(0, n))
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

/**
 * A k-way merge through a binary heap: `pull(r)` gives source r's next item (undefined at its
 * end), `less` orders two items (it must break ties, e.g. by source index). `rival`, when given,
 * is told before each yield the least item of the other sources (undefined: none left), so a
 * caller can take a whole stretch of the yielded source that comes before it (line-store.ts).
 */
export function* mergeRuns<T extends {r: number}>(sources: number, pull: (r: number) => T | undefined, less: (a: T, b: T) => boolean, rival?: (next: T | undefined) => void): Generator<T> {
  const heap: T[] = []
  const push = (h: T | undefined) => {
    if (h === undefined) return
    let i = heap.push(h) - 1
    while (i > 0) {
      const up = (i - 1) >> 1
      if (!less(heap[i]!, heap[up]!)) break
      ;[heap[i], heap[up]] = [heap[up]!, heap[i]!]
      i = up
    }
  }
  const pop = (): T | undefined => {
    const top = heap[0]
    const last = heap.pop()
    if (heap.length > 0 && last) {
      heap[0] = last
      for (let i = 0; ; ) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r
        if (m === i) break
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    return top
  }
  for (let r = 0; r < sources; r++) push(pull(r))
  for (let h = pop(); h; h = pop()) {
    rival?.(heap[0])
    yield h
    push(pull(h.r))
  }
}

interface Head {
  key: string
  seq: number
  line: string
  r: number
}

/** Merges spilled runs back into one sorted stream (k-way merge through a binary heap). */
export async function* readSpilled(s: SpilledEvents): AsyncGenerator<TimelineEvent> {
  const readers = s.runs.map((f) => new RunReader(f))
  const pull = (r: number): Head | undefined => {
    const line = readers[r]!.next()
    if (line === undefined) return undefined
    const t1 = line.indexOf('\t')
    const t2 = line.indexOf('\t', t1 + 1)
    return {key: line.slice(0, t1), seq: Number(line.slice(t1 + 1, t2)), line: line.slice(t2 + 1), r}
  }
  // a Map, looked up only when there is anything to add: a missed key on the plain object that
  // crossed the worker boundary cost 1.4 s over 1,000,000 History events (CPU profile)
  const extra = new Map(Object.entries(s.extra))
  try {
    for (const h of mergeRuns(readers.length, pull, (a, b) => byKeySeq(a, b) < 0)) {
      const e = JSON.parse(h.line) as TimelineEvent
      if (extra.size > 0) applyExtra(e, extra)
      yield e
    }
  } finally {
    for (const r of readers) r.close()
  }
}

export function removeSpilled(s: SpilledEvents | undefined): void {
  if (s) removeTemp(s.dir)
}
