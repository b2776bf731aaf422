// timesketchLine's shortcuts (#17): the epoch microseconds made from one Date.parse per hour and
// the remembered `,"name":"value"` fragments must give JSON.stringify(timesketchRow) byte for
// byte, whatever the order of times and however often values repeat.
import {describe, expect, it} from 'vitest'

import type {TimelineEvent} from '../../src/lib/model.js'
import {timesketchLine} from '../../src/report/timesketch-line.js'
import {timesketchRow} from '../../src/report/timesketch.js'

const oldLine = (e: TimelineEvent) => JSON.stringify(timesketchRow({id: 'c'} as never, e))

const ev = (i: number, time: string | null, fields: TimelineEvent['fields'] = {}, message = `m ${i}`): TimelineEvent =>
  ({id: `ev-${i}`, time, timeBasis: 'utc', type: 'browser.visit', timestampDesc: 'Visit time', artifact: 'a', location: `row ${i}`, message, fields, indicators: []})

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

const two = (n: number) => String(n).padStart(2, '0')

describe('timesketchLine timestamps', () => {
  it('equal the row\'s for times in order, out of order, across hours, days and years', () => {
    const r = rng(5)
    let ms = Date.UTC(2024, 0, 1)
    const times: string[] = []
    for (let i = 0; i < 20_000; i++) {
      // mostly small steps forward (a browsing session), sometimes a jump anywhere from 1601 to 9999
      const pick = r()
      if (pick < 0.7) ms += Math.floor(r() * 90_000)
      else if (pick < 0.8) ms -= Math.floor(r() * 7_200_000)
      else ms = Date.UTC(1601 + Math.floor(r() * 8398), 0, 1) + Math.floor(r() * 365 * 86_400_000)
      const iso = new Date(ms).toISOString()
      times.push(iso.slice(0, 19) + '.' + String(Math.floor(r() * 1e6)).padStart(6, '0') + 'Z')
    }
    // shapes that only Date.parse may judge: 24:00, a 60th second, letters, other fraction lengths
    times.push('2024-01-01T24:00:00.000000Z', '2024-01-01T24:30:00.000000Z', '2024-01-01T23:59:60.000000Z', '2024-01-01T23:60:00.000000Z', '2024-02-30T10:00:00.000000Z',
      '2024-01-01T1a:00:00.000000Z', '2024-01-01T10:00:00.5Z', '2024-01-01T10:00:00Z', '0000-01-01T00:00:00.000001Z', '9999-12-31T23:59:59.999999Z')
    for (const [i, t] of times.entries()) {
      const e = ev(i, t)
      expect(timesketchLine('c', e)).toBe(oldLine(e))
    }
    const hh = (h: number) => `2024-03-10T${two(h)}:15:00.000000Z`
    for (const [i, t] of [hh(1), hh(2), hh(1), hh(23)].entries()) expect(JSON.parse(timesketchLine('c', ev(i, t))).timestamp).toBe(Date.parse(t) * 1000)
  })
})

describe('timesketchLine remembered fragments', () => {
  it('write repeated, rare and changing values as the row does, beyond the memo bounds', () => {
    const r = rng(9)
    const urls = Array.from({length: 300}, (_, i) => `https://example.com/${i}?q="${'\u2028'.repeat(i % 3)}\\`)
    for (let i = 0; i < 70_000; i++) {
      const url = urls[Math.floor(r() * urls.length)]!
      const fields: TimelineEvent['fields'] = {
        url,
        // unique values: the key stops remembering after its sample
        guid: `g-${i}-${r()}`,
        // long values are never remembered
        title: i % 7 === 0 ? 'x'.repeat(2000 + (i % 5)) : `t ${i % 11}`,
        // the same name with other value types
        n: i % 3 === 0 ? i : i % 3 === 1 ? `s${i % 4}` : true,
      }
      const e = ev(i, '2024-01-01T00:00:00.000000Z', fields, i % 2 ? `visit ${url}` : `visit ${i}`)
      expect(timesketchLine('c', e)).toBe(oldLine(e))
    }
    // more distinct repeated values than a key keeps, and more characters than all keys keep
    for (let i = 0; i < 40_000; i++) {
      const big = `${i % 20_000}:` + 'é'.repeat(900)
      const e = ev(i, null, {big, url: urls[i % 300]!})
      expect(timesketchLine('c', e)).toBe(oldLine(e))
    }
  })
})
