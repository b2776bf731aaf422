#!/usr/bin/env node
// HTML report benchmark: builds a 10,000-event case (deterministic, synthetic, documentation
// addresses only), renders it with the built writer, prints the file size and render time, and,
// when chromium is on PATH, the page's parse time and the time of a filter action in headless
// chromium (a measuring script is added to a copy of the page, with its hash in the CSP).
//
//   node scripts/bench-html.mjs [--events 10000] [--dist dist] [--out bench-output/report-10k.html]
//
// Needs a built dist/ (npm run build); this script never builds it.
import {spawn, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {performance} from 'node:perf_hooks'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt
}
const N = Number(arg('events', '10000'))
const DIST = resolve(ROOT, arg('dist', 'dist'))
const OUT = resolve(ROOT, arg('out', 'bench-output/report-10k.html'))

const {writeHtml} = await import(pathToFileURL(join(DIST, 'report', 'html', 'index.js')).href)

function buildReport(n) {
  const events = []
  const start = Date.UTC(2024, 2, 1, 0, 0, 0)
  const remote = []
  for (let i = 0; i < n; i++) {
    const time = new Date(start + i * 97_000).toISOString()
    const k = i % 20
    const id = `e${String(i + 1).padStart(5, '0')}`
    let e
    if (k < 6) {
      e = {type: k % 2 ? 'remote_access.session_end' : 'remote_access.session_start', timestampDesc: 'Session', message: `Incoming AnyDesk session ${k % 2 ? 'ended' : 'from'} ${100000000 + (i % 37)}`,
        fields: {tool: 'AnyDesk', direction: 'incoming', remote_id: String(100000000 + (i % 37)), remote_ip: `203.0.113.${i % 250}`}}
      remote.push(id)
    } else if (k < 8) {
      e = {type: 'browser.download', timestampDesc: 'Download start', message: `Downloaded https://drive.google.com/uc?id=${i} to C:\\Users\\bob\\Downloads\\f${i}.zip`, fields: {url: `https://drive.google.com/uc?id=${i}`}}
    } else if (k === 8) {
      e = {type: 'program.installed', timestampDesc: 'Install date', message: `Installed: Tool ${i}`, fields: {program: `Tool ${i}`, publisher: 'Example Corp', version: '1.0'}}
    } else {
      e = {type: 'browser.visit', timestampDesc: 'Visit time', message: `Visited https://www.payoneer.com/page/${i} <b>title ${i}</b>`, fields: {url: `https://www.payoneer.com/page/${i}`, title: `Page ${i} <script>x</script>`}}
    }
    events.push({id, time, timeBasis: 'utc', artifact: 'C/Users/bob/AppData/Roaming/AnyDesk/ad.trace', location: `line ${i + 1}`, indicators: [], raw: `raw line ${i} ${'x'.repeat(60)}`, ...e})
  }
  const visits = events.filter((e) => e.type === 'browser.visit').slice(0, 3000).map((e) => e.id)
  for (const e of events) if (visits.includes(e.id)) e.indicators = ['PAY-01']
  const histogram = Array.from({length: 7}, (_, d) => Array.from({length: 24}, (_, h) => (d * 24 + h) % 9))
  return {
    schema: 'dprk-triage/report@1', generator: {name: 'dprk-triage', version: 'bench'},
    command: 'dprk-triage scan bench', method: {indicatorPack: {id: 'bench', version: '1', indicators: 2, loaded: []}, claimedTz: 'America/New_York', parsers: [{kind: 'anydesk.trace', title: 'AnyDesk trace'}]},
    cases: [{
      id: 'bench', evidence: '/evidence/bench',
      artifacts: [{path: 'C/Users/bob/AppData/Roaming/AnyDesk/ad.trace', logicalPath: 'C:/Users/bob/AppData/Roaming/AnyDesk/ad.trace', kind: 'anydesk.trace', sha256: '0'.repeat(64), size: 1, status: 'parsed', events: n, warnings: []}],
      events,
      findings: [
        {indicator: 'RA-01', title: 'Incoming remote-access sessions', category: 'remote-access', severity: 'high', events: remote, first: events[0].time, last: events.at(-1).time},
        {indicator: 'PAY-01', title: 'Payment platform', category: 'payment', severity: 'medium', events: visits, first: events[0].time, last: events.at(-1).time},
      ],
      assessment: {score: 70, level: 'high', categories: ['remote-access', 'payment'], reasons: ['bench']},
      warnings: [],
      activity: {zone: 'America/New_York', histogram, total: 1000, days: 30, nightShare: 0.5, bestFitUtcOffset: 9, sufficient: true},
    }],
    links: [],
  }
}

