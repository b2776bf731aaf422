// Large timelines: a case whose events spill to disk gives exactly the report of an in-memory
// run (same order, same indicators, same findings), and the temp files are removed.
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {Writable} from 'node:stream'

import {describe, expect, it, onTestFinished} from 'vitest'

import {contextFromFiles, processCase} from '../../src/lib/process-case.js'
import {runScan} from '../../src/lib/run-scan.js'
import {EventStore, readSpilled, removeSpilled} from '../../src/lib/event-store.js'
import type {TimelineEvent} from '../../src/lib/model.js'
import {releaseEvents} from '../../src/report/events.js'
import {writeJson} from '../../src/report/json.js'
import {writeJsonl} from '../../src/report/jsonl.js'
import {ROOT} from '../support/corpus.js'
import {otherFarmHost} from '../support/farm-hosts.js'
import {tempDir} from '../support/tmp.js'

async function render(fn: typeof writeJson, r: Parameters<typeof writeJson>[0]): Promise<string> {
  let text = ''
  await fn(r, new Writable({write(c, _e, cb) { text += c; cb() }}))
  return text
}

const ev = (id: string, time: string | null): TimelineEvent =>
  ({id, time, timeBasis: time ? 'utc' : 'unknown', type: 't.x', timestampDesc: '', artifact: 'a', location: 'l', message: '', fields: {}, indicators: []})

describe('event store', () => {
  it('merges sorted runs in contract order (time, nulls last, then emission order) and applies late indicators', async () => {
    const s = new EventStore(2)
    for (const [id, t] of [['a', '2024-01-02T00:00:00Z'], ['b', null], ['c', '2024-01-01T00:00:00.5Z'], ['d', '2024-01-02T00:00:00Z'], ['e', '2024-01-01T00:00:00.25Z']] as const) s.add(ev(id, t))
    s.addIndicator('d', 'TIME-01')
    const spilled = s.finishSpilled()
    const out: TimelineEvent[] = []
    for await (const e of readSpilled(spilled)) out.push(e)
    expect(out.map((e) => e.id)).toEqual(['e', 'c', 'a', 'd', 'b'])
    expect(out.find((e) => e.id === 'd')!.indicators).toEqual(['TIME-01'])
    removeSpilled(spilled)
    expect(existsSync(spilled.dir)).toBe(false)
  })

  it('merges many runs through the heap like a stable sort, with multi-byte text across read blocks', async () => {
    const s = new EventStore(3)
    const all: TimelineEvent[] = []
    let x = 7
    for (let i = 0; i < 300; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31
      const t = x % 11 === 0 ? null : `2024-01-0${1 + (x % 5)}T00:00:0${x % 3}Z`
      const e = ev(`e${i}`, t)
      // long Korean text: some lines straddle the reader's 64 KiB blocks mid-character
      if (i % 50 === 0) e.message = '원격 근무자 '.repeat(20_000 + i)
      s.add(e)
      all.push(e)
    }
    const spilled = s.finishSpilled()
    expect(spilled.runs.length).toBe(100)
    const want = all.map((e, i) => ({e, i})).sort((a, b) => {
      const ka = a.e.time ?? '\uffff'
      const kb = b.e.time ?? '\uffff'
      return ka < kb ? -1 : ka > kb ? 1 : a.i - b.i
    }).map((w) => w.e)
    const out: TimelineEvent[] = []
    for await (const e of readSpilled(spilled)) out.push(e)
    expect(out.map((e) => e.id)).toEqual(want.map((e) => e.id))
    expect(out.filter((e) => e.message.length > 0).map((e) => e.message)).toEqual(want.filter((e) => e.message.length > 0).map((e) => e.message))
    removeSpilled(spilled)
  })

  it('a spilled scan writes the same JSON and JSONL as an in-memory one, then cleans up', async () => {
    // another laptop of the farm (the sample ZIP is the same laptop: no link to it)
    const evidence = [`${ROOT}/artifacts-samples/laptop-farm`, otherFarmHost(join(tempDir('store-host-'), 'farm-host-2'), 2)]
    const mem = await runScan({evidence, claimedTz: 'America/Chicago'})
    const disk = await runScan({evidence, claimedTz: 'America/Chicago', spillAt: 7})
    const spilled = disk.cases[0]!.internal!.spilled!
    expect(spilled.runs.length).toBeGreaterThan(5)
    expect(disk.cases[0]!.events).toEqual([])
    expect(await render(writeJson, disk)).toBe(await render(writeJson, mem))
    expect(await render(writeJsonl, disk)).toBe(await render(writeJsonl, mem))
    const parsed = JSON.parse(await render(writeJson, mem))
    expect(parsed.cases[0].events).toHaveLength(mem.cases[0]!.events.length)
    expect(parsed.cases[0].internal).toBeUndefined()
    // TIME-01 and PER-02 were added after the events were stored
    expect(parsed.cases[0].events.some((e: TimelineEvent) => e.indicators.includes('TIME-01'))).toBe(true)
    expect(parsed.cases[0].events.some((e: TimelineEvent) => e.indicators.includes('PER-02'))).toBe(true)
    releaseEvents(disk)
    expect(existsSync(spilled.dir)).toBe(false)
  })
})

describe('event store: one huge event (issue #18.3)', () => {
  it('reads a spilled 48 MiB field back in linear time', async () => {
    const s = new EventStore(1)
    const url = 'https://example.invalid/' + 'a'.repeat(48 * 1024 * 1024)
    s.add({...ev('big', '2024-01-01T00:00:00Z'), fields: {url}})
    s.add(ev('small', '2024-01-02T00:00:00Z'))
    const spilled = s.finishSpilled()
    onTestFinished(() => removeSpilled(spilled))
    const t0 = performance.now()
    const out: TimelineEvent[] = []
    for await (const e of readSpilled(spilled)) out.push(e)
    // the old reader re-sliced the growing line per 64 KiB block: over a minute here
    expect(performance.now() - t0).toBeLessThan(15_000)
    expect(out.map((e) => e.id)).toEqual(['big', 'small'])
    expect(out[0]!.fields.url).toBe(url)
  }, 60_000)
})

describe('spilled events of a failed case', () => {
  // the event store, and the line store of a JSONL-only run (lib/line-store.ts)
  it.each([['events', {}], ['lines', {jsonlLines: true}]] as const)('are removed when processCase fails half-way (no report is made to release them): %s', async (store, extra) => {
    const watched = tempDir('events-watch-')
    const before = process.env.TMPDIR
    process.env.TMPDIR = watched
    try {
      // a claimed time zone no clock knows fails the case after every event was spilled (a stand-in for any late error)
      const job = {evidence: join(ROOT, 'artifacts-samples', 'laptop-farm'), caseId: 'x', spillAt: 1, claimedTz: 'Not/A_Zone', ...extra}
      let spilledSeen = false
      await expect(processCase(job, contextFromFiles({}), () => void (spilledSeen ||= readdirSync(watched).some((n) => n.startsWith(`dprk-triage-${store}-`))))).rejects.toThrow()
      expect(spilledSeen).toBe(true)
      expect(readdirSync(watched)).toEqual([])
    } finally {
      if (before === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = before
    }
  })
})
