// The whole scan: each evidence argument is a case. Cases are processed in parallel worker
// threads when several are given (results placed by case index, so output is identical to a
// sequential run), then linked across cases and assessed.
import {existsSync} from 'node:fs'
import {basename, resolve} from 'node:path'
import {Worker} from 'node:worker_threads'

import {findLinks, personaLinkFinding} from '../analysis/links.js'
import {PARSERS} from '../artifacts/registry.js'
import type {EvidenceLimits} from '../evidence/virtual-file.js'
import {assessCase} from '../indicators/assess.js'
import {sortFindings} from '../indicators/engine.js'
import type {CaseReport, Report} from './model.js'
import {contextFromFiles, processCase, type CaseContext, type CaseJob, type IndicatorFiles} from './process-case.js'
import {TOOL_VERSION} from './version.js'

export interface RunScanOptions {
  evidence: string[]
  caseNames?: string[]
  /** Indicator inputs (validated beforehand); every worker loads them itself. */
  indicatorFiles?: IndicatorFiles
  /** Zone per case id, or `*` for every case. */
  hostTz?: Record<string, string>
  /** The worker's claimed IANA zone, for the time-of-activity analysis. */
  claimedTz?: string
  limits?: EvidenceLimits
  /** Events of one case kept in memory before spilling to disk (tests lower it). */
  spillAt?: number
  /** Cases processed at once (worker threads); 1 = in this thread. */
  jobs?: number
  generatedAt?: string
  command?: string
  onProgress?: (caseId: string, artifactPath: string) => void
  onCaseDone?: (c: CaseReport) => void
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

/** A case whose processing crashed: reported as failed, the other cases go on. */
function failedCase(job: CaseJob, message: string): CaseReport {
  const why = message.split('\n')[0]!.replace(/^Error: /, '')
  return {
    id: job.caseId, evidence: job.evidence, artifacts: [], events: [], findings: [],
    assessment: {score: 0, level: 'none', categories: [], reasons: [`The case could not be processed: ${why}.`]},
    warnings: [`case failed: ${why}`], failed: true,
  }
}

const WORKER_URL = new URL('./case-worker.js', import.meta.url)

async function processInWorkers(jobs: CaseJob[], files: IndicatorFiles, n: number, opts: RunScanOptions): Promise<CaseReport[]> {
  const results: CaseReport[] = new Array(jobs.length)
  let next = 0
  const runWorker = () => new Promise<void>((resolveAll, rejectAll) => {
    const w = new Worker(WORKER_URL, {workerData: {files, progress: opts.onProgress !== undefined}})
    let current = -1
    const feed = () => {
      if (next >= jobs.length) {
        void w.terminate().then(() => resolveAll())
        return
      }
      current = next++
      w.postMessage({index: current, job: jobs[current]})
    }
    w.on('message', (m: {index: number; report?: CaseReport; error?: string; progress?: string}) => {
      if (m.progress !== undefined) return opts.onProgress?.(jobs[m.index]!.caseId, m.progress)
      results[m.index] = m.report ?? failedCase(jobs[m.index]!, m.error ?? 'unknown error')
      opts.onCaseDone?.(results[m.index]!)
      feed()
    })
    w.on('error', (e) => {
      // the worker died (out of memory, native crash): fail its case, carry on in a new worker
      if (current >= 0 && !results[current]) results[current] = failedCase(jobs[current]!, e.message)
      runWorker().then(resolveAll, rejectAll)
    })
    feed()
  })
  await Promise.all(Array.from({length: Math.min(n, jobs.length)}, runWorker))
  return results
}

export async function runScan(opts: RunScanOptions): Promise<Report> {
  const ids = caseIds(opts.evidence, opts.caseNames)
  const files = opts.indicatorFiles ?? {}
  const ctx: CaseContext = contextFromFiles(files)
  const jobs: CaseJob[] = opts.evidence.map((ev, i) => ({
    evidence: ev, caseId: ids[i]!, hostTz: opts.hostTz?.[ids[i]!] ?? opts.hostTz?.['*'], claimedTz: opts.claimedTz, limits: opts.limits,
    spillAt: opts.spillAt,
  }))

  const parallel = (opts.jobs ?? 1) > 1 && jobs.length > 1 && existsSync(WORKER_URL)
  let cases: CaseReport[]
  if (parallel) {
    cases = await processInWorkers(jobs, files, opts.jobs!, opts)
  } else {
    cases = []
    for (const job of jobs) {
      let c: CaseReport
      try {
        c = await processCase(job, ctx, (p) => opts.onProgress?.(job.caseId, p))
      } catch (error) {
        c = failedCase(job, (error as Error).stack ?? String(error))
      }
      opts.onCaseDone?.(c)
      cases.push(c)
    }
  }

  const linkCases = cases.map((c) => ({id: c.id, values: c.internal?.linkValues ?? []}))
  const links = cases.length > 1 ? findLinks(linkCases) : []
  const linkIndicator = ctx.pack.indicators.find((i) => i.derived === 'cross_case_links')
  for (const [i, c] of cases.entries()) {
    if (c.failed) continue
    const byId = c.internal?.spilled ? undefined : new Map(c.events.map((e) => [e.id, e]))
    const f = personaLinkFinding(linkCases[i]!, links, linkIndicator, (id) => {
      if (byId) byId.get(id)?.indicators.push(linkIndicator!.id)
      else (c.internal!.spilled!.extra[id] ??= []).push(linkIndicator!.id)
    })
    if (f) c.findings.push(f)
    c.findings = sortFindings(c.findings)
    c.assessment = assessCase(c.findings, ctx.pack, {
      eventTypes: new Set(c.internal?.eventTypes ?? []),
      claimedTz: opts.claimedTz,
      activity: c.activity,
      caseCount: cases.length,
      suppressions: c.suppressions ?? [],
    })
  }

  const report: Report = {schema: 'dprk-triage/report@1', generator: {name: 'dprk-triage', version: TOOL_VERSION}, cases: [], links: []}
  if (opts.generatedAt) report.generatedAt = opts.generatedAt
  if (opts.command) report.command = opts.command
  report.method = {
    indicatorPack: {id: ctx.pack.id, version: ctx.pack.version, indicators: ctx.pack.indicators.length, loaded: [...ctx.pack.loaded, ...(files.ioc ?? []).map((f) => `IOC list ${f}`)]},
    ...(ctx.allow ? {allowlist: [...new Set(ctx.allow.entries.map((e) => e.origin))]} : {}),
    ...(opts.claimedTz ? {claimedTz: opts.claimedTz} : {}),
    ...(opts.hostTz && Object.keys(opts.hostTz).length ? {hostTz: opts.hostTz} : {}),
    parsers: PARSERS.map((p) => ({kind: p.kind, title: p.title})),
  }
  report.cases = cases
  report.links = links
  return report
}
