// Everything that can be done for one case on its own: scan, indicator matching, activity.
// Runs in the main thread or in a worker thread; cross-case links and the assessment come
// after all cases, in run-scan.ts.
import {stat} from 'node:fs/promises'

import {activityProfile, timeOfActivityFinding} from '../analysis/activity.js'
import type {EvidenceLimits} from '../evidence/virtual-file.js'
import {Allowlist, loadAllowFiles} from '../indicators/allow.js'
import {IndicatorEngine} from '../indicators/engine.js'
import {loadIocFiles} from '../indicators/ioc.js'
import {loadPack} from '../indicators/load.js'
import type {IndicatorPack} from '../indicators/types.js'
import type {CaseReport} from './model.js'
import {scanCase} from './scan-case.js'

/** Indicator inputs by file name, so a worker thread can load the same pack itself. */
export interface IndicatorFiles {
  rules?: string[]
  ioc?: string[]
  allow?: string[]
}

export interface CaseJob {
  evidence: string
  caseId: string
  hostTz?: string
  claimedTz?: string
  limits?: EvidenceLimits
}

export interface CaseContext {
  pack: IndicatorPack
  allow?: Allowlist
  engine: IndicatorEngine
}

/** Loads pack and allow list from files (validated already by the command). */
export function contextFromFiles(files: IndicatorFiles): CaseContext {
  const pack = loadPack({rules: files.rules})
  if (files.ioc?.length) pack.indicators.push(...loadIocFiles(files.ioc).indicators)
  const allow = files.allow?.length ? new Allowlist(loadAllowFiles(files.allow).entries) : undefined
  return {pack, allow, engine: new IndicatorEngine(pack, allow)}
}

/** A case report without its assessment (that needs every case, for cross-case links). */
export async function processCase(job: CaseJob, ctx: CaseContext, onArtifact?: (path: string) => void): Promise<CaseReport> {
  try {
    await stat(job.evidence)
  } catch (error) {
    throw new Error(`evidence cannot be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  const scanned = await scanCase(job.evidence, {
    caseId: job.caseId, hostTz: job.hostTz, limits: job.limits,
    onArtifact: onArtifact ? (a) => onArtifact(a.path) : undefined,
  })
  const {findings, suppressions} = ctx.engine.matchCase(scanned.events)
  const c: CaseReport = {
    id: job.caseId, evidence: job.evidence, artifacts: scanned.artifacts, events: scanned.events, findings,
    assessment: {score: 0, level: 'none', categories: [], reasons: []}, warnings: scanned.warnings,
  }
  if (suppressions.length > 0) c.suppressions = suppressions
  if (job.claimedTz) {
    const act = activityProfile(scanned.events, job.claimedTz)
    c.activity = act.profile
    const f = timeOfActivityFinding(act, ctx.pack.indicators.find((i) => i.derived === 'activity_hours'))
    if (f) {
      for (const e of act.nightEvents) e.indicators.push(f.indicator)
      findings.push(f)
    }
  }
  return c
}
