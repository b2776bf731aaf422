// Runs a pack over one case's events as they stream past: per-event hits (with the matched field
// and value kept for explainability), allow-list suppressions, and the derived "several tools"
// indicator. Only ids and time ranges are kept, so memory does not grow with event size.
import type {Finding, TimelineEvent} from '../lib/model.js'
import {timeSortKey} from '../lib/time.js'
import type {Allowlist} from './allow.js'
import {compileIndicators, fieldValue, type CompiledIndicator, type Hit} from './match.js'
import type {Indicator, IndicatorPack} from './types.js'

const MAX_EVIDENCE = 10
const DAY_MS = 86_400_000

export interface Suppression {
  indicator: string
  title: string
  events: number
  reason: string
  origin: string
}

export interface CaseMatch {
  findings: Finding[]
  suppressions: Suppression[]
}

/** Event ids with their time range, built up one event at a time. */
export class Support {
  ids: string[] = []
  first: string | null = null
  last: string | null = null
  private firstKey = ''
  private lastKey = ''

  add(id: string, time: string | null): void {
    this.ids.push(id)
    this.widen(time)
  }

  /** Extends the time range without adding an event. */
  widen(time: string | null): void {
    if (time === null) return
    const k = timeSortKey(time)
    if (this.first === null || k < this.firstKey) {
      this.first = time
      this.firstKey = k
    }
    if (this.last === null || k > this.lastKey) {
      this.last = time
      this.lastKey = k
    }
  }
}

/**
 * The indicators of one event type, with their answers (hits in pack order) remembered per
 * distinct combination of the values they read: 1,000,000 History visits of 50,000 URLs ask the
 * pack 50,000 times. Tests are pure functions of those values, so the answers are the same.
 * One map level, keyed by the value of the read with the most distinct values in the first
 * events (a URL), holds the combinations seen with that value; the other values are compared
 * as Map keys would be (SameValueZero). One lookup a event instead of one per read, and no map
 * per distinct value of the others (#17).
 */
export class IndicatorGroup {
  private memo = new Map<unknown, Remembered | Remembered[]>()
  private size = 0
  private lookups = 0
  private repeats = 0
  private remember = true
  /** Index in `reads` of the keying read; -1 while the first events are sampled. */
  private keyAt = -1
  /** The values of the first events (until the keying read is chosen). */
  private sampled: unknown[][] = []
  private rekeys = 0
  /** The values of the event being looked up (copied when remembered). */
  private readonly values: unknown[]

  constructor(
    readonly reads: readonly string[],
    readonly members: readonly CompiledIndicator[],
  ) {
    this.values = new Array<unknown>(reads.length)
  }

  hits(e: TimelineEvent): Answer {
    if (this.members.length === 0) return NO_HITS
    if (!this.remember) return this.test(e)
    const reads = this.reads
    const values = this.values
    for (let i = 0; i < reads.length; i++) values[i] = fieldValue(e, reads[i]!)
    if (this.keyAt < 0) return this.sample(e)
    const got = this.memo.get(values[this.keyAt])
    this.lookups++
    if (got !== undefined) {
      if (!Array.isArray(got)) {
        if (sameValues(got.values, values)) return this.repeat(got)
      } else {
        for (let i = 0; i < got.length; i++) if (sameValues(got[i]!.values, values)) return this.repeat(got[i]!)
      }
    }
    // values that seldom repeat (a message per event) are not worth remembering
    if (this.lookups === 50_000 && this.repeats < 12_500) {
      this.remember = false
      this.memo = new Map()
    }
    const found = this.test(e)
    if (this.size >= MEMO_SIZE) {
      this.memo = new Map()
      this.size = 0
    } else if (this.remember) {
      const r: Remembered = {values: values.slice(), answer: found}
      const key = values[this.keyAt]
      const now = this.memo.get(key)
      if (now === undefined) this.memo.set(key, r)
      else if (!Array.isArray(now)) this.memo.set(key, [now, r])
      else if (now.length < MAX_BUCKET) now.push(r)
      else {
        // the keying read has too few values (the first events misled the choice): keyed anew
        // by what varies in this bucket, a few times at most; a bucket stays at MAX_BUCKET, so a
        // lookup compares at most that many combinations whatever the events
        this.rekey(now)
        return found
      }
      this.size++
    }
    return found
  }

