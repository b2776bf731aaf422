#!/usr/bin/env node
// Browser-history benchmark (issue #4): a generated 1,000,000-visit Chromium History (current
// schema) read by (a) the sqlite3 CLI dumping visits joined to urls as JSON, and (b) the real CLI,
// `dprk-triage scan <case> --format jsonl --out <file> -q` (every parser, indicator matching,
// the timeline store, the JSONL writer), in a child process so its peak RSS is its own.
// Needs a built dist/ (npm run build). Targets: peak RSS < 300 MB, time <= 2x sqlite3.
//   node scripts/bench-browser.mjs [visits=1000000]
// Env: DPRK_DIST=<dir> to use another build output than ../dist.
import {spawnSync} from 'node:child_process'
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = resolve(process.env.DPRK_DIST ?? join(ROOT, 'dist'))

if (process.argv[2] === '--child') {
  await child(...process.argv.slice(3))
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

  // (b) dprk-triage scan -> Timesketch JSONL: the CLI as users run it, in a child process
  const run = join(ROOT, 'bin', 'run.js')
  if (!existsSync(join(DIST, 'bundle', 'scan.js'))) {
    process.stdout.write(`dprk-triage: ${DIST} is not built — run \`npm run build\` first\n`)
    process.exit(1)
  }
  const jsonl = join(outDir, 'dprk-triage.jsonl')
  const stat = join(outDir, 'rss.json')
  // --out refuses to overwrite a report: the previous run's output (and its digest) goes first
  for (const f of [jsonl, `${jsonl}.sha256`]) rmSync(f, {force: true})
  const t0 = performance.now()
  const c = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', stat, run, 'scan', caseDir, '--format', 'jsonl', '--out', jsonl, '-q'], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  })
  const sec = (performance.now() - t0) / 1000
  if (c.status !== 0) {
    process.stdout.write(`dprk-triage scan failed (${c.status}): ${c.stderr}\n`)
    process.exit(1)
  }
  const rssMb = JSON.parse(readFileSync(stat, 'utf8')).maxRSSKb / 1024
  const counted = countEvents(jsonl)
  process.stdout.write(
    `dprk-triage scan -> JSONL: ${sec.toFixed(2)} s wall, ${counted.events} events (${counted.visits} visits), ` +
      `${Math.round(counted.events / sec)} events/s, peak RSS ${rssMb.toFixed(0)} MB, ${(statSync(jsonl).size / 1e6).toFixed(0)} MB JSONL\n`,
  )
  const ratio = sqliteSec ? sec / sqliteSec : undefined
  if (ratio !== undefined) process.stdout.write(`ratio vs sqlite3: ${ratio.toFixed(2)}x\n`)
  process.stdout.write(
    `\ntargets: peak RSS < 300 MB: ${rssMb < 300 ? 'met' : 'NOT met'}; time <= 2x sqlite3: ${ratio === undefined ? 'n/a (no sqlite3)' : ratio <= 2 ? 'met' : 'NOT met'}\n`,
  )
}

/** Runs the CLI in this process and records its peak RSS when it exits. */
async function child(statFile, script, ...args) {
  process.on('exit', () => writeFileSync(statFile, JSON.stringify({maxRSSKb: process.resourceUsage().maxRSS})))
  process.argv = [process.argv[0], script, ...args]
  await import(pathToFileURL(script).href)
}

/** JSONL lines, and those that are browser visits. */
function countEvents(file) {
  let events = 0
  let visits = 0
  const fd = openSync(file, 'r')
  const buf = Buffer.allocUnsafe(1 << 20)
  let tail = ''
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) {
    const lines = (tail + buf.toString('utf8', 0, n)).split('\n')
    tail = lines.pop()
    for (const l of lines) {
      if (!l) continue
      events++
      if (l.includes('"data_type":"browser.visit"')) visits++
    }
  }
  closeSync(fd)
  return {events, visits}
}
