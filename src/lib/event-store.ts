// A case's timeline without holding it in memory: events are kept in memory up to a limit,
// then written as sorted runs to a private temp folder and merged back in contract order (time,
// nulls last, then emission order) when a writer reads them. Indicator ids added after an
// event was stored (time of activity, cross-case links) are applied as it is read back.
import {appendFileSync, createReadStream, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

import type {TimelineEvent} from './model.js'
import {timeSortKey} from './time.js'

export const DEFAULT_SPILL_AT = 50_000

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
  e: TimelineEvent
}

const byKeySeq = (a: {key: string; seq: number}, b: {key: string; seq: number}) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq)

export class EventStore {
  private mem: Item[] = []
  private runs: string[] = []
  private dir?: string
  private seq = 0
  private extra = new Map<string, string[]>()

  constructor(private readonly spillAt = DEFAULT_SPILL_AT) {}

  get count(): number {
    return this.seq
  }

  get spilled(): boolean {
    return this.runs.length > 0
  }

  add(e: TimelineEvent): void {
    this.mem.push({key: timeSortKey(e.time), seq: this.seq++, e})
    if (this.mem.length >= this.spillAt) this.spill()
  }

  /** Adds an indicator id to an already stored event (applied when events are read). */
  addIndicator(id: string, indicator: string): void {
    const list = this.extra.get(id) ?? []
    if (!list.includes(indicator)) list.push(indicator)
    this.extra.set(id, list)
  }

  private spill(): void {
    if (this.mem.length === 0) return
    this.dir ??= mkdtempSync(join(tmpdir(), 'dprk-triage-events-'))
    const file = join(this.dir, `run-${this.runs.length}.jsonl`)
    this.mem.sort(byKeySeq)
    // written in slices so one run never needs a second copy of itself in memory
    for (let i = 0; i < this.mem.length; i += 5000) {
      appendFileSync(file, this.mem.slice(i, i + 5000).map((x) => `${x.key}\t${x.seq}\t${JSON.stringify(x.e)}`).join('\n') + '\n', {mode: 0o600})
    }
    this.runs.push(file)
    this.mem = []
  }

  /** Small cases: the sorted events as an array (indicator additions applied). */
  finishInMemory(): TimelineEvent[] | undefined {
    if (this.spilled) return undefined
    this.mem.sort(byKeySeq)
    const out = this.mem.map((x) => x.e)
    for (const e of out) applyExtra(e, this.extra)
    this.mem = []
    return out
  }

  /** Large cases: flush the rest to disk and describe the runs. */
  finishSpilled(): SpilledEvents {
    this.spill()
    return {dir: this.dir!, runs: this.runs, count: this.seq, extra: Object.fromEntries(this.extra)}
  }
}

function applyExtra(e: TimelineEvent, extra: Map<string, string[]> | Record<string, string[]>): void {
  const add = extra instanceof Map ? extra.get(e.id) : extra[e.id]
  if (add) for (const i of add) if (!e.indicators.includes(i)) e.indicators.push(i)
}

/** Merges spilled runs back into one sorted stream (k-way merge over line readers). */
export async function* readSpilled(s: SpilledEvents): AsyncGenerator<TimelineEvent> {
  const readers = s.runs.map((f) => createInterface({input: createReadStream(f), crlfDelay: Infinity})[Symbol.asyncIterator]())
  const heads: Array<{key: string; seq: number; line: string; r: number} | undefined> = []
  const pull = async (r: number) => {
    const n = await readers[r]!.next()
    if (n.done) return undefined
    const t1 = n.value.indexOf('\t')
    const t2 = n.value.indexOf('\t', t1 + 1)
    return {key: n.value.slice(0, t1), seq: Number(n.value.slice(t1 + 1, t2)), line: n.value.slice(t2 + 1), r}
  }
  for (let r = 0; r < readers.length; r++) heads[r] = await pull(r)
  for (;;) {
    let best = -1
    for (let r = 0; r < heads.length; r++) {
      const h = heads[r]
      if (h && (best === -1 || byKeySeq(h, heads[best]!) < 0)) best = r
    }
    if (best === -1) return
    const e = JSON.parse(heads[best]!.line) as TimelineEvent
    applyExtra(e, s.extra)
    yield e
    heads[best] = await pull(best)
  }
}

export function removeSpilled(s: SpilledEvents | undefined): void {
  if (s) rmSync(s.dir, {recursive: true, force: true})
}
