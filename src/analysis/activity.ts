// Time of activity in the worker's claimed zone (indicator TIME-01). Human activity is counted
// in 10-minute slots, so the same session seen in three artifacts counts once and an 8-hour
// remote session weighs more than a single page visit. The zone database handles DST.
import type {ActivityProfile, Finding, TimelineEvent} from '../lib/model.js'
import {utcToZoned, zoneOffsetMinutes} from '../lib/time.js'
import {Support, toFinding} from '../indicators/engine.js'
import type {Indicator} from '../indicators/types.js'

const SLOT_MS = 10 * 60 * 1000
const MAX_SESSION_MS = 24 * 3600 * 1000

/** Minimum evidence before a time-of-activity finding is reported. */
export const ACTIVITY_MIN = {events: 10, slots: 24, days: 3}
/** Night in the claimed zone, and the working day used for the best-fit offset. */
const NIGHT = (h: number) => h >= 22 || h < 6
const BUSINESS = (h: number) => h >= 8 && h < 19
const WORKDAY = (h: number) => h >= 9 && h < 18

/** Events that show a person at the keyboard (or at the remote end of a session). */
export function isHumanActivity(e: TimelineEvent): boolean {
  if (e.time === null || e.timeBasis === 'unknown' || e.timePrecision === 'day') return false
  if (e.fields.synced === true || e.fields.imported === true) return false
  if (e.type === 'remote_access.session_start') return e.fields.direction !== 'outgoing'
  return ['remote_access.login', 'remote_access.file_transfer', 'browser.visit', 'browser.download', 'browser.search'].includes(e.type)
}

export interface ActivityResult {
  profile: ActivityProfile
  /** Events whose activity falls in local night hours (the finding's support): ids and times. */
  nightEvents: Array<{id: string; time: string}>
  events: number
  offHoursShare: number
  workdayShareAtBestFit: number
}

/** Collects activity slots one event at a time; only slot owners (id, time) are kept. */
export class ActivityAccumulator {
  private slots = new Map<number, {id: string; time: string}>()
  private count = 0

  observe(e: TimelineEvent): void {
    if (!isHumanActivity(e)) return
    this.count++
    const start = Date.parse(e.time!)
    let end = start
    const endTime = typeof e.fields.end_time === 'string' ? Date.parse(e.fields.end_time) : NaN
    if (e.type === 'remote_access.session_start' && Number.isFinite(endTime) && endTime > start) end = Math.min(endTime, start + MAX_SESSION_MS)
    for (let s = Math.floor(start / SLOT_MS); s <= Math.floor(end / SLOT_MS); s++) if (!this.slots.has(s)) this.slots.set(s, {id: e.id, time: e.time!})
  }

  result(zone: string): ActivityResult {
    const histogram = Array.from({length: 7}, () => Array<number>(24).fill(0))
    const days = new Set<string>()
    let night = 0
    let off = 0
    const nightEvents = new Map<string, {id: string; time: string}>()
    const utcHours: number[] = []
    for (const [slot, owner] of [...this.slots.entries()].sort((a, b) => a[0] - b[0])) {
      const ms = slot * SLOT_MS
      const z = utcToZoned(ms, zone)
      histogram[z.weekday]![z.hour]!++
      days.add(z.date)
      if (NIGHT(z.hour)) {
        night++
        nightEvents.set(owner.id, owner)
      }
      if (!BUSINESS(z.hour)) off++
      utcHours.push(new Date(ms).getUTCHours() + new Date(ms).getUTCMinutes() / 60)
    }
    const total = this.slots.size
    // best-fit offset: where a 09:00-18:00 day holds the most activity; ties go to the claimed offset
    const claimed = Math.round(zoneOffsetMinutes(zone, Date.now()) / 60)
    let best: number | undefined
    let bestShare = -1
    for (let o = -12; o <= 14; o++) {
      const share = total ? utcHours.filter((h) => WORKDAY((((h + o) % 24) + 24) % 24)).length / total : 0
      if (share > bestShare || (share === bestShare && best !== undefined && Math.abs(o - claimed) < Math.abs(best - claimed))) {
        bestShare = share
        best = o
      }
    }
    const sufficient = this.count >= ACTIVITY_MIN.events && total >= ACTIVITY_MIN.slots && days.size >= ACTIVITY_MIN.days
    const profile: ActivityProfile = {
      zone, histogram, total, days: days.size, nightShare: total ? round3(night / total) : 0,
      ...(total ? {bestFitUtcOffset: best} : {}), sufficient,
    }
    return {
      profile, nightEvents: [...nightEvents.values()], events: this.count,
      offHoursShare: total ? round3(off / total) : 0, workdayShareAtBestFit: round3(Math.max(bestShare, 0)),
    }
  }
}

export function activityProfile(events: TimelineEvent[], zone: string): ActivityResult {
  const acc = new ActivityAccumulator()
  for (const e of events) acc.observe(e)
  return acc.result(zone)
}

const round3 = (x: number) => Math.round(x * 1000) / 1000
const pct = (x: number) => `${Math.round(x * 100)}%`

/** TIME-01 when the evidence suffices and most activity falls at night in the claimed zone. */
export function timeOfActivityFinding(r: ActivityResult, indicator: Indicator | undefined): Finding | undefined {
  if (!indicator || !r.profile.sufficient) return undefined
  if (r.profile.nightShare < 0.4 || r.offHoursShare < 0.6) return undefined
  const support = new Support()
  for (const e of r.nightEvents) support.add(e.id, e.time)
  const f = toFinding(indicator, support, r.nightEvents.slice(0, 10).map((e) => ({event: e.id, field: 'time', value: e.time})))
  const off = r.profile.bestFitUtcOffset ?? 0
  f.description = `${pct(r.profile.nightShare)} of ${r.profile.total} ten-minute activity slots over ${r.profile.days} days fall between 22:00 and 06:00 ` +
    `${r.profile.zone}, and ${pct(r.offHoursShare)} outside 08:00-19:00 there; a 09:00-18:00 working day fits best at UTC${off >= 0 ? '+' : ''}${off} ` +
    `(${pct(r.workdayShareAtBestFit)} of activity).`
  return f
}
