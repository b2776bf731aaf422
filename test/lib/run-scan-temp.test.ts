// Issue #18.9: a scan leaves nothing in $TMPDIR on any path. Each case's temp files (spilled
// events, private SQLite copies, nested ZIP spills) live in one folder the main thread made for
// it, removed when the case ends without spilled events, when the report is released, when the
// scan fails after cases finished, and when the worker thread running the case dies.
import {existsSync, mkdtempSync, readdirSync} from 'node:fs'
import {basename, join} from 'node:path'

import {describe, expect, it, onTestFinished} from 'vitest'

import {removeSpilled} from '../../src/lib/event-store.js'
import type {CaseReport} from '../../src/lib/model.js'
import {contextFromFiles, processCase, type CaseJob} from '../../src/lib/process-case.js'
import {processAll, runScan} from '../../src/lib/run-scan.js'
import {releaseEvents} from '../../src/report/events.js'
import {BUILT} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

const FARM = join(ROOT, 'artifacts-samples', 'laptop-farm')
const SPILL_WORKER = new URL('../fixtures/workers/spill-worker.mjs', import.meta.url)
const CASE_WORKER = new URL('../../dist/lib/case-worker.js', import.meta.url)

/** A private $TMPDIR for this test (the run's sandbox is shared by parallel test files). */
function watchTmp(): string {
  const watched = tempDir('spills-watch-')
  const before = process.env.TMPDIR
  process.env.TMPDIR = watched
  onTestFinished(() => {
    if (before === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = before
  })
  return watched
}

const left = (dir: string) => readdirSync(dir, {recursive: true}).map(String).sort()

describe('runScan failing after cases spilled (issue #18.9)', () => {
  it('an error from a callback after the first case spilled removes every case folder', async () => {
    const watched = watchTmp()
    const spilled: string[] = []
    const run = runScan({
      evidence: [FARM, FARM], spillAt: 1,
      onCaseDone: (c) => {
        if (c.internal?.spilled && existsSync(c.internal.spilled.dir)) spilled.push(c.internal.spilled.dir)
        if (spilled.length === 2) throw new Error('the caller failed')
      },
    })
    await expect(run).rejects.toThrow('the caller failed')
    expect(spilled).toHaveLength(2)
    expect(left(watched)).toEqual([])
  })

  it('an error while the report is put together (every case spilled) removes the spilled events', async () => {
    const watched = watchTmp()
    const spilled: string[] = []
    const metadata = {
      get examiner(): string {
        throw new Error('late failure')
      },
    }
    const run = runScan({
      evidence: [FARM, FARM], spillAt: 1, metadata,
      onCaseDone: (c) => void (c.internal?.spilled && existsSync(c.internal.spilled.dir) && spilled.push(c.internal.spilled.dir)),
    })
    await expect(run).rejects.toThrow('late failure')
    expect(spilled).toHaveLength(2)
    expect(left(watched)).toEqual([])
  })

  it('a scan that succeeds hands the spilled events to the report, and releasing it leaves nothing', async () => {
    const watched = watchTmp()
    const report = await runScan({evidence: [FARM, FARM], spillAt: 1})
    expect(report.cases.every((c) => c.internal?.spilled && existsSync(c.internal.spilled.dir))).toBe(true)
    releaseEvents(report)
    expect(left(watched)).toEqual([])
  })
})

describe('a case\'s temp files stay in the folder the main thread gave it', () => {
  it('processCase spills events and makes its SQLite copies inside job.tempDir, nothing beside it', async () => {
    const watched = watchTmp()
    const home = mkdtempSync(join(watched, 'dprk-triage-case-'))
    const seen = new Set<string>()
    const job: CaseJob = {evidence: FARM, caseId: 'farm', spillAt: 1, tempDir: home}
    const c = await processCase(job, contextFromFiles({}), () => {
      for (const n of readdirSync(watched)) seen.add(n)
    })
    expect([...seen]).toEqual([basename(home)])
    expect(c.internal!.spilled!.dir).toBe(home)
    // the private SQLite copy of the History was made and removed again; the runs stay
    expect(readdirSync(home).every((n) => /^run-\d+\.jsonl$/.test(n))).toBe(true)
    removeSpilled(c.internal!.spilled)
    expect(left(watched)).toEqual([])
  })

  it.skipIf(!BUILT)('the real case worker (dist/) spills into the folder made by the main thread', async () => {
    const watched = watchTmp()
    const jobs: CaseJob[] = ['a', 'b'].map((caseId) => ({evidence: FARM, caseId, spillAt: 1}))
    const out = await processAll(jobs, {}, contextFromFiles({}), 2, {evidence: []}, CASE_WORKER)
    // with as many cases as runners, case b ran in the worker; both spilled into their case folder
    for (const c of out) expect(basename(c.internal!.spilled!.dir)).toMatch(/^dprk-triage-case-/)
    for (const c of out) expect(readdirSync(watched)).toContain(basename(c.internal!.spilled!.dir))
    expect(readdirSync(watched)).toHaveLength(2)
    for (const c of out) removeSpilled(c.internal!.spilled)
    expect(left(watched)).toEqual([])
  })
})

describe('a worker thread that dies mid-case (issue #18.9)', () => {
  for (const killer of ['crash', 'exit']) {
    it(`(${killer}) leaves nothing behind: the main thread removes the folders of its cases; that case is failed`, async () => {
      const empty = tempDir('spills-empty-')
      const watched = watchTmp()
      // this thread takes cases 0 and 1 first; the worker gets 2 and 3 together, 2 kills it
      // after both wrote temp files
      const ids = ['a', 'b', `${killer}-c`, 'd', 'e', 'f', 'g', 'h']
      const jobs: CaseJob[] = ids.map((caseId) => ({caseId, evidence: empty}))
      const out = await processAll(jobs, {}, contextFromFiles({}), 2, {evidence: []}, SPILL_WORKER)
      expect(out.map((c) => c.id)).toEqual(ids)
      expect(out.filter((c) => c.failed).map((c) => c.id)).toEqual([`${killer}-c`])
      // what is left is exactly the spilled events of the cases the workers finished
      const handedOn = out.filter((c): c is CaseReport & {internal: {spilled: {dir: string}}} => c.internal?.spilled !== undefined)
      expect(handedOn.length).toBeGreaterThan(0)
      expect(readdirSync(watched).sort()).toEqual(handedOn.map((c) => basename(c.internal.spilled.dir)).sort())
      for (const c of handedOn) removeSpilled(c.internal.spilled)
      expect(left(watched)).toEqual([])
    })
  }
})
