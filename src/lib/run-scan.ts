// The whole scan: each evidence argument is a case; cases are scanned in argument order, then
// matched against the indicator pack, analysed (activity hours, cross-case links) and assessed.
import {basename, resolve} from 'node:path'

import {activityProfile, timeOfActivityFinding} from '../analysis/activity.js'
import {findLinks, personaLinkFinding} from '../analysis/links.js'
import {PARSERS} from '../artifacts/registry.js'
import type {EvidenceLimits} from '../evidence/virtual-file.js'
import type {Allowlist} from '../indicators/allow.js'
import {assessCase} from '../indicators/assess.js'
import {IndicatorEngine, sortFindings} from '../indicators/engine.js'
import type {IndicatorPack} from '../indicators/types.js'
import type {ArtifactRecord, CaseReport, Report} from './model.js'
import {scanCase} from './scan-case.js'
import {TOOL_VERSION} from './version.js'

export interface RunScanOptions {
  evidence: string[]
  caseNames?: string[]
  pack: IndicatorPack
  allow?: Allowlist
  /** Zone per case id, or `*` for every case. */
  hostTz?: Record<string, string>
  /** The worker's claimed IANA zone, for the time-of-activity analysis. */
  claimedTz?: string
  limits?: EvidenceLimits
  generatedAt?: string
  command?: string
  onArtifact?: (caseId: string, a: ArtifactRecord) => void
}

/** Case ids: the user's names, else evidence basenames, made unique with `-2`, `-3`… */
export function caseIds(evidence: string[], names: string[] = []): string[] {
  const used = new Map<string, number>()
  return evidence.map((ev, i) => {
    const base = names[i] ?? (basename(resolve(ev)) || ev)
    const n = (used.get(base) ?? 0) + 1
    used.set(base, n)
    return n === 1 ? base : `${base}-${n}`
  })
}

export async function runScan(opts: RunScanOptions): Promise<Report> {
  const ids = caseIds(opts.evidence, opts.caseNames)
  const engine = new IndicatorEngine(opts.pack, opts.allow)
  const timeIndicator = opts.pack.indicators.find((i) => i.derived === 'activity_hours')
  const linkIndicator = opts.pack.indicators.find((i) => i.derived === 'cross_case_links')
  const cases: CaseReport[] = []
  const sufficient = new Map<string, boolean>()
  for (const [i, ev] of opts.evidence.entries()) {
    const id = ids[i]!
    const scanned = await scanCase(ev, {
      caseId: id,
      hostTz: opts.hostTz?.[id] ?? opts.hostTz?.['*'],
      limits: opts.limits,
      onArtifact: (a) => opts.onArtifact?.(id, a),
    })
    const {findings, suppressions} = engine.matchCase(scanned.events)
    const c: CaseReport = {
      id, evidence: ev, artifacts: scanned.artifacts, events: scanned.events, findings,
      assessment: {score: 0, level: 'none', categories: [], reasons: []}, warnings: scanned.warnings,
    }
    if (suppressions.length > 0) c.suppressions = suppressions
    if (opts.claimedTz) {
      const act = activityProfile(scanned.events, opts.claimedTz)
      c.activity = act.profile
      sufficient.set(id, act.profile.sufficient)
      const f = timeOfActivityFinding(act, timeIndicator)
      if (f) {
        for (const e of act.nightEvents) e.indicators.push(f.indicator)
        findings.push(f)
      }
    }
    cases.push(c)
  }

  const links = cases.length > 1 ? findLinks(cases, opts.allow) : []
  for (const c of cases) {
    const f = personaLinkFinding(c.id, c.events, links, linkIndicator)
    if (f) c.findings.push(f)
    c.findings = sortFindings(c.findings)
    c.assessment = assessCase(c.findings, opts.pack, {
      eventTypes: new Set(c.events.map((e) => e.type)),
      claimedTz: opts.claimedTz,
      activitySufficient: sufficient.get(c.id),
      caseCount: cases.length,
      suppressions: c.suppressions ?? [],
    })
  }

  const report: Report = {schema: 'dprk-triage/report@1', generator: {name: 'dprk-triage', version: TOOL_VERSION}, cases: [], links: []}
  if (opts.generatedAt) report.generatedAt = opts.generatedAt
  if (opts.command) report.command = opts.command
  report.method = {
    indicatorPack: {id: opts.pack.id, version: opts.pack.version, indicators: opts.pack.indicators.length, loaded: opts.pack.loaded},
    ...(opts.allow ? {allowlist: [...new Set(opts.allow.entries.map((e) => e.origin))]} : {}),
    ...(opts.claimedTz ? {claimedTz: opts.claimedTz} : {}),
    ...(opts.hostTz && Object.keys(opts.hostTz).length ? {hostTz: opts.hostTz} : {}),
    parsers: PARSERS.map((p) => ({kind: p.kind, title: p.title})),
  }
  report.cases = cases
  report.links = links
  return report
}
