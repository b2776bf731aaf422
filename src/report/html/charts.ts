// Pictures of a case as inline SVG made at report time: no script, no style attributes (the CSP's
// style hash would block them), presentation attributes only, a <title> per mark and a text
// equivalent in <desc>. The viewBox scales to the page width, from a phone to paper.
import type {Category, Finding} from '../../lib/model.js'
import {capForDisplay, defangText, fmtInt} from '../escape.js'
import {humanDate, humanDuration, humanTime, isoMs, isoParts, plural} from '../human.js'
import {CATEGORY_NAMES, type Session, toolName} from './facts.js'
import {Html, html} from './tag.js'

const DAY = 86_400_000
const W = 1000
const LEFT = 190
const RIGHT = 12
const ROW = 26
const TOP = 34
const PALETTE = ['#b91c1c', '#1d4ed8', '#047857', '#b45309', '#7c3aed', '#0e7490', '#be185d', '#4d7c0f']
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const WD = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

const short = (ms: number): string => {
  const d = new Date(ms)
  return `${d.getUTCDate()} ${MON[d.getUTCMonth()]}`
}

/** Who was on the other end of a session, for colours and legends. */
export const sessionWho = (s: Session): string => s.remoteId ?? s.account ?? s.addresses[0] ?? 'unknown'

/** Evidence inside SVG text: capped and defanged here, escaped (controls shown) by the `html` tag. */
const sv = (s: string, max = 80): string => defangText(capForDisplay(s, max))

/**
 * Days across, one row for remote sessions (bars as long as the session) and one per category
 * with findings (a dot per day, larger for more events).
 */
export function caseTimelineSvg(n: number, sessions: readonly Session[], findings: readonly Finding[], eventTime: (id: string) => string | null): Html | null {
  const cats = new Map<Category, Map<number, number>>()
  let lo = Infinity
  let hi = -Infinity
  for (const f of findings) {
    if (f.category === 'locale') continue
    for (const id of f.events) {
      const ms = isoMs(eventTime(id))
      if (ms === null) continue
      const day = Math.floor(ms / DAY)
      let m = cats.get(f.category)
      if (!m) cats.set(f.category, (m = new Map()))
      m.set(day, (m.get(day) ?? 0) + 1)
      lo = Math.min(lo, day * DAY)
      hi = Math.max(hi, (day + 1) * DAY)
    }
  }
  for (const s of sessions) {
    lo = Math.min(lo, Math.floor(s.startMs / DAY) * DAY)
    hi = Math.max(hi, Math.ceil((s.startMs + (s.durationS ?? 0) * 1000) / DAY) * DAY)
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null
  const days = Math.max(1, Math.round((hi - lo) / DAY))
  const x = (ms: number) => LEFT + ((ms - lo) / (hi - lo)) * (W - LEFT - RIGHT)
  const rows: Array<{label: string; marks: Html[]}> = []
  if (sessions.length) {
    rows.push({
      label: 'Remote sessions',
      marks: sessions.map((s) => {
        const x0 = x(s.startMs)
        const w = Math.max(2.5, x(s.startMs + (s.durationS ?? 0) * 1000) - x0)
        return html`<rect x="${r1(x0)}" y="0" width="${r1(w)}" height="${ROW - 8}" fill="#b91c1c"><title>${toolName(s.tool)} session from ${sv(sessionWho(s))}: ${humanTime(s.start, s.precision)}${s.durationS !== undefined ? `, ${humanDuration(s.durationS)}` : ''}</title></rect>`
      }),
    })
  }
  const order = [...cats.keys()].sort()
  for (const [i, cat] of order.entries()) {
    const perDay = cats.get(cat)!
    const max = Math.max(...perDay.values())
    rows.push({
      label: CATEGORY_NAMES[cat],
      marks: [...perDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, n]) =>
        html`<circle cx="${r1(x(day * DAY + DAY / 2))}" cy="${(ROW - 8) / 2}" r="${r1(3.5 + 4 * (n / max))}" fill="${PALETTE[(i + 1) % PALETTE.length]}"><title>${CATEGORY_NAMES[cat]}: ${plural(n, 'event')} on ${humanDate(new Date(day * DAY).toISOString())}</title></circle>`),
    })
  }
  const height = TOP + rows.length * ROW + 6
  const step = Math.max(1, Math.ceil(days / 12))
  const ticks: Html[] = []
  for (let d = 0; d <= days; d++) {
    const ms = lo + d * DAY
    const tx = r1(x(ms))
    ticks.push(html`<line x1="${tx}" y1="${TOP - 6}" x2="${tx}" y2="${height - 4}" stroke="${d % step === 0 ? '#d1d5db' : '#f3f4f6'}"/>`)
    if (d % step === 0 && d < days) ticks.push(html`<text x="${r1(tx + 3)}" y="${TOP - 12}">${short(ms)}</text>`)
  }
  const body = rows.map((r, i) => html`<g transform="translate(0 ${TOP + i * ROW})"><text x="4" y="${ROW - 13}">${r.label}</text>${r.marks}</g>`)
  const desc = `${plural(sessions.length, 'remote session')} and findings in ${plural(order.length, 'category', 'categories')} ${days === 1 ? 'on one day' : `over ${fmtInt(days)} days`} from ${humanDate(new Date(lo).toISOString())}. ` +
    order.map((c) => `${CATEGORY_NAMES[c]}: ${plural([...cats.get(c)!.values()].reduce((a, b) => a + b, 0), 'event')} on ${plural(cats.get(c)!.size, 'day')}`).join('; ') + '.'
  return html`<svg class="chart" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="tlc-t-${n} tlc-d-${n}" fill="#111827"><title id="tlc-t-${n}">Timeline of the case, by day (UTC)</title><desc id="tlc-d-${n}">${desc}</desc>${ticks}${body}</svg>`
}

