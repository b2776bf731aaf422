// Self-check of the fuzz harness (support/fuzz.ts): a case over its time bound is killed and
// reported as a hang, the next case runs in a fresh child, and anything left in the child's
// private TMPDIR is reported. Without this, a broken harness would make every fuzz case pass.
import {mkdirSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {checkedScan, FuzzHost} from '../support/fuzz.js'

const TRACE = '   info 2022-08-23 10:20:17.125       gsvc   4628   3528   23                anynet.any_socket - Logged in from 203.0.113.9:41314 on relay ad3345a7.\n'

let host: FuzzHost
beforeAll(() => {
  host = new FuzzHost()
})
afterAll(async () => {
  await host.close()
})

describe('fuzz harness', () => {
  it('kills a case that overruns its bound, reports it as a hang, then carries on in a new child', async () => {
    const dir = host.evidence({'C/Users/u/AppData/Roaming/AnyDesk/ad.trace': TRACE.repeat(50_000)})
    const slow = await checkedScan(host, dir, {timeoutMs: 1})
    expect(slow.outcome.kind).toBe('timeout')
    expect(slow.problems).toEqual(['hang: no answer within 1 ms (child killed)'])
    const next = await checkedScan(host, host.evidence({'C/Users/u/AppData/Roaming/AnyDesk/ad.trace': TRACE}))
    expect(next.problems).toEqual([])
    expect(next.outcome.reply!.artifacts).toMatchObject([{kind: 'anydesk.trace', status: 'parsed', events: 1}])
  })

  it('reports anything left in the private TMPDIR and clears it', async () => {
    mkdirSync(join(host.tmp, 'dprk-triage-leftover'))
    const r = await checkedScan(host, host.evidence({'C/Users/u/AppData/Roaming/AnyDesk/ad.trace': TRACE}))
    expect(r.problems).toEqual(['temp files left in TMPDIR: dprk-triage-leftover'])
    expect(host.leftovers()).toEqual([])
  })
})
