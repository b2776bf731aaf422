// The whole scan: each evidence argument is a case. Cases are processed in parallel worker
// threads when several are given (results placed by case index, so output is identical to a
// sequential run), then linked across cases and assessed.
import {existsSync} from 'node:fs'
import {basename, resolve} from 'node:path'
import {Worker} from 'node:worker_threads'

import {contentHashes} from '../analysis/same-host.js'
import {PARSERS} from '../artifacts/registry.js'
import {makeTempDir, removeTemp, trackWriter} from '../core/temp-registry.js'
import type {EvidenceLimits} from '../evidence/virtual-file.js'
import type {Allowlist} from '../indicators/allow.js'
import {IndicatorEngine} from '../indicators/engine.js'
import type {IndicatorPack} from '../indicators/types.js'
import {completeCase, crossCase} from './cross-case.js'
import {releaseTimeline} from './line-store.js'
import type {CaseReport, Report} from './model.js'
import {convertsLocalTime} from './scan-case.js'
import {contextFromFiles, processCase, type CaseContext, type CaseJob, type IndicatorFiles} from './process-case.js'
import type {TimeRange} from './time-range.js'
import {outputIso} from './time.js'
import {TOOL_VERSION} from './version.js'

export interface RunScanOptions {
  evidence: string[]
  caseNames?: string[]
  /** Indicator inputs (validated beforehand); every worker loads them itself. */
  indicatorFiles?: IndicatorFiles
  /** The same inputs already loaded in this thread (saves loading them twice). */
  indicators?: {pack: IndicatorPack; allow?: Allowlist}
  /** Zone per case id, or `*` for every case; applied to local-time sources only. */
  hostTz?: Record<string, string>
  /** Kinds whose zone-less times are local on this build (`--local-time-kinds`). */
  localTimeKinds?: string[]
  /** The worker's claimed IANA zone, for the time-of-activity analysis. */
  claimedTz?: string
  /** Claimed zone per case id (`--case-info`), over `claimedTz`. */
  claimedTzByCase?: Record<string, string>
  /** End of employment (`YYYY-MM-DD`) per case id, or `*` for every case (`--termination-date`, `--case-info`). */
  termination?: Record<string, string>
  /** `--codepage`: code page of non-UTF-8 evidence text. */
  codepage?: import('./text.js').Codepage
  limits?: EvidenceLimits
  /** Events of one case kept in memory before spilling to disk (tests lower it). */
  spillAt?: number
  /** Cases processed at once (worker threads); 1 = in this thread. */
  jobs?: number
  generatedAt?: string
  command?: string
  onProgress?: (caseId: string, artifactPath: string) => void
  onCaseDone?: (c: CaseReport) => void
  /** `--from`/`--to` window of the timeline. */
  timeRange?: TimeRange
  /** Artifact kinds to read (undefined: all); the others are named in the method section. */
  kinds?: string[]
  /** The report is JSONL only: cases keep their finished lines (CaseJob.jsonlLines). */
  jsonlLines?: boolean
  /** Case metadata recorded in the method section (chain of custody). */
  metadata?: {examiner?: string; caseNumber?: string; organisation?: string}
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

/**
 * Cases one runner keeps under way in a large batch: while one waits on file reads, the other
 * parses (small cases spend a third of their time waiting). With few cases, one each: two large
 * cases in one thread would leave a worker idle and share one core.
 */
function casesInFlight(jobs: number, runners: number): number {
  return jobs >= 4 * runners ? 2 : 1
}

/**
 * Runs every case: this thread plus `n - 1` worker threads take cases from one queue, each
 * with one or two under way (casesInFlight). This thread already has the pipeline loaded and
 * warm; every worker loads and compiles it again, so -j N starts N - 1 of them. Results are
 * placed by case index.
 */
export async function processAll(
  jobs: CaseJob[],
  files: IndicatorFiles,
  ctx: CaseContext,
  n: number,
  opts: RunScanOptions,
  /** The worker script (tests give one that crashes on purpose). */
  workerUrl: URL = WORKER_URL,
): Promise<CaseReport[]> {
  const results: CaseReport[] = new Array(jobs.length)
  const runners = Math.max(1, Math.min(n, jobs.length))
  const inFlight = casesInFlight(jobs.length, runners)
  let next = 0
  // cases in flight in a worker that died (out of memory, native crash): each runs again alone
  // in a new worker, so only the case that kills a worker fails
  const retry: number[] = []
  // every case runs with a temp folder made here (see CaseJob.tempDir): removed when the case
  // ends without spilled events, else handed on with them to the report (releaseEvents)
  const homes = new Map<number, string>()
  const withHome = (i: number): CaseJob => {
    const tempDir = makeTempDir('dprk-triage-case-')
    homes.set(i, tempDir)
    return {...jobs[i]!, tempDir}
  }
  const dropHome = (i: number) => {
    const dir = homes.get(i)
    if (dir !== undefined) removeTemp(dir)
    homes.delete(i)
  }
  const settle = (i: number, report: CaseReport) => {
    results[i] = report
    const kept = report.internal?.spilled?.dir ?? report.internal?.lines?.dir
    if (kept !== undefined && kept === homes.get(i)) homes.delete(i)
    else dropHome(i)
    opts.onCaseDone?.(report)
  }
  // the first error that is not one case's own (a callback, the temp folder): no more cases start
  let failure: {error: unknown} | undefined
  const stop = (error: unknown) => {
    failure ??= {error}
    next = jobs.length
    retry.length = 0
  }
  const runHere = async () => {
    try {
      while (next < jobs.length) {
        const i = next++
        settle(i, await processOne(withHome(i), ctx, opts))
      }
    } catch (error) {
      stop(error)
    }
  }
  const runWorker = () => new Promise<void>((resolveAll) => {
    const w = new Worker(workerUrl, {workerData: {files, progress: opts.onProgress !== undefined}})
    const untrack = trackWriter(w)
    const mine = new Set<number>()
    let alone = false
    let done = false
    const send = (i: number) => {
      mine.add(i)
      w.postMessage({index: i, job: withHome(i)})
    }
    const feed = () => {
      while (!alone && mine.size < inFlight) {
        if (retry.length > 0) {
          if (mine.size > 0) break // a retried case waits until it can run alone
          alone = true
          send(retry.shift()!)
          break
        }
        if (next >= jobs.length) break
        send(next++)
      }
      if (mine.size === 0 && !done) {
        done = true
        void w.terminate().then(() => resolveAll())
      }
    }
    // an error in this thread's handling (a callback, the temp folder) stops the run: the worker
    // is stopped and what it wrote for its cases removed
    const guarded = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
      try {
        fn(...a)
      } catch (error) {
        stop(error)
        if (done) return
        done = true
        void w.terminate().then(() => {
          for (const i of mine) dropHome(i)
          resolveAll()
        })
      }
    }
    w.on('message', guarded((m: {index: number; report?: CaseReport; error?: string; progress?: string}) => {
      if (m.progress !== undefined) return opts.onProgress?.(jobs[m.index]!.caseId, m.progress)
      mine.delete(m.index)
      alone = false
      settle(m.index, m.report ?? failedCase(jobs[m.index]!, m.error ?? 'unknown error'))
      feed()
    }))
    // the worker died (an uncaught error, out of memory, or it exited): its cases are failed when
    // they ran alone, else rerun alone; a new worker carries on. Whatever it wrote for them is in
    // their temp folders, removed here.
    const lost = (why: string) => {
      if (done) return
      done = true
      try {
        for (const i of mine) dropHome(i)
        if (alone || mine.size === 1) for (const i of mine) settle(i, failedCase(jobs[i]!, why))
        else retry.push(...[...mine].sort((a, b) => a - b))
      } catch (error) {
        stop(error)
      }
      if (retry.length > 0 || next < jobs.length) runWorker().catch(stop).then(resolveAll)
      else resolveAll()
    }
    w.on('error', (e) => lost(e.message))
    w.on('exit', (code) => {
      untrack()
      lost(`worker thread exited with code ${code}`)
    })
    guarded(feed)()
  })
  const here = Array.from({length: inFlight}, runHere)
  const workers = Array.from({length: runners - 1}, () => runWorker().catch(stop))
  await Promise.all([...here, ...workers])
  if (failure) {
    // nothing of this run is handed on: every case's temp folder goes, spilled events included
    for (const c of results) if (c) releaseTimeline(c)
    for (const i of [...homes.keys()]) dropHome(i)
    throw failure.error
  }
  return results
}

