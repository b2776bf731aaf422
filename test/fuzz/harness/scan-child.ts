// Child process of the fuzz suite: runs one evidence folder through the real pipeline per
// request and answers with a summary. Living in its own process lets the parent kill a case
// that hangs (even in a synchronous loop) or exhausts memory, and give it a private TMPDIR.
import {Writable} from 'node:stream'

import {BROWSER_PARSERS} from '../../../src/artifacts/browser/index.js'
import {PARSERS} from '../../../src/artifacts/registry.js'
import type {ArtifactParser, RegisteredParser} from '../../../src/artifacts/types.js'
import {DEFAULT_LIMITS} from '../../../src/evidence/virtual-file.js'
import type {ArtifactRecord} from '../../../src/lib/model.js'
import {runScan} from '../../../src/lib/run-scan.js'
import {scanCase} from '../../../src/lib/scan-case.js'
import {releaseEvents} from '../../../src/report/events.js'
import {writeJsonl} from '../../../src/report/jsonl.js'

export interface ScanRequest {
  id: number
  /** `scan`: scanCase (registry + browser parsers); `process`: runScan -> processCase; `lines`: the same as a JSONL-only run (lines, not events). */
  op: 'scan' | 'process' | 'lines'
  evidence: string
  caseId: string
}

export interface ArtifactSummary {
  path: string
  kind: string
  status: string
  events: number
  warnings: string[]
  notes?: string[]
}

export interface ScanReply {
  id: number
  ok: boolean
  /** Stack of an exception that escaped the pipeline (a crash). */
  error?: string
  artifacts: ArtifactSummary[]
  warnings: string[]
  events: number
  /** runScan marked the case failed (processCase threw). */
  caseFailed?: boolean
  ms: number
  /** Peak resident set of this process so far, in bytes. */
  maxRss: number
}

// The browser parsers may not be registered yet: add them so their inputs are fuzzed anyway.
const registered = new Set(PARSERS.map((p) => p.kind))
const parsers: Array<RegisteredParser | ArtifactParser> = [...PARSERS, ...BROWSER_PARSERS.filter((p) => !registered.has(p.kind))]

const summary = (a: ArtifactRecord): ArtifactSummary => ({path: a.path, kind: a.kind, status: a.status, events: a.events, warnings: a.warnings, ...(a.notes ? {notes: a.notes} : {})})

async function handle(req: ScanRequest): Promise<ScanReply> {
  const t0 = performance.now()
  const base = {id: req.id, artifacts: [] as ArtifactSummary[], warnings: [] as string[], events: 0}
  try {
    if (req.op === 'scan') {
      const r = await scanCase(req.evidence, {caseId: req.caseId, parsers, limits: DEFAULT_LIMITS})
      return {...base, ok: true, artifacts: r.artifacts.map(summary), warnings: r.warnings, events: r.events.length, ms: performance.now() - t0, maxRss: rss()}
    }
    const report = await runScan({evidence: [req.evidence], caseNames: [req.caseId], jobs: 1, ...(req.op === 'lines' ? {jsonlLines: true} : {})})
    const c = report.cases[0]!
    if (req.op === 'lines') {
      // the report's lines written out (to nowhere) and released, as the CLI does
      await writeJsonl(report, new Writable({write: (_c, _e, cb) => cb()}))
      releaseEvents(report)
    }
    return {
      ...base, ok: true, artifacts: c.artifacts.map(summary), warnings: c.warnings, events: c.internal?.eventCount ?? c.events.length,
      caseFailed: c.failed === true, ms: performance.now() - t0, maxRss: rss(),
    }
  } catch (error) {
    return {...base, ok: false, error: (error as Error).stack ?? String(error), ms: performance.now() - t0, maxRss: rss()}
  }
}

const rss = () => process.resourceUsage().maxRSS * 1024

process.on('message', (req: ScanRequest) => {
  void handle(req).then((reply) => process.send!(reply))
})
process.send!({ready: true})
