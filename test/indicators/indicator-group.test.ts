// IndicatorGroup remembers answers per distinct combination of the values its indicators read
// (one map keyed by the most varied read, the other values compared as Map keys are). The
// answers must be those of testing every event, and the memo must actually spare tests.
import {describe, expect, it} from 'vitest'

import {IndicatorGroup} from '../../src/indicators/engine.js'
import type {CompiledIndicator} from '../../src/indicators/match.js'
import type {Indicator} from '../../src/indicators/types.js'
import type {TimelineEvent} from '../../src/lib/model.js'

/** A small deterministic generator (same seed, same events). */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    return s / 2 ** 32
  }
}

// values that Map keys tell apart or not: '1' and 1 differ, NaN equals NaN, 0 equals -0
const ALPHABET: unknown[] = ['a', 'b', '1', 1, 0, -0, Number.NaN, true, false, '', 'https://x.example/']

function ev(fields: Record<string, unknown>): TimelineEvent {
  return {id: 'e', time: null, timeBasis: 'unknown', type: 't', timestampDesc: 'd', artifact: 'a', location: 'l', message: 'm', fields: fields as TimelineEvent['fields'], indicators: []}
}

let tests = 0
/** An indicator reading `reads` whose verdict is a pure function of their values (as String gives them). */
function indicator(id: string, reads: string[], salt: number): CompiledIndicator {
  return {
    indicator: {id} as Indicator,
    reads,
    test(e) {
      tests++
      const text = reads.map((r) => (r in e.fields ? String(e.fields[r]) : '<absent>')).join('|')
      let h = salt
      for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0
      return (h & 3) === 0 ? {field: reads[0]!, value: text} : null
    },
  }
}

const direct = (members: CompiledIndicator[], e: TimelineEvent) =>
  members.flatMap((c) => {
    const hit = c.test(e)
    return hit ? [[c.indicator.id, hit.value]] : []
  })

describe('IndicatorGroup', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`gives the answers of testing every event (seed ${seed})`, () => {
      const r = rng(seed)
      const reads = ['title', 'tool', 'url']
      const members = [indicator('A', ['url'], seed), indicator('B', ['title', 'tool'], seed * 7), indicator('C', reads, seed * 13)]
      const group = new IndicatorGroup(reads, members)
      // `url` varies most in half the seeds, `title` in the others: the keying read differs
      const many = seed % 2 === 0 ? 'url' : 'title'
      const events = Array.from({length: 6000}, () => {
        const f: Record<string, unknown> = {}
        for (const k of reads) {
          const x = r()
          if (x < 0.1) continue // absent
          if (k === many) f[k] = x > 0.4 ? `v${Math.floor(r() * 60)}` : ALPHABET[Math.floor(r() * ALPHABET.length)]
          else f[k] = x > 0.3 ? (r() < 0.5 ? 'a' : 'b') : ALPHABET[Math.floor(r() * ALPHABET.length)]
        }
        return ev(f)
      })
      tests = 0
      const got = events.map((e) => group.hits(e).map(([c, hit]) => [c.indicator.id, hit.value]))
      const memoTests = tests
      const want = events.map((e) => direct(members, e))
      expect(got).toEqual(want)
      // far fewer tests than events x indicators: the memo answered most of them
      expect(memoTests).toBeLessThan(events.length * members.length * 0.5)
    })
  }

  it('keeps 0 and -0 together and NaN with NaN, as Map keys do, and "1" apart from 1', () => {
    const seen: unknown[] = []
    const c: CompiledIndicator = {
      indicator: {id: 'X'} as Indicator,
      reads: ['k', 'v'],
      test(e) {
        seen.push(e.fields.v)
        return null
      },
    }
    const group = new IndicatorGroup(['k', 'v'], [c])
    // past the sample of first events, so that the memo is in use
    for (let i = 0; i < 300; i++) group.hits(ev({k: `warm${i}`, v: 0}))
    seen.length = 0
    for (const v of [0, -0, Number.NaN, Number.NaN, '1', 1, 1]) group.hits(ev({k: 'same', v}))
    expect(seen).toEqual([0, Number.NaN, '1', 1])
  })

  it('is keyed anew when the first events chose a read that later stays constant, and a bucket stays small', () => {
    const members = [indicator('A', ['a', 'b'], 3), indicator('B', ['b'], 5)]
    const group = new IndicatorGroup(['a', 'b'], members)
    // the sample sees only `a` vary; afterwards `a` is constant and `b` takes 2,000 values
    const events = [
      ...Array.from({length: 300}, (_, i) => ev({a: `a${i}`, b: 'same'})),
      ...Array.from({length: 20_000}, (_, i) => ev({a: 'fixed', b: `b${i % 2000}`})),
    ]
    tests = 0
    const got = events.map((e) => group.hits(e).map(([c, hit]) => [c.indicator.id, hit.value]))
    const memoTests = tests
    expect(got).toEqual(events.map((e) => direct(members, e)))
    expect(group.largestBucket).toBeLessThanOrEqual(16)
    // keyed by `b` again after the first full bucket: each of the 2,000 combinations tested about once
    expect(memoTests).toBeLessThan(events.length * members.length * 0.3)
  })
})