async function processOne(job: CaseJob, ctx: CaseContext, opts: RunScanOptions): Promise<CaseReport> {
  try {
    return await processCase(job, ctx, (p) => opts.onProgress?.(job.caseId, p))
  } catch (error) {
    return failedCase(job, (error as Error).stack ?? String(error))
  }
}

export async function runScan(opts: RunScanOptions): Promise<Report> {
  const ids = caseIds(opts.evidence, opts.caseNames)
  const files = opts.indicatorFiles ?? {}
  const ctx: CaseContext = opts.indicators
    ? {...opts.indicators, engine: new IndicatorEngine(opts.indicators.pack, opts.indicators.allow)}
    : contextFromFiles(files)
  const jobs: CaseJob[] = opts.evidence.map((ev, i) => ({
    evidence: ev, caseId: ids[i]!, hostTz: opts.hostTz?.[ids[i]!] ?? opts.hostTz?.['*'], localTimeKinds: opts.localTimeKinds, claimedTz: opts.claimedTzByCase?.[ids[i]!] ?? opts.claimedTz, limits: opts.limits,
    ...((t) => (t ? {termination: t} : {}))(opts.termination?.[ids[i]!] ?? opts.termination?.['*']),
    spillAt: opts.spillAt, timeRange: opts.timeRange, kinds: opts.kinds, ...(opts.jsonlLines ? {jsonlLines: true} : {}), ...(opts.codepage ? {codepage: opts.codepage} : {}),
  }))

  const workers = existsSync(WORKER_URL) ? opts.jobs ?? 1 : 1
  const cases = await processAll(jobs, files, ctx, workers, opts)

  // from here on the report owns the cases' spilled events; an error before it is handed on
  // removes them (no writer will release them)
  try {
    const cross = crossCase(cases.map((c) => ({id: c.id, values: c.internal?.linkValues ?? [], identity: c.internal?.hostIdentity ?? [], files: contentHashes(c.artifacts)})))
    const selected = PARSERS.filter((p) => !opts.kinds || opts.kinds.includes(p.kind))
    const lookedFor = selected.map((p) => `${p.title} (${p.kind})`)
    for (const [i, c] of cases.entries()) {
      // events on disk or kept as lines take their extra ids when they are written
      const later = c.internal?.spilled?.extra ?? c.internal?.lines?.extra
      const byId = later ? undefined : new Map(c.events.map((e) => [e.id, e]))
      completeCase(c, cross, {pack: ctx.pack, claimedTz: jobs[i]!.claimedTz, caseCount: cross.hostCount, lookedFor}, (id, indicator) => {
        if (byId) byId.get(id)?.indicators.push(indicator)
        else (later![id] ??= []).push(indicator)
      })
    }

    const report: Report = {schema: 'dprk-triage/report@1', generator: {name: 'dprk-triage', version: TOOL_VERSION}, cases: [], links: []}
    if (opts.generatedAt) report.generatedAt = outputIso(opts.generatedAt)
    if (opts.command) report.command = opts.command
    report.method = {
      indicatorPack: {id: ctx.pack.id, version: ctx.pack.version, indicators: ctx.pack.indicators.length, loaded: [...ctx.pack.loaded, ...(files.ioc ?? []).map((f) => `IOC list ${f}`)]},
      ...(ctx.allow ? {allowlist: [...new Set(ctx.allow.entries.map((e) => e.origin))]} : {}),
      ...(opts.claimedTz ? {claimedTz: opts.claimedTz} : {}),
      ...(opts.claimedTzByCase && Object.keys(opts.claimedTzByCase).length ? {claimedTzByCase: opts.claimedTzByCase} : {}),
      ...(opts.hostTz && Object.keys(opts.hostTz).length ? {hostTz: opts.hostTz} : {}),
      ...(opts.termination && Object.keys(opts.termination).length ? {terminationDate: opts.termination} : {}),
      ...(opts.hostTz && Object.keys(opts.hostTz).length ? {hostTzKinds: PARSERS.filter((p) => convertsLocalTime(p, opts.localTimeKinds)).map((p) => p.kind).sort()} : {}),
      parsers: selected.map((p) => ({kind: p.kind, title: p.title, timeSource: p.timeSource})),
      ...(opts.kinds ? {excludedKinds: PARSERS.map((p) => p.kind).filter((k) => !opts.kinds!.includes(k))} : {}),
      ...(opts.timeRange && (opts.timeRange.from || opts.timeRange.to) ? {timeRange: {...opts.timeRange}} : {}),
      ...Object.fromEntries(Object.entries(opts.metadata ?? {}).filter(([, v]) => v !== undefined && v !== '')),
    }
    report.cases = cases
    report.links = cross.links
    return report
  } catch (error) {
    for (const c of cases) releaseTimeline(c)
    throw error
  }
}
