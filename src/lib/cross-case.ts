// What needs every case: which cases are one machine collected twice, cross-case links between
// different machines, the PER-02 finding they give each case, then each case's assessment. One
// place for both paths to it: a joint `scan` (run-scan.ts) and `merge` of per-case reports made
// apart (merge.ts), so both give the same notes, links, levels and bytes.
import {findLinks, personaLinkFinding, type LinkCase} from '../analysis/links.js'
import {findSameHosts, sameHostNote, type HostCase, type HostGroup} from '../analysis/same-host.js'
import {assessCase, notEvaluated} from '../indicators/assess.js'
import {sortFindings} from '../indicators/engine.js'
import type {IndicatorPack} from '../indicators/types.js'
import type {CaseReport, Link} from './model.js'

/** What the cross-case step needs of a case: its link values, identity and content hashes. */
export interface CrossCase extends LinkCase, HostCase {}

export interface CrossCaseResult {
  /** Links between different machines, in case order (none for a single case). */
  links: Link[]
  /** Case ids in order. */
  ids: string[]
  /** The machine collected more than once that a case belongs to. */
  groupOf: Map<string, HostGroup>
  /** Per machine: link values only its own collections share (not links). */
  notLinks: Map<HostGroup, Array<{type: string; value: string}>>
  /** Distinct machines among the cases (what persona links can be evaluated across). */
  hostCount: number
}

export function crossCase(cases: CrossCase[]): CrossCaseResult {
  const ids = cases.map((c) => c.id)
  const groupOf = new Map<string, HostGroup>()
  const notLinks = new Map<HostGroup, Array<{type: string; value: string}>>()
  if (cases.length < 2) return {links: [], ids, groupOf, notLinks, hostCount: cases.length}
  const groups = findSameHosts(cases)
  const host = cases.map((_, i) => i)
  for (const g of groups) {
    for (const i of g.members) {
      host[i] = g.members[0]!
      groupOf.set(ids[i]!, g)
    }
  }
  const byFirst = new Map(groups.map((g) => [g.members[0]!, g]))
  const links = findLinks(cases, host, (h, type, value) => {
    const g = byFirst.get(h)!
    ;(notLinks.get(g) ?? notLinks.set(g, []).get(g)!).push({type, value})
  })
  return {links, ids, groupOf, notLinks, hostCount: cases.length - groups.reduce((n, g) => n + g.members.length - 1, 0)}
}

/** The case's "same host, collected twice" note (replacing one a merged report already had). */
export function addSameHostNote(c: CaseReport, x: CrossCaseResult): void {
  delete c.sameHost
  const g = x.groupOf.get(c.id)
  if (!g || c.failed) return
  c.sameHost = sameHostNote(g, x.ids, c.artifacts, x.notLinks.get(g) ?? [])
}

export interface CompleteOptions {
  pack: IndicatorPack
  claimedTz?: string
  /** Distinct machines among the cases (CrossCaseResult.hostCount). */
  caseCount: number
  /** What the tool looks for (the parsers' titles and kinds): named when nothing could be read. */
  lookedFor: string[]
}

/** The indicator id cross-case links are reported under (PER-02 in the default pack). */
export function linkIndicatorId(pack: IndicatorPack): string | undefined {
  return pack.indicators.find((i) => i.derived === 'cross_case_links')?.id
}

/**
 * Adds the case's PER-02 finding from `links` (`mark` tags each supporting event with the
 * indicator id) and sorts the findings. Failed cases are left as they are.
 */
export function addLinkFinding(c: CaseReport, links: Link[], pack: IndicatorPack, mark: (eventId: string, indicator: string) => void): void {
  if (c.failed) return
  const indicator = pack.indicators.find((i) => i.derived === 'cross_case_links')
  const sameHost = new Set(c.sameHost?.cases ?? [])
  const f = personaLinkFinding({id: c.id, values: c.internal?.linkValues ?? []}, links, indicator, (id) => mark(id, indicator!.id), sameHost)
  if (f) c.findings.push(f)
  c.findings = sortFindings(c.findings)
}

/** The case's verdict from its findings (after addLinkFinding) and what could be evaluated. */
export function assessWithLinks(c: CaseReport, opts: CompleteOptions): void {
  if (c.failed) return
  // a case in which nothing was read gets no verdict (not a clean NONE)
  if (!c.artifacts.some((a) => a.status === 'parsed' || a.status === 'partial')) {
    c.assessment = notEvaluated(c.artifacts, opts.lookedFor)
    return
  }
  c.assessment = assessCase(c.findings, opts.pack, {
    eventTypes: new Set(c.internal?.eventTypes ?? []),
    claimedTz: opts.claimedTz,
    activity: c.activity,
    caseCount: opts.caseCount,
    suppressions: c.suppressions ?? [],
  })
}

/** Every step, for a case whose events are all known (a joint scan). */
export function completeCase(c: CaseReport, x: CrossCaseResult, opts: CompleteOptions, mark: (eventId: string, indicator: string) => void): void {
  addSameHostNote(c, x)
  addLinkFinding(c, x.links, opts.pack, mark)
  assessWithLinks(c, opts)
}