  /** Number of combinations in the largest bucket (tests). */
  get largestBucket(): number {
    let most = 0
    for (const v of this.memo.values()) most = Math.max(most, Array.isArray(v) ? v.length : 1)
    return most
  }

  private rekey(bucket: Remembered[]): void {
    if (this.rekeys >= MAX_REKEYS) return
    this.rekeys++
    this.keyAt = mostVaried(bucket.map((r) => r.values), this.keyAt)
    this.memo = new Map()
    this.size = 0
  }

  private repeat(r: Remembered): Answer {
    this.repeats++
    return r.answer
  }

  /** The first SAMPLE events are tested as they come while the keying read is chosen. */
  private sample(e: TimelineEvent): Answer {
    this.sampled.push(this.values.slice())
    if (this.sampled.length === SAMPLE) {
      this.keyAt = mostVaried(this.sampled)
      this.sampled = []
    }
    return this.test(e)
  }

  private test(e: TimelineEvent): Answer {
    let out: Array<readonly [CompiledIndicator, Hit]> | undefined
    for (const c of this.members) {
      const hit = c.test(e)
      if (hit) (out ??= []).push([c, hit])
    }
    return out ?? NO_HITS
  }
}

interface Remembered {
  values: unknown[]
  answer: Answer
}

/** The position whose values differ most often across `rows` (the first such; `skip` excluded, and kept when it is the only one). */
function mostVaried(rows: readonly unknown[][], skip = -1): number {
  let best = skip
  let most = 0
  for (let i = 0; i < (rows[0]?.length ?? 0); i++) {
    if (i === skip) continue
    const n = new Set(rows.map((r) => r[i])).size
    if (n > most) {
      most = n
      best = i
    }
  }
  return Math.max(best, 0)
}

/** Both lists hold the same values as Map keys tell them apart (SameValueZero: NaN is NaN, 0 is -0). */
function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    if (x !== y && (x === x || y === y)) return false
  }
  return true
}

type Answer = ReadonlyArray<readonly [CompiledIndicator, Hit]>
const MEMO_SIZE = 100_000
/** Events looked at before the keying read is chosen. */
const SAMPLE = 256
/** Combinations kept with one value of the keying read. */
const MAX_BUCKET = 16
/** Times the keying read is chosen anew when a bucket fills. */
const MAX_REKEYS = 4
const NO_HITS: Answer = []

export class IndicatorEngine {
  private compiled: CompiledIndicator[]
  private byType = new Map<string, CompiledIndicator[]>()
  private groupByType = new Map<string, IndicatorGroup>()

  constructor(
    readonly pack: IndicatorPack,
    readonly allow?: Allowlist,
  ) {
    this.compiled = compileIndicators(pack.indicators)
  }

  forType(type: string): CompiledIndicator[] {
    let list = this.byType.get(type)
    if (!list) {
      list = this.compiled.filter((c) => c.indicator.applies_to?.some((p) => typeMatches(p, type)) ?? true)
      this.byType.set(type, list)
    }
    return list
  }

  /** The type's indicators, answering once per distinct combination of the values they read. */
  groupFor(type: string): IndicatorGroup {
    let g = this.groupByType.get(type)
    if (!g) {
      const members = this.forType(type)
      g = new IndicatorGroup([...new Set(members.flatMap((c) => c.reads))].sort(), members)
      this.groupByType.set(type, g)
    }
    return g
  }

  /** Matches a whole array of events (small cases, tests). */
  matchCase(events: TimelineEvent[], facts: CaseFacts = {}): CaseMatch {
    const m = new CaseMatcher(this, facts)
    for (const e of events) m.observe(e)
    return m.result()
  }
}

export interface CaseFacts {
  /** End of employment (`--termination-date`, UTC ISO): `near_termination` indicators count only events around it. */
  termination?: string
}

export class CaseMatcher {
  private hits = new Map<string, {indicator: Indicator; support: Support; evidence: NonNullable<Finding['evidence']>}>()
  private suppressed = new Map<string, Suppression>()
  private tools = new Map<string, {support: Support; firstEvent: string}>()
  private readonly terminationMs?: number

  constructor(private readonly engine: IndicatorEngine, facts: CaseFacts = {}) {
    if (facts.termination) this.terminationMs = Date.parse(facts.termination)
  }

  /** Whether the event lies in the indicator's window around the termination date. */
  private nearTermination(w: NonNullable<Indicator['near_termination']>, time: string | null): boolean {
    if (this.terminationMs === undefined || Number.isNaN(this.terminationMs) || time === null) return false
    const t = Date.parse(time)
    return t >= this.terminationMs - w.days_before * DAY_MS && t < this.terminationMs + (w.days_after + 1) * DAY_MS
  }

