// Runs a pack over one case's events: per-event hits (with the matched field and value kept
// for explainability), allow-list suppressions, and the derived "several tools" indicator.
import type {Finding, TimelineEvent} from '../lib/model.js'
import {timeSortKey} from '../lib/time.js'
import type {Allowlist} from './allow.js'
import {compileIndicators, type CompiledIndicator, type Hit} from './match.js'
import type {Indicator, IndicatorPack} from './types.js'

const MAX_EVIDENCE = 10

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

export class IndicatorEngine {
  private compiled: CompiledIndicator[]
  private byType = new Map<string, CompiledIndicator[]>()

  constructor(
    readonly pack: IndicatorPack,
    private readonly allow?: Allowlist,
  ) {
    this.compiled = compileIndicators(pack.indicators)
  }

  private forType(type: string): CompiledIndicator[] {
    let list = this.byType.get(type)
    if (!list) {
      list = this.compiled.filter((c) => c.indicator.applies_to?.some((p) => typeMatches(p, type)) ?? true)
      this.byType.set(type, list)
    }
    return list
  }

  /** Matches every event of a case; sets `event.indicators` and returns findings. */
  matchCase(events: TimelineEvent[]): CaseMatch {
    const hits = new Map<string, {indicator: Indicator; events: TimelineEvent[]; evidence: Finding['evidence']}>()
    const suppressed = new Map<string, Suppression>()
    for (const e of events) {
      for (const c of this.forType(e.type)) {
        const hit: Hit | null = c.test(e)
        if (!hit) continue
        const ind = c.indicator
        const allowed = this.allow?.covers(e, ind.category)
        if (allowed) {
          const key = `${ind.id}\0${allowed.origin}\0${allowed.value}`
          const s = suppressed.get(key) ?? {indicator: ind.id, title: ind.title, events: 0, reason: `${allowed.type} ${allowed.value}: ${allowed.reason}`, origin: allowed.origin}
          s.events++
          suppressed.set(key, s)
          continue
        }
        e.indicators.push(ind.id)
        let h = hits.get(ind.id)
        if (!h) {
          h = {indicator: ind, events: [], evidence: []}
          hits.set(ind.id, h)
        }
        h.events.push(e)
        if (h.evidence!.length < MAX_EVIDENCE) h.evidence!.push({event: e.id, field: hit.field, value: hit.value.slice(0, 500)})
      }
    }
    const findings = [...hits.values()].map((h) => toFinding(h.indicator, h.events, h.evidence!))
    const multi = this.distinctTools(hits)
    if (multi) {
      for (const e of multi.events) e.indicators.push(multi.indicator.id)
      findings.push(toFinding(multi.indicator, multi.events, multi.tools.map((t) => ({event: t.event, field: 'tool', value: t.tool}))))
    }
    return {findings: sortFindings(findings), suppressions: [...suppressed.values()].sort((a, b) => a.indicator.localeCompare(b.indicator))}
  }

  /** RA-11-style derived indicator: distinct remote-access tools seen (after suppression). */
  private distinctTools(hits: Map<string, {indicator: Indicator; events: TimelineEvent[]}>):
    {indicator: Indicator; events: TimelineEvent[]; tools: Array<{tool: string; event: string}>} | undefined {
    const def = this.pack.indicators.find((i) => i.derived === 'distinct_tools')
    if (!def) return undefined
    const byTool = new Map<string, TimelineEvent[]>()
    for (const h of hits.values()) {
      const tool = h.indicator.tool
      if (!tool || h.indicator.category !== 'remote-access') continue
      byTool.set(tool, [...(byTool.get(tool) ?? []), ...h.events])
    }
    if (byTool.size < (def.min_distinct ?? 2)) return undefined
    const seen = new Set<string>()
    const events: TimelineEvent[] = []
    for (const list of byTool.values()) for (const e of list) if (!seen.has(e.id)) {
      seen.add(e.id)
      events.push(e)
    }
    events.sort((a, b) => (timeSortKey(a.time) < timeSortKey(b.time) ? -1 : timeSortKey(a.time) > timeSortKey(b.time) ? 1 : 0))
    const tools = [...byTool.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([tool, list]) => ({tool, event: list[0]!.id}))
    return {indicator: def, events, tools}
  }
}

function typeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1))
  return pattern === type
}

export function toFinding(ind: Indicator, events: TimelineEvent[], evidence: NonNullable<Finding['evidence']>): Finding {
  const times = events.map((e) => e.time).filter((t): t is string => t !== null).sort((a, b) => (timeSortKey(a) < timeSortKey(b) ? -1 : 1))
  return {
    indicator: ind.id,
    title: ind.title,
    category: ind.category,
    severity: ind.severity,
    events: events.map((e) => e.id),
    first: times[0] ?? null,
    last: times.at(-1) ?? null,
    weight: ind.weight,
    ...(ind.modifier_only ? {modifierOnly: true} : {}),
    ...(ind.false_positives ? {falsePositives: ind.false_positives} : {}),
    sources: ind.sources.map((s) => ({publisher: s.publisher, title: s.title, url: s.url, grade: s.grade})),
    evidence,
  }
}

const SEV = ['critical', 'high', 'medium', 'low', 'info']

export function sortFindings(f: Finding[]): Finding[] {
  return f.sort((a, b) => SEV.indexOf(a.severity) - SEV.indexOf(b.severity) || (b.weight ?? 0) - (a.weight ?? 0) || a.indicator.localeCompare(b.indicator))
}
