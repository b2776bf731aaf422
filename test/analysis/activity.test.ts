// Time of activity in the claimed zone: 10-minute slots, DST through the zone database, the
// best-fit working-day offset, and the sufficiency threshold.
import {describe, expect, it} from 'vitest'

import {activityProfile, timeOfActivityFinding} from '../../src/analysis/activity.js'
import {loadPack} from '../../src/indicators/load.js'
import type {TimelineEvent} from '../../src/lib/model.js'

let n = 0
const session = (start: string, end: string): TimelineEvent => ({
  id: `s${++n}`, time: start, timeBasis: 'assumed-utc', type: 'remote_access.session_start', timestampDesc: '', artifact: 'a', location: 'l', message: '',
  fields: {direction: 'incoming', end_time: end}, indicators: [],
})
const visit = (time: string, extra: TimelineEvent['fields'] = {}): TimelineEvent => ({
  id: `v${++n}`, time, timeBasis: 'utc', type: 'browser.visit', timestampDesc: '', artifact: 'a', location: 'l', message: '', fields: {url: 'https://x.example', ...extra}, indicators: [],
})

describe('activity profile', () => {
  const time01 = loadPack().indicators.find((i) => i.id === 'TIME-01')

  it('a UTC+9 working day seen from Chicago: night share, best fit UTC+9, finding TIME-01', () => {
    // 09:00-17:00 KST = 00:00-08:00 UTC, five weekdays
    const events = ['02', '03', '04', '05', '06'].flatMap((d) => [
      session(`2026-03-${d}T00:00:00Z`, `2026-03-${d}T08:00:00Z`),
      visit(`2026-03-${d}T01:15:00Z`), visit(`2026-03-${d}T03:40:00Z`),
    ])
    const r = activityProfile(events, 'America/Chicago')
    expect(r.profile.total).toBe(5 * 49) // 00:00 to 08:00 inclusive = 49 ten-minute slots a day
    expect(r.profile.days).toBe(6) // local dates Sun 1 Mar (18:00) to Fri 6 Mar (02:00)
    expect(r.profile.bestFitUtcOffset).toBe(9)
    // Chicago is UTC-6 here: 18:00-02:00 local, so 22:00-02:00 is night (25 of 49 slots)
    expect(r.profile.nightShare).toBe(Math.round((25 / 49) * 1000) / 1000)
    expect(r.profile.histogram[1]![18]).toBe(6) // Monday 18:00-18:59 local: 6 slots
    expect(r.profile.sufficient).toBe(true)
    const f = timeOfActivityFinding(r, time01)!
    expect(f.indicator).toBe('TIME-01')
    expect(f.description).toMatch(/^51% of 245 ten-minute activity slots over 6 days fall between 22:00 and 06:00 America\/Chicago/)
    expect(f.description).toMatch(/fits best at UTC\+9 \(100% of activity\)/)
  })

  it('handles the DST change through the zone database (New York, 2026-03-08)', () => {
    const before = activityProfile([visit('2026-03-07T14:00:00Z')], 'America/New_York')
    const after = activityProfile([visit('2026-03-09T14:00:00Z')], 'America/New_York')
    expect(before.profile.histogram[6]![9]).toBe(1) // Saturday 09:00 EST (UTC-5)
    expect(after.profile.histogram[1]![10]).toBe(1) // Monday 10:00 EDT (UTC-4)
  })

  it('office hours in the claimed zone give no finding; too little evidence is not sufficient', () => {
    const office = ['02', '03', '04', '05', '06'].map((d) => session(`2026-03-${d}T15:00:00Z`, `2026-03-${d}T22:00:00Z`))
    const r = activityProfile(office, 'America/Chicago')
    expect(r.profile.nightShare).toBe(0)
    expect(timeOfActivityFinding(r, time01)).toBeUndefined()
    const few = activityProfile([visit('2026-03-02T03:00:00Z'), visit('2026-03-02T03:30:00Z')], 'America/Chicago')
    expect(few.profile.sufficient).toBe(false)
    expect(timeOfActivityFinding(few, time01)).toBeUndefined()
  })

  it('ignores synced visits, outgoing sessions and day-precision times', () => {
    const r = activityProfile([
      visit('2026-03-02T03:00:00Z', {synced: true}),
      {...session('2026-03-02T03:00:00Z', '2026-03-02T04:00:00Z'), fields: {direction: 'outgoing'}},
      {...visit('2026-03-02T00:00:00Z'), timePrecision: 'day'},
    ], 'UTC')
    expect(r.profile.total).toBe(0)
  })
})