/** One row per day with sessions, hours of the day (UTC) across; bars coloured by who connected. */
export function sessionGanttSvg(n: number, sessions: readonly Session[]): Html | null {
  const timed = sessions.filter((s) => s.durationS !== undefined)
  if (!timed.length) return null
  const whos = [...new Set(timed.map(sessionWho))]
  const colour = (s: Session) => PALETTE[whos.indexOf(sessionWho(s)) % PALETTE.length]!
  const segs = new Map<number, Array<{s: Session; a: number; b: number}>>()
  for (const s of timed) {
    let a = s.startMs
    const end = s.startMs + s.durationS! * 1000
    do {
      const day = Math.floor(a / DAY)
      const b = Math.min(end, (day + 1) * DAY)
      const list = segs.get(day) ?? []
      list.push({s, a, b})
      segs.set(day, list)
      a = b
    } while (a < end)
  }
  const days = [...segs.keys()].sort((p, q) => p - q)
  const left = 110
  const x = (ms: number, day: number) => left + ((ms - day * DAY) / DAY) * (W - left - RIGHT)
  const height = TOP + days.length * 22 + 30
  const hours: Html[] = []
  for (let h = 0; h <= 24; h += 3) {
    const hx = r1(left + (h / 24) * (W - left - RIGHT))
    hours.push(html`<line x1="${hx}" y1="${TOP - 6}" x2="${hx}" y2="${TOP + days.length * 22}" stroke="#d1d5db"/><text x="${hx}" y="${TOP - 12}" text-anchor="middle">${String(h).padStart(2, '0')}:00</text>`)
  }
  const rows = days.map((day, i) => {
    const p = isoParts(new Date(day * DAY).toISOString())!
    const y = TOP + i * 22
    const bars = segs.get(day)!.map(({s, a, b}) => html`<rect x="${r1(x(a, day))}" y="${y + 3}" width="${r1(Math.max(2, x(b, day) - x(a, day)))}" height="15" fill="${colour(s)}"><title>${toolName(s.tool)} from ${sv(sessionWho(s))}${s.addresses.length ? ` (${sv(s.addresses.join(', '), 200)})` : ''}: ${humanTime(s.start, s.precision)}, ${humanDuration(s.durationS!)}</title></rect>`)
    return html`<text x="4" y="${y + 15}">${WD[new Date(day * DAY).getUTCDay()]} ${p.d} ${MON[p.m - 1]}</text>${bars}`
  })
  const legendY = TOP + days.length * 22 + 20
  const legend = whos.map((w, i) => html`<rect x="${left + i * 200}" y="${legendY - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${left + i * 200 + 16}" y="${legendY}">${sv(w.length > 26 ? w.slice(0, 25) + '…' : w)}</text>`)
  const desc = `${plural(timed.length, 'session')} on ${plural(days.length, 'day')}, by hour of the day in UTC; connections from ${sv(whos.join(', '), 400)}.`
  return html`<svg class="chart" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="gantt-t-${n} gantt-d-${n}" fill="#111827"><title id="gantt-t-${n}">Remote sessions by day and hour (UTC)</title><desc id="gantt-d-${n}">${desc}</desc>${hours}${rows}${legend}</svg>`
}

const r1 = (v: number) => Math.round(v * 10) / 10
