// The HTML report in a real browser (headless Debian chromium): hostile payloads do not run, no
// request leaves the page (a local HTTP server that every payload points at must see nothing),
// the hashed inline script runs (the filter bar appears and filters), the sections are there, and
// a screenshot is kept as test-output/report.png. A second page with payloads injected *unescaped*
// checks that the CSP alone blocks them (defence in depth, reference ecosystem-and-style.md §5.1).
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {type AddressInfo} from 'node:net'
import {createServer, type Server} from 'node:http'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {writeHtml} from '../../src/report/html/index.js'
import {ROOT} from '../support/corpus.js'
import {ensureChromium, runChromium} from './chromium.js'
import {buildReport, render} from './sample.js'

const OUT = join(ROOT, 'test-output')
/** An attribute set by a payload (the payload text itself, escaped, is expected in the page). */
const PWNED = /<[^>]*\sdata-pwned=/
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64')

/** A test-only script allowed by adding its hash to the page's CSP: drives the filter controls. */
const DRIVER = `
var bar=document.querySelector('.filters[data-for="tl-1"]');
var t=bar.querySelector('.f-text'),s=bar.querySelector('.f-sev'),ty=bar.querySelector('.f-type');
function shown(){return Array.prototype.map.call(document.querySelectorAll('#tl-1 tbody tr:not([hidden])'),function(r){return r.id}).join(',')}
t.value='payoneer';t.dispatchEvent(new Event('input',{bubbles:true}));
document.body.setAttribute('data-f1',bar.querySelector('.f-count').textContent+'|'+shown());
t.value='';s.value='high';s.dispatchEvent(new Event('change',{bubbles:true}));
document.body.setAttribute('data-f2',bar.querySelector('.f-count').textContent+'|'+shown());
s.value='';ty.value='browser.visit';ty.dispatchEvent(new Event('change',{bubbles:true}));
document.body.setAttribute('data-f3',bar.querySelector('.f-count').textContent+'|'+shown());
`

function withDriver(page: string): string {
  return page
    .replace(/script-src 'sha256-([^']+)'/, `script-src 'sha256-$1' 'sha256-${sha(DRIVER)}'`)
    .replace('</body>', `<script>${DRIVER}</script></body>`)
}

let bin: string | null = null
let server: Server
let port = 0
const requests: string[] = []
let page = ''

beforeAll(async () => {
  const r = ensureChromium()
  bin = r.bin
  if (!bin) process.stderr.write(`SKIP browser tests: ${r.note}\n`)
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  mkdirSync(OUT, {recursive: true})
  page = await render(writeHtml, buildReport(port))
}, 20 * 60_000)

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

async function dump(file: string): Promise<string> {
  const r = await runChromium(bin!, ['--virtual-time-budget=3000', '--dump-dom', pathToFileURL(file).href])
  expect(r.code, r.stderr.slice(-2000)).toBe(0)
  return r.stdout
}

