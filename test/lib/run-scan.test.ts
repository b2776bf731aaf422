// Cases spread over this thread and worker threads: every case gets exactly one report in its
// own place, and a worker that dies fails only the case that killed it.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {contextFromFiles, type CaseJob} from '../../src/lib/process-case.js'
import {processAll} from '../../src/lib/run-scan.js'

const WORKER = new URL('../fixtures/workers/crash-worker.mjs', import.meta.url)
const empty = mkdtempSync(join(tmpdir(), 'dprk-runscan-'))
afterAll(() => rmSync(empty, {recursive: true, force: true}))

const jobs = (ids: string[]): CaseJob[] => ids.map((caseId) => ({caseId, evidence: empty}))

describe('processAll', () => {
  const ctx = contextFromFiles({})

  for (const killer of ['crash', 'exit']) {
    it(`a worker killed by one case (${killer}) fails that case only; the cases in flight with it run again`, async () => {
      // this thread takes cases 0 and 1 first; the worker gets 2 and 3 together, 2 kills it
      const ids = ['a', 'b', `${killer}-c`, 'd', 'e', 'f', 'g', 'h']
      const done: string[] = []
      const out = await processAll(jobs(ids), {}, ctx, 2, {evidence: [], onCaseDone: (c) => void done.push(c.id)}, WORKER)
      expect(out.map((c) => c.id)).toEqual(ids)
      expect(out.filter((c) => c.failed).map((c) => c.id)).toEqual([`${killer}-c`])
      expect(out[2]!.warnings[0]).toMatch(killer === 'crash' ? /^case failed: boom in crash-c/ : /^case failed: worker thread exited with code 3/)
      expect(out[3]!.failed).toBeUndefined()
      expect(done.sort()).toEqual([...ids].sort())
      // both kinds of runner took part
      expect(out.some((c) => (c as {ranIn?: string}).ranIn === 'worker')).toBe(true)
      expect(out.some((c) => (c as {ranIn?: string}).ranIn === undefined && !c.failed)).toBe(true)
    })
  }

  it('with as many cases as runners, each runner takes one (no two large cases share a thread)', async () => {
    const out = await processAll(jobs(['big-1', 'big-2']), {}, ctx, 2, {evidence: []}, WORKER)
    expect(out.map((c) => [c.id, (c as {ranIn?: string}).ranIn ?? 'here'])).toEqual([['big-1', 'here'], ['big-2', 'worker']])
  })

  it('-j 1 keeps every case in this thread, in order', async () => {
    const ids = ['p', 'q', 'crash-r', 's']
    const out = await processAll(jobs(ids), {}, ctx, 1, {evidence: []}, WORKER)
    expect(out.map((c) => [c.id, c.failed ?? false])).toEqual([['p', false], ['q', false], ['crash-r', false], ['s', false]])
  })
})
