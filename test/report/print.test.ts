// The printed report (issue #15): the bundled laptop-farm sample, scanned like the README shows,
// printed by headless Chromium to PDF on Letter (its default paper, our CSS fixes no size) and on
// A4. The main part (summary, key facts, charts, findings) fits in a few pages, the timeline
// appendix starts right after, every page carries the case in its header and "Page i of N" at the
// bottom (CSS @page margin boxes, which this Chromium prints with --no-pdf-header-footer), event
// ids are never split across lines, and raw records stay out of print. pdfinfo/pdftotext
// (poppler-utils) read the PDF.
import {createHash} from 'node:crypto'
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {beforeAll, describe, expect, it} from 'vitest'

import type {Report} from '../../src/lib/model.js'
import {runScan} from '../../src/lib/run-scan.js'
import {writeHtml} from '../../src/report/html/index.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'
import {ensureChromium, runChromium} from './chromium.js'
import {render} from './sample.js'

/** The "few pages" of the main part, and the whole printout (appendix included). */
const MAIN_PAGES = 6
const MAX_PAGES = 12

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64')
const hasPoppler = spawnSync('sh', ['-c', 'command -v pdfinfo && command -v pdftotext']).status === 0

let bin: string | null = null
let report: Report
let page = ''

beforeAll(async () => {
  const r = ensureChromium()
  bin = hasPoppler ? r.bin : null
  if (!bin) process.stderr.write(`SKIP print tests: ${hasPoppler ? r.note : 'pdfinfo/pdftotext (poppler-utils) missing'}\n`)
  report = await runScan({
    evidence: [join(ROOT, 'artifacts-samples', 'laptop-farm')], claimedTz: 'America/Chicago',
    generatedAt: '2026-03-10T08:00:00.000000Z', command: 'dprk-triage scan artifacts-samples/laptop-farm --claimed-tz America/Chicago',
    metadata: {caseNumber: 'IR-2026-017'},
  })
  page = await render(writeHtml, report)
}, 10 * 60_000)

/** A page whose paper size is set by an extra style block (its hash added to the page's CSP). */
function withPaper(html: string, size: string): string {
  const css = `@page{size:${size}}`
  return html.replace(/style-src 'sha256-([^']+)'/, `style-src 'sha256-$1' 'sha256-${sha(css)}'`).replace('</head>', `<style>${css}</style></head>`)
}

async function printed(html: string, name: string): Promise<{pages: string[]; size: string}> {
  const dir = tempDir('dprk-print-')
  const file = join(dir, `${name}.html`)
  const pdf = join(dir, `${name}.pdf`)
  writeFileSync(file, html)
  const r = await runChromium(bin!, ['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(file).href], 180_000)
  expect(r.code, r.stderr.slice(-2000)).toBe(0)
  const info = spawnSync('pdfinfo', [pdf], {encoding: 'utf8'}).stdout
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)![1])
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], {encoding: 'utf8', maxBuffer: 64 << 20}).stdout
  const pages = text.split('\f').slice(0, count)
  expect(pages.length).toBe(count)
  return {pages, size: /^Page size:\s+(.*)$/m.exec(info)![1]!}
}

const firstPage = (pages: string[], text: string) => pages.findIndex((p) => p.includes(text)) + 1

describe('the laptop-farm sample printed', () => {
  for (const [paper, size, sizeName] of [['Letter (Chromium default)', null, '(letter)'], ['A4', 'A4', '(A4)']] as const) {
    it(`on ${paper}: a few pages of report, then the appendix; headers name the case, footers number the pages`, async (ctx) => {
      if (!bin) ctx.skip()
      const {pages, size: got} = await printed(size ? withPaper(page, size) : page, sizeName.replace(/\W/g, ''))
      expect(got).toContain(sizeName)
      const n = pages.length
      const appendix = firstPage(pages, 'Appendix: timeline of relevant events (83)')
      process.stderr.write(`print ${paper}: ${n} pages, timeline appendix from page ${appendix}, inventory from page ${firstPage(pages, 'Appendix: artifact inventory')}\n`)
      expect(n).toBeLessThanOrEqual(MAX_PAGES)
      expect(appendix).toBeGreaterThan(1)
      expect(appendix).toBeLessThanOrEqual(MAIN_PAGES + 1)
      // the main part holds the summary, key facts, both charts and every finding, in that order
      const main = pages.slice(0, appendix - 1).join('\n')
      const order = ['Executive summary', 'Key facts', 'Remote sessions (8)', 'The case at a glance', 'Findings (19)', 'Activity by hour and weekday in America/Chicago']
      const at = order.map((t) => main.indexOf(t))
      expect(at.every((x) => x >= 0), order.filter((_, i) => at[i]! < 0).join(', ')).toBe(true)
      expect([...at].sort((a, b) => a - b)).toEqual(at)
      for (const f of report.cases[0]!.findings) expect(main, f.indicator).toContain(`${f.indicator}:`)
      expect(firstPage(pages, 'Appendix: artifact inventory (10)')).toBeGreaterThanOrEqual(appendix)
      pages.forEach((p, i) => {
        expect(p, `header of page ${i + 1}`).toContain('IR-2026-017 · dprk-triage report: laptop-farm')
        expect(p, `footer of page ${i + 1}`).toContain(`Page ${i + 1} of ${n}`)
      })
    })
  }

  it('keeps every timeline event id on one line and leaves raw records out of print', async (ctx) => {
    if (!bin) ctx.skip()
    const {pages} = await printed(withPaper(page, 'A4'), 'ids')
    const appendix = firstPage(pages, 'Appendix: timeline of relevant events')
    const text = pages.slice(appendix - 1).join('\n')
    const labels = [...page.matchAll(/<td class="mono id">([^<]+)<\/td>/g)].map((m) => m[1]!)
    expect(labels.length).toBe(83)
    const missing = labels.filter((l) => !new RegExp(`(^|\\s)${l.replace(/[-]/g, '\\-')}(\\s|$)`, 'm').test(text))
    expect(missing).toEqual([])
    // a raw AnyDesk trace line is on the screen page but not on paper (the message and fields are)
    const withRaw = report.cases[0]!.events.filter((e) => e.raw && e.raw.length > 40 && labels.includes(e.id))
    expect(withRaw.length).toBeGreaterThan(10)
    const all = pages.join('\n').replace(/\s+/g, ' ')
    for (const e of withRaw) {
      const probe = e.raw!.trim().replace(/\s+/g, ' ').slice(0, 40)
      if (e.message.includes(probe) || Object.values(e.fields).some((v) => String(v).includes(probe))) continue
      expect(all, e.id).not.toContain(probe)
    }
  })
})
