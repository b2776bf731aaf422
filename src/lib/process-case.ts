// Everything that can be done for one case on its own: scan, indicator matching, activity.
// Runs in the main thread or in a worker thread; cross-case links and the assessment come
// after all cases, in run-scan.ts.
import {stat} from 'node:fs/promises'

import {ActivityAccumulator, timeOfActivityFinding} from '../analysis/activity.js'
import {LINK_FIELDS, LinkCollector, linkValues} from '../analysis/links.js'
import {HostIdentityCollector, IDENTITY_FIELDS, identityValues} from '../analysis/same-host.js'
import type {EvidenceLimits} from '../evidence/virtual-file.js'
import {Allowlist, loadAllowFiles} from '../indicators/allow.js'
import {CaseMatcher, IndicatorEngine} from '../indicators/engine.js'
import {loadIocFiles} from '../indicators/ioc.js'
import {loadPack} from '../indicators/load.js'
import type {IndicatorPack} from '../indicators/types.js'
import {inTempScope} from '../core/temp-registry.js'
import {timesketchLine} from '../report/timesketch-line.js'
import {EventStore} from './event-store.js'
import {lineSortKey, LineStore} from './line-store.js'
import type {CaseReport, TimelineEvent} from './model.js'
import {scanCase} from './scan-case.js'
import {timeSortKey} from './time.js'
import type {TimeRange} from './time-range.js'

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
  /** `--local-time-kinds`: kinds treated as local time for this run. */
  localTimeKinds?: string[]
  claimedTz?: string
  /** End of employment (`--termination-date`, `YYYY-MM-DD`): indicators with `near_termination` count events around it. */
  termination?: string
  /** `--codepage` (a WHATWG label from lib/text.ts). */
  codepage?: import('./text.js').Codepage
  limits?: EvidenceLimits
  /** Events kept in memory before the timeline spills to a temp folder. */
  spillAt?: number
  /**
   * The case's temp folder, made and removed by the main thread (run-scan.ts): spilled events
   * and every private copy of the case go inside it, so a worker thread that dies leaves
   * nothing the main thread does not know of.
   */
  tempDir?: string
  /** `--from`/`--to`: events outside are left out (counted in a case warning). */
  timeRange?: TimeRange
  /** `--kinds`/`--exclude-kinds`: the artifact kinds to read (undefined: every kind). */
  kinds?: string[]
  /**
   * The report is JSONL only: each event becomes its finished line as it is produced and the
   * case keeps lines, not events (lib/line-store.ts; nothing is parsed back).
   */
  jsonlLines?: boolean
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
  return inTempScope(job.tempDir, () => scanOne(job, ctx, onArtifact))
}

async function scanOne(job: CaseJob, ctx: CaseContext, onArtifact?: (path: string) => void): Promise<CaseReport> {
  try {
    await stat(job.evidence)
  } catch (error) {
    throw new Error(`evidence cannot be opened (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  // every event passes once through matching and analysis, then into the store (memory or disk)
  const lines = job.jsonlLines ? new LineStore(job.spillAt, job.tempDir) : undefined
  const store = lines ? undefined : new EventStore(job.spillAt, job.tempDir)
  const keep = lines ? (e: TimelineEvent) => lines.add(timeSortKey(e.time), timesketchLine(job.caseId, e) + '\n') : (e: TimelineEvent) => store!.add(e)
  // a case that fails half-way must not leave its spilled runs behind (the report that would
  // release them is never made)
  try {
    const matcher = new CaseMatcher(ctx.engine, job.termination ? {termination: `${job.termination}T00:00:00Z`} : {})
    const activity = job.claimedTz ? new ActivityAccumulator() : undefined
    const links = new LinkCollector(ctx.allow)
    const identity = new HostIdentityCollector()
    const types = new Set<string>()
    const scanned = await scanCase(job.evidence, {
      caseId: job.caseId, hostTz: job.hostTz, localTimeKinds: job.localTimeKinds, limits: job.limits, timeRange: job.timeRange, codepage: job.codepage,
      selectKind: job.kinds ? ((kinds) => (k: string) => kinds.has(k))(new Set(job.kinds)) : undefined,
      onArtifact: onArtifact ? (a) => onArtifact(a.path) : undefined,
      match: (e) => matcher.observe(e),
      // with activity hours on, every event's time is counted (and night events tagged later)
      lines: lines && !activity ? {
        quiet: (e, perRow) => !perRow.some((f) => LINK_FIELDS.includes(f) || IDENTITY_FIELDS.includes(f)) &&
          matcher.quiet(e, perRow) && linkValues(e).length === 0 && identityValues(e).length === 0,
        add: (type, line) => {
          types.add(type)
          lines.add(lineSortKey(line), line)
        },
      } : undefined,
      onEvent: (e) => {
        activity?.observe(e)
        links.observe(e)
        identity.observe(e)
        types.add(e.type)
        keep(e)
      },
    })
    const {findings, suppressions} = matcher.result()
    const c: CaseReport = {
      id: job.caseId, evidence: job.evidence, artifacts: scanned.artifacts, events: [], findings,
      assessment: {score: 0, level: 'none', categories: [], reasons: []}, warnings: scanned.warnings,
    }
    if (scanned.outsideRange > 0) {
      const window = `${job.timeRange?.from ?? 'the start'} to ${job.timeRange?.to ?? 'the end'}`
      c.warnings.push(`--from/--to: ${scanned.outsideRange} event${scanned.outsideRange === 1 ? '' : 's'} outside ${window} left out (events without a time are kept)`)
    }
    if (suppressions.length > 0) c.suppressions = suppressions
    if (activity) {
      const act = activity.result(job.claimedTz!)
      c.activity = act.profile
      const f = timeOfActivityFinding(act, ctx.pack.indicators.find((i) => i.derived === 'activity_hours'))
      if (f) {
        for (const e of act.nightEvents) (lines ?? store!).addIndicator(e.id, f.indicator)
        findings.push(f)
      }
    }
    const inMemory = store?.finishInMemory()
    c.events = inMemory ?? []
    const kept = lines ? {lines: lines.finish()} : inMemory ? {} : {spilled: store!.finishSpilled()}
    c.internal = {eventCount: (lines ?? store!).count, eventTypes: [...types].sort(), linkValues: links.result(), hostIdentity: identity.result(), skippedFiles: scanned.skipped, ...kept}
    return c
  } catch (error) {
    store?.discard()
    lines?.discard()
    throw error
  }
}