  /**
   * Whether no indicator would hit any event like e: of its type, with its values of every field
   * the type's indicators read, none of which is among `perRow` (values that differ between those
   * events). Such events need not be observed: without a hit, observe changes nothing.
   */
  quiet(e: TimelineEvent, perRow: readonly string[]): boolean {
    const g = this.engine.groupFor(e.type)
    if (g.members.length === 0) return true
    if (g.reads.some((r) => perRow.includes(r))) return false
    return g.hits(e).length === 0
  }

  /** Tests one event; sets its `indicators`. */
  observe(e: TimelineEvent): void {
    for (const [c, hit] of this.engine.groupFor(e.type).hits(e)) {
      const w = c.indicator.near_termination
      if (w && !this.nearTermination(w, e.time)) continue
      this.record(e, c, hit)
    }
  }

  private record(e: TimelineEvent, c: CompiledIndicator, hit: Hit): void {
    const ind = c.indicator
    const allowed = this.engine.allow?.covers(e, ind.category)
    if (allowed) {
      const key = `${ind.id}\0${allowed.origin}\0${allowed.value}`
      const s = this.suppressed.get(key) ?? {indicator: ind.id, title: ind.title, events: 0, reason: `${allowed.type} ${allowed.value}: ${allowed.reason}`, origin: allowed.origin}
      s.events++
      this.suppressed.set(key, s)
      return
    }
    e.indicators.push(ind.id)
    let h = this.hits.get(ind.id)
    if (!h) {
      h = {indicator: ind, support: new Support(), evidence: []}
      this.hits.set(ind.id, h)
    }
    h.support.add(e.id, e.time)
    if (h.evidence.length < MAX_EVIDENCE) h.evidence.push({event: e.id, field: hit.field, value: hit.value.slice(0, 500)})
    if (ind.tool && ind.category === 'remote-access') {
      let t = this.tools.get(ind.tool)
      if (!t) {
        t = {support: new Support(), firstEvent: e.id}
        this.tools.set(ind.tool, t)
      }
      if (t.support.ids.at(-1) !== e.id) t.support.add(e.id, e.time)
    }
  }

  result(): CaseMatch {
    const findings = [...this.hits.values()].map((h) => toFinding(h.indicator, h.support, h.evidence))
    const def = this.engine.pack.indicators.find((i) => i.derived === 'distinct_tools')
    if (def && this.tools.size >= (def.min_distinct ?? 2)) {
      // RA-11: the supporting events of every tool, once each
      const all = new Support()
      const seen = new Set<string>()
      const entries = [...this.tools.entries()].sort(([a], [b]) => a.localeCompare(b))
      for (const [, t] of entries) {
        for (const id of t.support.ids) if (!seen.has(id)) {
          seen.add(id)
          all.ids.push(id)
        }
        all.widen(t.support.first)
        all.widen(t.support.last)
      }
      findings.push(toFinding(def, all, entries.map(([tool, t]) => ({event: t.firstEvent, field: 'tool', value: tool}))))
    }
    return {findings: sortFindings(findings), suppressions: [...this.suppressed.values()].sort((a, b) => a.indicator.localeCompare(b.indicator))}
  }
}

function typeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1))
  return pattern === type
}

export function toFinding(ind: Indicator, support: Support, evidence: NonNullable<Finding['evidence']>): Finding {
  return {
    indicator: ind.id,
    title: ind.title,
    category: ind.category,
    severity: ind.severity,
    events: support.ids,
    first: support.first,
    last: support.last,
    weight: ind.weight,
    ...(ind.modifier_only ? {modifierOnly: true} : {}),
    ...(ind.false_positives ? {falsePositives: ind.false_positives} : {}),
    ...(ind.description ? {description: ind.description} : {}),
    sources: ind.sources.map((s) => ({publisher: s.publisher, title: s.title, url: s.url, grade: s.grade})),
    evidence,
  }
}

const SEV = ['critical', 'high', 'medium', 'low', 'info']

export function sortFindings(f: Finding[]): Finding[] {
  return f.sort((a, b) => SEV.indexOf(a.severity) - SEV.indexOf(b.severity) || (b.weight ?? 0) - (a.weight ?? 0) || a.indicator.localeCompare(b.indicator))
}
