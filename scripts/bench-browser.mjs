#!/usr/bin/env node
// Browser-history benchmark: a generated 1,000,000-visit Chromium History (current schema) read by
// (a) the sqlite3 CLI dumping visits joined to urls as JSON, and (b) dprk-triage scanning the
// profile folder to Timesketch JSONL, in a child process so its peak RSS is its own.
// Needs a built dist/ (npm run build). Targets: peak RSS < 300 MB, time <= 2x sqlite3.
//   node scripts/bench-browser.mjs [visits=1000000]
// Env: DPRK_DIST=<dir> to use another build output than ../dist.
import {spawnSync} from 'node:child_process'
import {closeSync, existsSync, mkdirSync, openSync, statSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = resolve(process.env.DPRK_DIST ?? join(ROOT, 'dist'))

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4])
} else {
  await main()
}

async function main() {
  const visits = process.argv[2] === undefined ? 1_000_000 : Number(process.argv[2])
  const caseDir = join(tmpdir(), `dprk-bench-browser-${visits}`)
  const profile = join(caseDir, 'Users', 'worker', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default')
  const db = join(profile, 'History')
  if (!existsSync(db)) {
    process.stdout.write(`generating ${db} (${visits} visits)…\n`)
    const t0 = performance.now()
    const g = spawnSync(process.execPath, [join(ROOT, 'scripts', 'make-chrome-history.mjs'), db, String(visits)], {stdio: 'inherit'})
    if (g.status !== 0) process.exit(g.status ?? 1)
    process.stdout.write(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
  }
  process.stdout.write(`DB: ${db} (${(statSync(db).size / 1e6).toFixed(1)} MB)\n\n`)
  const outDir = caseDir + '-out'
  mkdirSync(outDir, {recursive: true})

  // (a) sqlite3 CLI baseline: same visits joined to urls, JSON
  let sqliteSec
  const probe = spawnSync('sqlite3', ['-version'], {encoding: 'utf8'})
  if (probe.error || probe.status !== 0) {
    process.stdout.write('sqlite3 CLI: missing — install it with `apt-get install sqlite3` for the baseline\n')
  } else {
    const sql = `SELECT v.id, v.visit_time, v.from_visit, v.transition, v.visit_duration, u.url, u.title, u.visit_count, u.typed_count
      FROM visits v JOIN urls u ON u.id = v.url ORDER BY v.visit_time, v.id;`
    const out = join(outDir, 'sqlite3.json')
    const t0 = performance.now()
    const r = spawnSync('sh', ['-c', `sqlite3 -readonly -json "$0" "$1" > "$2"`, db, sql, out], {stdio: 'inherit'})
    sqliteSec = (performance.now() - t0) / 1000
    if (r.status !== 0) process.stdout.write(`sqlite3 exited ${r.status}\n`)
    process.stdout.write(`sqlite3 ${probe.stdout.trim().split(' ')[0]} -json: ${sqliteSec.toFixed(2)} s, ${(statSync(out).size / 1e6).toFixed(0)} MB JSON\n`)
  }

  // (b) dprk-triage scan -> Timesketch JSONL, in a child process
  if (!existsSync(join(DIST, 'lib', 'scan-case.js'))) {
    process.stdout.write(`dprk-triage: ${DIST} is not built — run \`npm run build\` first\n`)
    process.exit(1)
  }
  const jsonl = join(outDir, 'dprk-triage.jsonl')
  const t0 = performance.now()
  const c = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', caseDir, jsonl], {
    encoding: 'utf8', env: {...process.env, DPRK_DIST: DIST}, stdio: ['ignore', 'pipe', 'inherit'],
  })
  const sec = (performance.now() - t0) / 1000
  if (c.status !== 0) {
    process.stdout.write(`dprk-triage child failed (${c.status}): ${c.stdout}\n`)
    process.exit(1)
  }
  const res = JSON.parse(c.stdout.trim().split('\n').at(-1))
  const rssMb = res.maxRSSKb / 1024
  process.stdout.write(
    `dprk-triage scan -> JSONL: ${sec.toFixed(2)} s wall, ${res.events} events (${res.visits} visits), ` +
      `${Math.round(res.events / sec)} events/s, peak RSS ${rssMb.toFixed(0)} MB, ${(statSync(jsonl).size / 1e6).toFixed(0)} MB JSONL\n`,
  )
  process.stdout.write(`  events ${res.streamed ? 'streamed through scan-case onEvent' : 'collected in memory by scan-case (no onEvent in this build)'}\n`)
  for (const a of res.artifacts) process.stdout.write(`  artifact ${a.kind} ${a.status} events=${a.events} warnings=${a.warnings.length}\n`)
  const ratio = sqliteSec ? sec / sqliteSec : undefined
  if (ratio !== undefined) process.stdout.write(`ratio vs sqlite3: ${ratio.toFixed(2)}x\n`)
  process.stdout.write(
    `\ntargets: peak RSS < 300 MB: ${rssMb < 300 ? 'met' : 'NOT met'}; time <= 2x sqlite3: ${ratio === undefined ? 'n/a (no sqlite3)' : ratio <= 2 ? 'met' : 'NOT met'}\n`,
  )
}

async function child(caseDir, jsonlPath) {
  const imp = (p) => import(pathToFileURL(join(process.env.DPRK_DIST ?? join(ROOT, 'dist'), p)).href)
  const {scanCase} = await imp('lib/scan-case.js')
  const {timesketchRow} = await imp('report/timesketch.js')
  // the browser parsers only, when the build has them; else everything registered
  let parsers
  if (existsSync(join(process.env.DPRK_DIST ?? join(ROOT, 'dist'), 'artifacts', 'browser', 'index.js'))) {
    parsers = [...(await imp('artifacts/browser/index.js')).BROWSER_PARSERS]
  }
  // Events go to the JSONL as they come (scan-case `onEvent`, when the build has it); a build without
  // it returns them in `scanned.events` instead. Writes are synchronous and flushed every 1 MB so
  // the output never piles up in memory.
  const c = {id: 'bench'}
  const fd = openSync(jsonlPath, 'w')
  let buf = ''
  let events = 0
  let visits = 0
  let streamed = 0
  const write = (e) => {
    buf += JSON.stringify(timesketchRow(c, e)) + '\n'
    events++
    if (e.type === 'browser.visit') visits++
    if (buf.length > 1 << 20) {
      writeSync(fd, buf)
      buf = ''
    }
  }
  const scanned = await scanCase(caseDir, {caseId: 'bench', parsers, onEvent: (e) => {
    streamed++
    write(e)
  }})
  for (const e of scanned.events) write(e)
  writeSync(fd, buf)
  closeSync(fd)
  process.stdout.write(JSON.stringify({
    events, visits, streamed: streamed > 0, maxRSSKb: process.resourceUsage().maxRSS,
    artifacts: scanned.artifacts.map((a) => ({kind: a.kind, status: a.status, events: a.events, warnings: a.warnings})),
  }) + '\n')
}