const report = buildReport(N)
mkdirSync(dirname(OUT), {recursive: true})
const t0 = performance.now()
const out = createWriteStream(OUT)
await writeHtml(report, out)
await new Promise((res, rej) => out.end((err) => (err ? rej(err) : res())))
const renderMs = performance.now() - t0
const size = statSync(OUT).size
const rows = (readFileSync(OUT, 'utf8').match(/<tr id="ev-/g) ?? []).length
console.log(`events: ${N}, timeline rows: ${rows}`)
console.log(`html: ${OUT} ${(size / 1024 / 1024).toFixed(2)} MiB (${size} bytes)`)
console.log(`render: ${renderMs.toFixed(0)} ms`)

const bin = ['chromium', 'chromium-browser', 'google-chrome'].find((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status === 0)
if (!bin) {
  console.log('chromium not found: browser timings skipped (apt-get install -y chromium)')
  process.exit(0)
}

// runs at the end of <body>, after the report's own script: parse time, then three filter actions
const DRIVER = `
var t=performance.now();var bar=document.querySelector('.filters');var q=bar.querySelector('.f-text'),s=bar.querySelector('.f-sev');
var a=performance.now();q.value='payoneer';q.dispatchEvent(new Event('input',{bubbles:true}));var b=performance.now();
var first=document.querySelectorAll('#tl-1 tbody tr:not([hidden])').length;
var c=performance.now();q.value='';s.value='high';s.dispatchEvent(new Event('change',{bubbles:true}));var d=performance.now();
var e=performance.now();s.value='';s.dispatchEvent(new Event('change',{bubbles:true}));var f=performance.now();
document.body.setAttribute('data-bench',JSON.stringify({parsedMs:Math.round(t),filterTextMs:Math.round(b-a),textRows:first,filterSevMs:Math.round(d-c),clearMs:Math.round(f-e)}));
`
const hash = createHash('sha256').update(DRIVER, 'utf8').digest('base64')
const page = readFileSync(OUT, 'utf8')
  .replace(/script-src 'sha256-([^']+)'/, `script-src 'sha256-$1' 'sha256-${hash}'`)
  .replace('</body>', `<script>${DRIVER}</script></body>`)
const driven = OUT.replace(/\.html$/, '') + '-driven.html'
writeFileSync(driven, page)
const profile = mkdtempSync(join(tmpdir(), 'dprk-bench-'))
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`]
const w0 = performance.now()
const dom = await new Promise((res, rej) => {
  const c = spawn(bin, [...flags, '--dump-dom', pathToFileURL(driven).href], {stdio: ['ignore', 'pipe', 'ignore']})
  let s = ''
  c.stdout.setEncoding('utf8').on('data', (x) => (s += x))
  c.on('error', rej)
  c.on('close', () => res(s))
})
const wallMs = performance.now() - w0
rmSync(profile, {recursive: true, force: true})
const m = /data-bench="([^"]+)"/.exec(dom)
if (!m) {
  console.log('browser: no measurement came back (page did not run the driver)')
  process.exit(1)
}
const r = JSON.parse(m[1].replace(/&quot;/g, '"'))
console.log(`browser: page parsed in ${r.parsedMs} ms; chromium start-to-dump ${wallMs.toFixed(0)} ms`)
console.log(`browser: text filter ${r.filterTextMs} ms (${r.textRows} rows shown), severity filter ${r.filterSevMs} ms, clear ${r.clearMs} ms`)
