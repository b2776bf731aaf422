// The whole scan: each evidence argument is a case; cases are scanned in argument order and
// assembled into the contract report.
import {basename, resolve} from 'node:path'

import {assessCase} from '../indicators/assess.js'
import type {EvidenceLimits} from '../evidence/virtual-file.js'
import type {ArtifactRecord, CaseReport, Report} from './model.js'
import {scanCase} from './scan-case.js'
import {TOOL_VERSION} from './version.js'

export interface RunScanOptions {
  evidence: string[]
  caseNames?: string[]
  /** Zone per case id, or `*` for every case. */
  hostTz?: Record<string, string>
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
  const cases: CaseReport[] = []
  for (const [i, ev] of opts.evidence.entries()) {
    const id = ids[i]!
    const scanned = await scanCase(ev, {
      caseId: id,
      hostTz: opts.hostTz?.[id] ?? opts.hostTz?.['*'],
      limits: opts.limits,
      onArtifact: (a) => opts.onArtifact?.(id, a),
    })
    const findings: CaseReport['findings'] = []
    cases.push({
      id, evidence: ev, artifacts: scanned.artifacts, events: scanned.events, findings,
      assessment: assessCase(findings), warnings: scanned.warnings,
    })
  }
  const report: Report = {schema: 'dprk-triage/report@1', generator: {name: 'dprk-triage', version: TOOL_VERSION}, cases: [], links: []}
  if (opts.generatedAt) report.generatedAt = opts.generatedAt
  if (opts.command) report.command = opts.command
  report.cases = cases
  return report
}
