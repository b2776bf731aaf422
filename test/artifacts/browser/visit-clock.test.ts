// History visit times are made per hour plus digits (#17, VisitClock): the text must be
// webkitToIso's for every value, in order or not, and the pre-v17 Unix reading must still apply.
import {describe, expect, it} from 'vitest'

import {VisitClock} from '../../../src/artifacts/browser/chromium-history.js'
import {webkitToIso} from '../../../src/artifacts/browser/timestamps.js'

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

const WEBKIT = 11_644_473_600_000_000n

describe('VisitClock', () => {
  it('gives webkitToIso\'s text for 50,000 visit times: steps, jumps back, other years, odd values', () => {
    const r = rng(3)
    const clock = new VisitClock(70)
    let t = WEBKIT + 1_704_067_200_000_000n // 2024-01-01
    for (let i = 0; i < 50_000; i++) {
      const pick = r()
      if (pick < 0.75) t += BigInt(Math.floor(r() * 120_000_000))
      else if (pick < 0.85) t -= BigInt(Math.floor(r() * 7_200_000_000))
      else t = BigInt(Math.floor(r() * 2 ** 53)) * BigInt(1 + Math.floor(r() * 40))
      expect(clock.iso(t)).toBe(webkitToIso(t))
    }
    for (const v of [0n, -1n, 1n, WEBKIT, WEBKIT + 1n, WEBKIT - 1n, WEBKIT + 9_007_199_254_740_993n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      expect(clock.iso(v)).toBe(webkitToIso(v))
    }
    // REAL and TEXT storage read as big() reads them
    expect(clock.iso(13_350_000_000_000_000)).toBe(webkitToIso(13_350_000_000_000_000n))
    expect(clock.iso('13350000000123456')).toBe(webkitToIso(13_350_000_000_123_456n))
    expect(clock.iso(null)).toBeNull()
    expect(clock.iso('x')).toBeNull()
  })

  it('keeps the pre-v17 reading of Unix microseconds (Mac/Linux History)', () => {
    const unix = 1_300_000_000_123_456n
    expect(new VisitClock(16).iso(unix)).toBe(webkitToIso(unix + WEBKIT))
    expect(new VisitClock(16).iso(unix)).toBe('2011-03-13T07:06:40.123456Z')
    expect(new VisitClock(17).iso(unix + WEBKIT)).toBe('2011-03-13T07:06:40.123456Z')
  })
})
