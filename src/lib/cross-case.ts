// What needs every case: cross-case links, the PER-02 finding they give each case, then each
// case's assessment. One place for both paths to it: a joint `scan` (run-scan.ts) and `merge`
// of per-case reports made apart (merge.ts), so both give the same links, levels and bytes.
import {findLinks, personaLinkFinding, type LinkCase} from '../analysis/links.js'
import {assessCase, notEvaluated} from '../indicators/assess.js'
import {sortFindings} from '../indicators/engine.js'
import type {IndicatorPack} from '../indicators/types.js'
import type {CaseReport, Link} from './model.js'

/** Links between the cases, in case order (none for a single case). */
export function crossCaseLinks(cases: LinkCase[]): Link[] {
  return cases.length > 1 ? findLinks(cases) : []
}

export interface CompleteOptions {
  pack: IndicatorPack
  claimedTz?: string
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
  const f = personaLinkFinding({id: c.id, values: c.internal?.linkValues ?? []}, links, indicator, (id) => mark(id, indicator!.id))
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

/** Both steps, for a case whose events are all known (a joint scan). */
export function completeCase(c: CaseReport, links: Link[], opts: CompleteOptions, mark: (eventId: string, indicator: string) => void): void {
  addLinkFinding(c, links, opts.pack, mark)
  assessWithLinks(c, opts)
}
