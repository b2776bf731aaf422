// Hour-of-day x weekday activity in the claimed zone as inline SVG: presentation attributes only
// (no style attributes, which the CSP's style hash would block), a <title> per cell for the count.
import type {ActivityProfile} from '../../lib/model.js'
import {Html, html} from './tag.js'
import {WEEKDAYS} from './digest.js'

const CELL_W = 26
const CELL_H = 20
const LEFT = 40
const TOP = 22
/** White to dark red in six steps: count / max decides the step (0 stays grey). */
const RAMP = ['#f3f4f6', '#fee2e2', '#fca5a5', '#f87171', '#dc2626', '#991b1b']

export function heatColour(count: number, max: number): string {
  if (count <= 0 || max <= 0) return RAMP[0]!
  return RAMP[Math.min(5, 1 + Math.floor((count / max) * 4.999))]!
}

export function heatmapSvg(a: ActivityProfile): Html {
  const max = Math.max(0, ...a.histogram.flat())
  const width = LEFT + 24 * CELL_W + 4
  const height = TOP + 7 * CELL_H + 4
  const hours = Array.from({length: 24}, (_, h) =>
    html`<text x="${LEFT + h * CELL_W + CELL_W / 2}" y="${TOP - 7}" text-anchor="middle">${String(h).padStart(2, '0')}</text>`)
  const rows = WEEKDAYS.map((day, d) => {
    const y = TOP + d * CELL_H
    const cells = Array.from({length: 24}, (_, h) => {
      const n = a.histogram[d]?.[h] ?? 0
      return html`<rect x="${LEFT + h * CELL_W}" y="${y}" width="${CELL_W - 2}" height="${CELL_H - 2}" fill="${heatColour(n, max)}"><title>${day} ${String(h).padStart(2, '0')}:00-${String(h).padStart(2, '0')}:59: ${n}</title></rect>` })
    const labels = cells.map((_, h) => {
      const n = a.histogram[d]?.[h] ?? 0
      return n > 0 ? html`<text x="${LEFT + h * CELL_W + (CELL_W - 2) / 2}" y="${y + 13}" text-anchor="middle" fill="${n / max > 0.55 ? '#ffffff' : '#111827'}">${n}</text>` : ''
    })
    return html`<text x="4" y="${y + 13}">${day}</text>${cells}${labels}`
  })
  return html`<svg class="heat" fill="#374151" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Activity by weekday and hour in ${a.zone}">${hours}${rows}</svg>`
}
