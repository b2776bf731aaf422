// CaseMatcher.quiet (#17): whether events like one need not be observed at all (no indicator
// could hit any of them), which lets a parser write their lines without event objects.
import {describe, expect, it} from 'vitest'

import {CaseMatcher, IndicatorEngine} from '../../src/indicators/engine.js'
import {loadPack} from '../../src/indicators/load.js'
import type {Indicator} from '../../src/indicators/types.js'
import type {TimelineEvent} from '../../src/lib/model.js'

const visit = (url: string, extra: Record<string, string | number> = {}): TimelineEvent => ({
  id: 'e', time: null, timeBasis: 'unknown', type: 'browser.visit', timestampDesc: 'Visit time', artifact: 'History', location: 'visits row 1',
  message: `Chrome visit ${url} [link]`, fields: {url, title: 't', ...extra}, indicators: [],
})
const rule = (id: string, match: Indicator['match']): Indicator =>
  ({id, title: id, category: 'remote-access', weight: 1, applies_to: ['browser.visit'], match, sources: ['SW-2024-10']}) as Indicator

describe('CaseMatcher.quiet', () => {
  const engine = new IndicatorEngine(loadPack({}))
  it('is true for a visit no indicator of the pack hits, false for one that RA-01 hits', () => {
    const m = new CaseMatcher(engine)
    expect(m.quiet(visit('https://example.com/'), ['message', 'visit_id'])).toBe(true)
    expect(m.quiet(visit('https://download.anydesk.com/AnyDesk.exe'), ['message', 'visit_id'])).toBe(false)
    // and it changes nothing: no finding without observe
    expect(m.result().findings).toEqual([])
  })

  it('is false whenever an indicator of the type reads a field that differs between the events', () => {
    const pack = loadPack({})
    pack.indicators.push(rule('T-MSG', {field: 'message', op: 'contains', value: '[typed]'}), rule('T-DUR', {field: 'visit_duration_s', op: 'gte', value: 3600}))
    const m = new CaseMatcher(new IndicatorEngine(pack))
    // not hit by this message, but the next visit of the URL may be typed
    expect(m.quiet(visit('https://example.com/'), ['visit_id'])).toBe(true)
    expect(m.quiet(visit('https://example.com/'), ['message'])).toBe(false)
    expect(m.quiet(visit('https://example.com/'), ['visit_duration_s'])).toBe(false)
    expect(m.quiet(visit('https://example.com/'), ['visit_id', 'from_visit'])).toBe(true)
  })

  it('is true for a type no indicator applies to', () => {
    const m = new CaseMatcher(engine)
    expect(m.quiet({...visit('https://download.anydesk.com/'), type: 'test.nothing'}, ['message', 'url'])).toBe(true)
  })
})