describe('HTML report in headless chromium', () => {
  it('payloads point at the local server (the test is meaningful)', () => {
    expect(page).toContain(`hxxp://127[.]0[.]0[.]1:${port}/img`)
  })

  it('runs our hashed script only: nothing injected ran, filters work, sections are there', async (ctx) => {
    if (!bin) ctx.skip()
    const file = join(OUT, 'report-driven.html')
    writeFileSync(file, withDriver(page))
    const dom = await dump(file)
    writeFileSync(join(OUT, 'report-dom.html'), dom)
    expect(dom).toContain('<title>dprk-triage report: laptop-farm-01, laptop-farm-02</title>')
    expect(dom).not.toMatch(PWNED)
    expect(dom).not.toMatch(/<(img|iframe|textarea)\b/)
    expect(dom.match(/<script>/g)?.length).toBe(2) // ours and the test driver
    // our script removed `hidden` from the filter bars: proof that the CSP hash matches
    expect(dom).toContain('<div class="filters" data-for="tl-1">')
    expect(dom).toContain('<div class="filters" data-for="tl-2">')
    expect(dom).toContain('data-f1="1 of 8 events shown|ev-1-3"')
    expect(dom).toContain('data-f2="2 of 8 events shown|ev-1-2,ev-1-6"')
    expect(dom).toContain('data-f3="2 of 8 events shown|ev-1-3,ev-1-4"')
    for (const id of ['summary', 'case-1', 'verdict-1', 'findings-1', 'activity-1', 'timeline-1', 'artifacts-1', 'case-2', 'links', 'method']) {
      expect(dom, id).toContain(` id="${id}"`)
    }
    expect(dom).toContain('&lt;script&gt;document.title=\'PWNED\';window.__pwned=1&lt;/script&gt;')
    expect(requests).toEqual([])
  })

  it('without its script the page is complete and the filter bar stays hidden', async (ctx) => {
    if (!bin) ctx.skip()
    // --dump-dom reads the DOM through script, so "scripts disabled" is simulated by a CSP that
    // allows no script at all: the page's own script is then blocked like on a no-script reader
    const file = join(OUT, 'report-noscript.html')
    writeFileSync(file, page.replace(/script-src 'sha256-[^']+'/, "script-src 'none'"))
    const dom = await dump(file)
    expect(dom).toContain('<div class="filters" hidden="" data-for="tl-1">')
    expect(dom.match(/<tr id="ev-/g)?.length).toBe(9)
    expect(dom.match(/<tr id="ev-[^"]+" data-type="[^"]+" data-sev="\w+">/g)?.length).toBe(9) // none hidden
    expect(requests).toEqual([])
  })

  it('prints to PDF with every row', async (ctx) => {
    if (!bin) ctx.skip()
    const file = join(OUT, 'report.html')
    writeFileSync(file, page)
    const pdf = join(OUT, 'report.pdf')
    const r = await runChromium(bin!, ['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(file).href])
    expect(r.code).toBe(0)
    const bytes = readFileSync(pdf)
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(bytes.toString('latin1').match(/\/Type\s*\/Page\b/g)!.length).toBeGreaterThanOrEqual(3)
    expect(requests).toEqual([])
  })

  it('keeps a screenshot as test-output/report.png', async (ctx) => {
    if (!bin) ctx.skip()
    const file = join(OUT, 'report.html')
    writeFileSync(file, page)
    const png = join(OUT, 'report.png')
    const r = await runChromium(bin!, ['--window-size=1280,2400', '--hide-scrollbars', `--screenshot=${png}`, pathToFileURL(file).href])
    expect(r.code).toBe(0)
    expect(statSync(png).size).toBeGreaterThan(20_000)
    expect(readFileSync(png).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a')
    expect(requests).toEqual([])
  })

  /** Measures the laid-out page: page overflow and the narrowest timeline event column. */
  const MEASURE = `
var de=document.documentElement,tl=document.querySelector('#tl-1 tbody tr td:nth-child(4)'),kf=document.querySelector('table.kf td');
document.body.setAttribute('data-m',[de.scrollWidth,window.innerWidth,tl?Math.round(tl.getBoundingClientRect().width):-1,kf?Math.round(kf.getBoundingClientRect().width):-1].join(','));
`
  for (const w of [360, 375, 800, 1400, 1920]) {
    it(`at ${w} px the page does not overflow sideways and the event column stays readable`, async (ctx) => {
      if (!bin) ctx.skip()
      const file = join(OUT, `report-${w}.html`)
      writeFileSync(file, page.replace(/script-src 'sha256-([^']+)'/, `script-src 'sha256-$1' 'sha256-${sha(MEASURE)}'`).replace('</body>', `<script>${MEASURE}</script></body>`))
      const r = await runChromium(bin!, [`--window-size=${w},2000`, '--hide-scrollbars', '--virtual-time-budget=3000', '--dump-dom', pathToFileURL(file).href])
      expect(r.code, r.stderr.slice(-2000)).toBe(0)
      const [scroll, inner, eventCol, factCol] = /data-m="([^"]+)"/.exec(r.stdout)![1]!.split(',').map(Number)
      expect(scroll, 'page scroll width').toBeLessThanOrEqual(inner!)
      // tables scroll inside their box instead of squeezing the event text to a letter per line
      expect(eventCol).toBeGreaterThanOrEqual(240)
      expect(factCol).toBeGreaterThanOrEqual(60)
      await runChromium(bin!, [`--window-size=${w},3000`, '--hide-scrollbars', `--screenshot=${join(OUT, `report-${w}.png`)}`, pathToFileURL(file).href])
      expect(requests).toEqual([])
    })
  }

  it('prints the two-case sample in a bounded number of A4 pages', async (ctx) => {
    if (!bin) ctx.skip()
    const file = join(OUT, 'report-print.html')
    writeFileSync(file, page)
    const pdf = join(OUT, 'report-print.pdf')
    const r = await runChromium(bin!, ['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, pathToFileURL(file).href])
    expect(r.code).toBe(0)
    const pages = readFileSync(pdf).toString('latin1').match(/\/Type\s*\/Page\b/g)!.length
    // summary, key facts, charts and findings for two cases, then the timeline/inventory appendices
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(pages).toBeLessThanOrEqual(14)
  })

  it('the CSP alone blocks payloads that escaping missed', async (ctx) => {
    if (!bin) ctx.skip()
    const base = `http://127.0.0.1:${port}`
    const injected = [
      `<script>document.title='PWNED';document.documentElement.setAttribute('data-pwned','script')</script>`,
      `<img src="${base}/raw-img" onerror="document.documentElement.setAttribute('data-pwned','onerror')">`,
      `<link rel="stylesheet" href="${base}/raw-css">`,
      `<iframe src="${base}/raw-frame"></iframe>`,
      `<object data="${base}/raw-object"></object>`,
      `<form action="${base}/raw-form" method="post"><button id="b">x</button></form>`,
      `<base href="${base}/">`,
      `<svg><image href="${base}/raw-svg"/></svg>`,
      `<a id="jsl" href="javascript:document.documentElement.setAttribute('data-pwned','jsurl')">x</a>`,
    ].join('')
    const file = join(OUT, 'report-unescaped.html')
    writeFileSync(file, page.replace('<body>\n', `<body>\n${injected}`))
    const dom = await dump(file)
    expect(dom).toContain('<title>dprk-triage report: laptop-farm-01, laptop-farm-02</title>')
    expect(dom).not.toMatch(PWNED)
    expect(dom).toContain('<div class="filters" data-for="tl-1">') // our script still ran
    expect(requests).toEqual([])
  })
})
