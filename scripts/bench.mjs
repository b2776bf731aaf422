#!/usr/bin/env node
// Benchmarks (`npm run bench`; not timed tests). Generates its inputs with the scripts next to this
// one, runs the built CLI (`bin/run.js` -> dist/) on each as a child process and prints wall time,
// peak RSS, input MB/s and events/s (JSONL lines), with ratios against local baselines:
//
//   trace   1 GiB AnyDesk ad_svc.trace (gen-anydesk-trace.mjs)    vs  grep -c 'Logged in from'
//   zip     2 GiB / 100,000-entry collection ZIP in a folder       vs  sha256sum, unzip -l
//           (gen-collection-zip.mjs; a ZIP inside a folder is listed + hashed member by member)
//   startup CLI fixed cost: --version and a scan of a one-file folder to JSON, median of 7 runs
//           each, alternated with node -e 0 (the baseline) in the same rounds (#17: < 0.3 s)
//   batch   100 small cases (gen-batch-cases.mjs), --batch -j 1 vs -j 2
//   history 1,000,000-visit Chrome History through the CLI to JSONL (scripts/bench-browser.mjs) vs sqlite3 -json
//   evtx    ~1 GiB .evtx of real corpus chunks (gen-evtx.mjs)        vs  evtxexport -f xml (issue #12)
//   html    10,000-event HTML report (scripts/bench-html.mjs), informative only
//   hive    full parse of the corpus SYSTEM hive and a generated ~500 MB SOFTWARE-like hive
//           (scripts/bench-hive.mjs)                            vs  reglookup, hivexregedit --export (#13)
//   merge   10,000 per-case JSON reports of 1,000 events (gen-case-reports.mjs) merged from a folder
//           vs cat of the same files (reading them once); time per 1,000 cases, peak RSS < 500 MB (#16)
//
// Targets (issue #17): start-up < 0.3 s; trace <= 2x the wall time of grep -c 'Logged in from'; ZIP listing+hashing
// <= 1.5x sha256sum time; peak RSS < 300 MB for every input; batch -j 2 >= 1.4x faster than -j 1; History <= 2x sqlite3 (#4, #17).
// Prints PASS/FAIL per target and a summary table; exits 0 even when a target fails.
//
//   node scripts/bench.mjs [--quick] [--only startup,trace,zip,batch,history,evtx,html,hive,merge]
//     --quick   everything at 1/20 scale (a smoke check); inputs in <BENCH_DIR>/quick
//   BENCH_DIR   work dir for inputs and outputs (default: <os.tmpdir()>/dprk-triage-bench). Inputs
//               are reused between runs when a previous generation finished with the same parameters.
// Needs a built dist/ (`npm run bench` builds first). MB = 10^6 bytes, MiB/GiB = 2^20/2^30.
// Peak RSS comes from /usr/bin/time -v (apt-get install time); without it, the CLI runs inside a
// wrapper child that reports process.resourceUsage().maxRSS, and baselines have no RSS.
import {spawn, spawnSync} from 'node:child_process'
import {closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statfsSync, statSync, writeFileSync} from 'node:fs'
import {availableParallelism, cpus, loadavg, tmpdir, totalmem} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SELF = fileURLToPath(import.meta.url)
const GiB = 1024 ** 3
const MiB = 1024 ** 2

// --rss-wrapper <statFile> <script> args...: run a node CLI in this process and record its peak RSS
if (process.argv[2] === '--rss-wrapper') {
  const [statFile, script, ...rest] = process.argv.slice(3)
  process.on('exit', () => writeFileSync(statFile, JSON.stringify({maxRSSKb: process.resourceUsage().maxRSS})))
  process.argv = [process.argv[0], script, ...rest]
  await import(pathToFileURL(script).href)
} else {
  await main()
}

async function main() {
  const args = process.argv.slice(2)
  const QUICK = args.includes('--quick')
  const onlyArg = args.find((a) => a.startsWith('--only'))
  const ONLY = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : null
  const want = (b) => !ONLY || ONLY.includes(b)
  const SCALE = QUICK ? 1 / 20 : 1
  const BENCH = resolve(process.env.BENCH_DIR ?? join(tmpdir(), 'dprk-triage-bench'), QUICK ? 'quick' : 'full')
  const OUT = join(BENCH, 'out')
  const RUN = join(ROOT, 'bin', 'run.js')
  mkdirSync(OUT, {recursive: true})

  if (!existsSync(join(ROOT, 'dist', 'bundle', 'scan.js'))) {
    say(`dist/ is not built: run \`npm run bench\` (builds first) or \`npm run build\`.`)
    process.exit(1)
  }
  const TIME = spawnSync('/usr/bin/time', ['-v', 'true'], {stdio: 'ignore'}).status === 0 ? '/usr/bin/time' : null
  const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], {stdio: 'ignore'}).status === 0

  const rows = [] // summary table
  const targets = [] // {name, pass, detail}
  const notes = []
  // informative targets (not in the issue) are printed but do not count as failures
  const mark = (t) => (t.pass === null ? 'N/A ' : t.info ? `INFO (${t.pass ? 'met' : 'not met'})` : t.pass ? 'PASS' : 'FAIL')
  const target = (name, pass, detail, info = false) => {
    const t = {name, pass, detail, info}
    targets.push(t)
    say(`  ${mark(t)} ${name}: ${detail}`)
  }
  const rssTarget = (what, r) => target(`${what}: peak RSS < 300 MB`, r.rssMb === null ? null : r.rssMb < 300, r.rssMb === null ? 'not measured' : `${r.rssMb.toFixed(0)} MB`)

  let commit = ''
  try {
    commit = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], {encoding: 'utf8'}).stdout.trim()
  } catch {}
  say(`dprk-triage benchmarks${QUICK ? ' (--quick: 1/20 scale)' : ''}`)
  say(`node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / GiB).toFixed(1)} GiB RAM, commit ${commit || '?'}`)
  say(`work dir ${BENCH}; peak RSS via ${TIME ? '/usr/bin/time -v' : 'process.resourceUsage() wrapper (no /usr/bin/time: apt-get install time)'}`)
  say(`free disk: ${fmtBytes(freeBytes(BENCH))}`)
  say('timings are on a warm page cache (each input is read once before the runs)')
  const loadNote = () => {
    const l = loadavg()[0]
    return `load average ${l.toFixed(2)} on ${availableParallelism()} cores${l > availableParallelism() / 2 ? ' — the machine is busy: timings and speed-ups are not reliable' : ''}`
  }
  say(`${loadNote()}\n`)

  /** Runs a command as a child; wall time, peak RSS (MB), CPU %, exit status, captured stdout. */
  function measure(cmd, cmdArgs, {capture = false} = {}) {
    const stat = join(OUT, `.time-${process.pid}.txt`)
    rmSync(stat, {force: true})
    let argv
    if (TIME) argv = [TIME, ['-v', '-o', stat, cmd, ...cmdArgs]]
    else if (cmd === process.execPath) argv = [process.execPath, [SELF, '--rss-wrapper', stat, ...cmdArgs]]
    else argv = [cmd, cmdArgs]
    const t0 = performance.now()
    const r = spawnSync(argv[0], argv[1], {stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * MiB})
    const wall = (performance.now() - t0) / 1000
    let rssMb = null
    let cpuPct = null
    if (existsSync(stat)) {
      const s = readFileSync(stat, 'utf8')
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(s)
      if (m) rssMb = Number(m[1]) / 1024
      const c = /Percent of CPU this job got: (\d+)%/.exec(s)
      if (c) cpuPct = Number(c[1])
      const w = /\{"maxRSSKb":(\d+)\}/.exec(s)
      if (w) rssMb = Number(w[1]) / 1024
      const x = /Exit status: (\d+)/.exec(s)
      if (x) r.status = Number(x[1])
      rmSync(stat, {force: true})
    }
    if (r.error) return {wall, rssMb, cpuPct, status: -1, stdout: '', stderr: String(r.error.message)}
    return {wall, rssMb, cpuPct, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? ''}
  }
  const scan = (evidence, out, extra = []) => measure(process.execPath, [RUN, 'scan', ...evidence, '--format', 'jsonl', '--out', out, '-q', ...extra])
  const failed = (what, r) => {
    if (r.status === 0) return false
    say(`  ${what} exited ${r.status}: ${r.stderr.trim().split('\n').slice(-5).join('\n    ')}`)
    return true
  }

  /** Reuses a generated input when its marker matches; else checks the disk and runs the generator. */
  function ensureInput(name, file, params, need, genArgs) {
    const marker = `${file}.gen.json`
    const key = JSON.stringify(params)
    if (existsSync(marker) && existsSync(file)) {
      try {
        const m = JSON.parse(readFileSync(marker, 'utf8'))
        if (JSON.stringify(m.params) === key && (m.size === undefined || statSync(file).size === m.size)) {
          say(`  input: reusing ${file} (${fmtBytes(pathBytes(file))})`)
          return true
        }
      } catch {}
    }
    const free = freeBytes(dirname(file)) + (existsSync(file) ? pathBytes(file) : 0)
    if (free < need + 512 * MiB) {
      say(`  SKIP ${name}: needs about ${fmtBytes(need + 512 * MiB)} free disk, ${fmtBytes(free)} available in ${dirname(file)}`)
      notes.push(`${name} skipped: not enough disk (${fmtBytes(free)} free, ~${fmtBytes(need + 512 * MiB)} needed)`)
      return false
    }
    rmSync(marker, {force: true})
    // a half-made or stale case folder goes; a file is overwritten by the generator
    if (existsSync(file) && statSync(file).isDirectory()) rmSync(file, {recursive: true, force: true})
    say(`  input: generating ${file} ...`)
    const t0 = performance.now()
    const g = spawnSync(process.execPath, genArgs, {stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8'})
    if (g.status !== 0) {
      say(`  SKIP ${name}: generator failed (${g.status})`)
      notes.push(`${name} skipped: generator failed`)
      return false
    }
    say(`  ${g.stdout.trim()} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
    const st = statSync(file)
    writeFileSync(marker, JSON.stringify({params, size: st.isFile() ? st.size : undefined}))
    return true
  }

  // ---------------------------------------------------------------- start-up (#17)
  if (want('startup')) {
    section('Start-up: --version and a one-file scan to JSON vs node -e 0')
    const tiny = join(BENCH, 'startup-case')
    mkdirSync(tiny, {recursive: true})
    writeFileSync(join(tiny, 'note.txt'), 'hello\n')
    const out = join(OUT, 'startup.json')
    const cmds = {
      'node -e 0': ['-e', '0'],
      '--version': [RUN, '--version'],
      'scan 1 file --format json': [RUN, 'scan', tiny, '--format', 'json', '--out', out, '--force', '-q'],
    }
    const walls = Object.fromEntries(Object.keys(cmds).map((k) => [k, []]))
    const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]
    // rounds alternate the three, so load changes hit all of them alike
    for (let i = 0; i < 7; i++) {
      for (const [k, a] of Object.entries(cmds)) {
        const t0 = performance.now()
        spawnSync(process.execPath, a, {stdio: 'ignore'})
        walls[k].push((performance.now() - t0) / 1000)
      }
    }
    const base = median(walls['node -e 0'])
    for (const [k, w] of Object.entries(walls)) {
      const m = median(w)
      say(`  ${k}: median ${(m * 1000).toFixed(0)} ms of ${w.length} (min ${(Math.min(...w) * 1000).toFixed(0)} ms)${k === 'node -e 0' ? '' : `, ${(m / base).toFixed(1)}x node -e 0`}`)
      rows.push({bench: 'startup', tool: k === 'node -e 0' ? 'node -e 0' : `dprk-triage ${k}`, input: k.startsWith('scan') ? '1 file' : '', wall: m, rss: null, mbps: null, events: null, eps: null, ...(k === 'node -e 0' ? {} : {baseline: 'node -e 0', ratio: `${(m / base).toFixed(1)}x time`})})
      if (k !== 'node -e 0') target(`startup: ${k} < 0.3 s`, m < 0.3, `${(m * 1000).toFixed(0)} ms median (node -e 0: ${(base * 1000).toFixed(0)} ms)`)
    }
  }

  // ---------------------------------------------------------------- AnyDesk trace vs grep -c
  if (want('trace')) {
    section('AnyDesk service trace (ad_svc.trace) vs grep -c')
    const bytes = Math.round(GiB * SCALE)
    const caseDir = join(BENCH, 'trace-case')
    const file = join(caseDir, 'ProgramData', 'AnyDesk', 'ad_svc.trace')
    if (ensureInput('trace', file, {bytes, v: 1}, bytes, [join(ROOT, 'scripts', 'gen-anydesk-trace.mjs'), file, String(bytes)])) {
      const size = statSync(file).size
      warm(file)
      const g = measure('grep', ['-c', 'Logged in from', file], {capture: true})
      const gMBps = size / 1e6 / g.wall
      say(`  grep -c 'Logged in from': ${g.stdout.trim()} lines, ${g.wall.toFixed(2)} s, ${gMBps.toFixed(0)} MB/s, peak RSS ${fmtMb(g.rssMb)}`)
      const out = join(OUT, 'trace.jsonl')
      for (const f of [out, `${out}.sha256`]) rmSync(f, {force: true}) // --out never overwrites without --force
      const t = scan([caseDir], out)
      if (!failed('dprk-triage scan', t)) {
        const ev = await countJsonl(out)
        const mbps = size / 1e6 / t.wall
        say(`  dprk-triage scan: ${t.wall.toFixed(2)} s, ${mbps.toFixed(1)} MB/s, ${ev.lines} events (${Math.round(ev.lines / t.wall)} events/s), peak RSS ${fmtMb(t.rssMb)}`)
        say(`  ratio: dprk-triage runs at ${(mbps / gMBps).toFixed(3)}x grep -c throughput (${(gMBps / mbps).toFixed(1)}x slower)`)
        rows.push({bench: 'trace', tool: 'dprk-triage scan', input: fmtBytes(size), ...perf(t, size, ev.lines), baseline: "grep -c 'Logged in from'", ratio: `${(t.wall / g.wall).toFixed(2)}x wall`})
        rows.push({bench: 'trace', tool: "grep -c 'Logged in from'", input: fmtBytes(size), ...perf(g, size, null)})
        target("trace: wall time <= 2x grep -c 'Logged in from'", t.wall <= 2 * g.wall, `${t.wall.toFixed(2)} s vs grep ${g.wall.toFixed(2)} s (needs <= ${(2 * g.wall).toFixed(2)} s)`)
        rssTarget('trace', t)
        // the floor (scripts/trace-floor.mjs): blocks, latin1 views, the routine-line regex, SHA-256 in a worker; no CLI start-up
        const f = measure(process.execPath, [join(ROOT, 'scripts', 'trace-floor.mjs'), file], {capture: true})
        if (!failed('trace-floor', f)) {
          say(`  floor (blocks + latin1 views + routine-line regex + worker SHA-256): ${f.wall.toFixed(2)} s, ${(f.wall / g.wall).toFixed(2)}x grep; ${f.stdout.trim()}`)
          rows.push({bench: 'trace', tool: 'trace-floor.mjs', input: fmtBytes(size), ...perf(f, size, null), baseline: "grep -c 'Logged in from'", ratio: `${(f.wall / g.wall).toFixed(2)}x wall`})
        }
      }
    }
  }

  // ---------------------------------------------------------------- collection ZIP vs sha256sum / unzip -l
  if (want('zip')) {
    section('Collection ZIP in a folder (listing + hashing every member) vs sha256sum / unzip -l')
    const bytes = Math.round(2 * GiB * SCALE)
    const entries = Math.round(100_000 * SCALE)
    const caseDir = join(BENCH, 'zip-case')
    const file = join(caseDir, 'collection.zip')
    if (ensureInput('zip', file, {bytes, entries, v: 1}, bytes + 64 * MiB, [join(ROOT, 'scripts', 'gen-collection-zip.mjs'), file, String(bytes), String(entries)])) {
      const size = statSync(file).size
      warm(file)
      const s = measure('sha256sum', [file], {capture: true})
      say(`  sha256sum: ${s.wall.toFixed(2)} s, ${(size / 1e6 / s.wall).toFixed(0)} MB/s, peak RSS ${fmtMb(s.rssMb)}`)
      rows.push({bench: 'zip', tool: 'sha256sum', input: fmtBytes(size), ...perf(s, size, null)})
      if (has('unzip')) {
        const u = measure('unzip', ['-l', file])
        say(`  unzip -l: ${u.wall.toFixed(2)} s, peak RSS ${fmtMb(u.rssMb)}`)
        rows.push({bench: 'zip', tool: 'unzip -l', input: fmtBytes(size), ...perf(u, size, null)})
      } else {
        say('  unzip -l: unzip missing (apt-get install unzip)')
      }
      const out = join(OUT, 'zip.jsonl')
      const t = scan([caseDir], out)
      if (!failed('dprk-triage scan', t)) {
        const ev = await countJsonl(out, '"data_type":"archive.entry"')
        const mbps = size / 1e6 / t.wall
        const ratio = t.wall / s.wall
        say(`  dprk-triage scan: ${t.wall.toFixed(2)} s, ${mbps.toFixed(1)} MB/s, ${ev.lines} events of which ${ev.matches} archive.entry (${Math.round(ev.lines / t.wall)} events/s), peak RSS ${fmtMb(t.rssMb)}`)
        if (ev.matches < entries) say(`  note: fewer archive.entry events (${ev.matches}) than members (${entries})`)
        say(`  ratio: ${ratio.toFixed(2)}x sha256sum time`)
        rows.push({bench: 'zip', tool: 'dprk-triage scan', input: fmtBytes(size), ...perf(t, size, ev.lines), baseline: 'sha256sum', ratio: `${ratio.toFixed(2)}x time`})
        target('zip: listing+hashing time <= 1.5x sha256sum', ratio <= 1.5, `${t.wall.toFixed(2)} s vs sha256sum ${s.wall.toFixed(2)} s (${ratio.toFixed(2)}x)`)
        rssTarget('zip', t)
      }
    }
  }

  // ---------------------------------------------------------------- batch of small cases, -j 1 vs -j 2
  if (want('batch')) {
    section('Batch of small cases: --batch -j 1 vs -j 2')
    const count = Math.max(2, Math.round(100 * SCALE))
    const dir = join(BENCH, 'batch')
    if (ensureInput('batch', dir, {count, v: 2}, count * 2 * MiB, [join(ROOT, 'scripts', 'gen-batch-cases.mjs'), dir, String(count)])) {
      const size = pathBytes(dir)
      const res = {}
      for (const j of [1, 2]) {
        const out = join(OUT, `batch-j${j}`)
        rmSync(out, {recursive: true, force: true})
        const r = measure(process.execPath, [RUN, 'scan', '--batch', dir, '--out', out, '--format', 'jsonl', '-q', '-j', String(j)])
        if (failed(`dprk-triage scan --batch -j ${j}`, r)) continue
        let lines = 0
        for (const f of readdirSync(out)) if (/^case-.*\.jsonl$/.test(f)) lines += (await countJsonl(join(out, f))).lines
        res[j] = r
        say(`  -j ${j}: ${r.wall.toFixed(2)} s for ${count} cases (${(count / r.wall).toFixed(1)} cases/s), ${lines} events (${Math.round(lines / r.wall)} events/s), CPU ${r.cpuPct ?? '?'}%, peak RSS ${fmtMb(r.rssMb)}`)
        rows.push({bench: 'batch', tool: `scan --batch -j ${j}`, input: `${count} cases, ${fmtBytes(size)}`, ...perf(r, size, lines), ...(j === 2 && res[1] ? {baseline: '-j 1', ratio: `${(res[1].wall / r.wall).toFixed(2)}x speed-up`} : {})})
        rssTarget(`batch -j ${j}`, r)
      }
      if (res[1] && res[2]) {
        const sp = res[1].wall / res[2].wall
        say(`  speed-up -j 2 over -j 1: ${sp.toFixed(2)}x (${availableParallelism()} cores)`)
        target('batch: -j 2 speed-up >= 1.4x over -j 1', availableParallelism() < 2 ? null : sp >= 1.4, `${sp.toFixed(2)}x${availableParallelism() < 2 ? ' (only one core here)' : ''}`)
      }
    }
  }

  // ---------------------------------------------------------------- merge of per-case reports (#16)
  if (want('merge')) {
    section('merge: 10,000 per-case reports of 1,000 events (--from-dir) vs cat')
    const count = Math.max(2, Math.round(10_000 * SCALE))
    const dir = join(BENCH, 'case-reports')
    if (ensureInput('merge', dir, {count, events: 1000, v: 1}, count * 700 * 1024 * 2, [join(ROOT, 'scripts', 'gen-case-reports.mjs'), dir, String(count), '1000'])) {
      const size = pathBytes(dir)
      const out = join(OUT, 'merged.json')
      measure('sh', ['-c', `cat "${dir}"/*.json > /dev/null`]) // warms the page cache
      const c = measure('sh', ['-c', `cat "${dir}"/*.json > /dev/null`])
      const r = measure(process.execPath, [RUN, 'merge', '--from-dir', dir, '--out', out, '-q'])
      if (!failed('dprk-triage merge', r)) {
        const per1000 = (r.wall / count) * 1000
        say(`  merge: ${r.wall.toFixed(2)} s for ${count} cases (${per1000.toFixed(1)} s per 1,000 cases), ${fmtBytes(size)} in, ${fmtBytes(pathBytes(out))} out, peak RSS ${fmtMb(r.rssMb)}; cat ${c.wall.toFixed(2)} s`)
        rows.push({bench: 'merge', tool: 'merge --from-dir', input: `${count} reports, ${fmtBytes(size)}`, ...perf(r, size, count * 1000), baseline: 'cat', ratio: `${(r.wall / c.wall).toFixed(1)}x time; ${per1000.toFixed(1)} s/1,000 cases`})
        rows.push({bench: 'merge', tool: 'cat *.json', input: `${count} reports, ${fmtBytes(size)}`, ...perf(c, size, null)})
        target('merge: peak RSS < 500 MB', r.rssMb === null ? null : r.rssMb < 500, r.rssMb === null ? 'not measured' : `${r.rssMb.toFixed(0)} MB`)
      }
      rmSync(out, {force: true})
    }
  }

  // ---------------------------------------------------------------- Chrome History vs sqlite3 shell
  if (want('history')) {
    section('Chrome History (1,000,000 visits) vs sqlite3 shell')
    const visits = Math.round(1_000_000 * SCALE)
    const script = join(ROOT, 'scripts', 'bench-browser.mjs')
    const need = visits * 1500 // DB + sqlite3 JSON + JSONL, measured at ~1.2 KB per visit
    if (freeBytes(BENCH) < need + 512 * MiB) {
      say(`  SKIP history: needs about ${fmtBytes(need + 512 * MiB)} free disk, ${fmtBytes(freeBytes(BENCH))} available`)
      notes.push('history skipped: not enough disk')
    } else if (existsSync(script)) {
      // bench-browser.mjs keeps its inputs under os.tmpdir(): point that at the bench dir
      say(`  running scripts/bench-browser.mjs ${visits} (TMPDIR=${BENCH})\n`)
      const r = await tee(process.execPath, [script, String(visits)], {...process.env, TMPDIR: BENCH})
      const m = /dprk-triage scan -> JSONL: ([\d.]+) s wall, (\d+) events.*?(\d+) events\/s, peak RSS (\d+) MB/.exec(r.out)
      const q = /sqlite3 \S+ -json: ([\d.]+) s/.exec(r.out)
      const db = /DB: .*\(([\d.]+) MB\)/.exec(r.out)
      const ratio = /ratio vs sqlite3: ([\d.]+)x/.exec(r.out)
      if (r.status !== 0 || !m) {
        say(`  bench-browser.mjs exited ${r.status} without a result line`)
        notes.push(`history: bench-browser.mjs exited ${r.status} without a result`)
      } else {
        const inBytes = db ? Number(db[1]) * 1e6 : null
        const t = {wall: Number(m[1]), rssMb: Number(m[4])}
        rows.push({bench: 'history', tool: 'dprk-triage scan', input: db ? `${db[1]} MB` : '?', ...perf(t, inBytes, Number(m[2])), baseline: 'sqlite3 -json', ratio: ratio ? `${ratio[1]}x time` : 'n/a'})
        if (q) rows.push({bench: 'history', tool: 'sqlite3 -json dump', input: db ? `${db[1]} MB` : '?', ...perf({wall: Number(q[1]), rssMb: null}, inBytes, null)})
        rssTarget('history', t)
        if (ratio) target('history: time <= 2x sqlite3 -json (issues #4, #17)', Number(ratio[1]) <= 2, `${ratio[1]}x`)
      }
    } else {
      // no bench-browser.mjs: the same measurement here
      const caseDir = join(BENCH, 'history-case')
      const db = join(caseDir, 'Users', 'worker', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default', 'History')
      if (ensureInput('history', db, {visits, v: 1}, need, [join(ROOT, 'scripts', 'make-chrome-history.mjs'), db, String(visits)])) {
        const size = statSync(db).size
        warm(db)
        const sql = 'SELECT v.id, v.visit_time, v.from_visit, v.transition, v.visit_duration, u.url, u.title, u.visit_count, u.typed_count FROM visits v JOIN urls u ON u.id = v.url ORDER BY v.visit_time, v.id;'
        let q = null
        if (has('sqlite3')) {
          q = measure('sh', ['-c', 'sqlite3 -readonly -json "$0" "$1" > "$2"', db, sql, join(OUT, 'sqlite3.json')])
          say(`  sqlite3 -json: ${q.wall.toFixed(2)} s, peak RSS ${fmtMb(q.rssMb)}`)
          rows.push({bench: 'history', tool: 'sqlite3 -json dump', input: fmtBytes(size), ...perf(q, size, null)})
        } else say('  sqlite3 missing (apt-get install sqlite3): no baseline')
        const out = join(OUT, 'history.jsonl')
        const t = scan([caseDir], out)
        if (!failed('dprk-triage scan', t)) {
          const ev = await countJsonl(out)
          say(`  dprk-triage scan: ${t.wall.toFixed(2)} s, ${ev.lines} events (${Math.round(ev.lines / t.wall)} events/s), peak RSS ${fmtMb(t.rssMb)}`)
          rows.push({bench: 'history', tool: 'dprk-triage scan', input: fmtBytes(size), ...perf(t, size, ev.lines), baseline: 'sqlite3 -json', ratio: q ? `${(t.wall / q.wall).toFixed(2)}x time` : 'n/a'})
          rssTarget('history', t)
        }
      }
    }
  }

  // ---------------------------------------------------------------- raw EVTX (issue #12)
  if (want('evtx')) {
    section('Raw .evtx from real chunks (scripts/gen-evtx.mjs) vs evtxexport -f xml')
    const size = Math.round(GiB * SCALE)
    const caseDir = join(BENCH, 'evtx-case')
    const file = join(caseDir, 'C', 'Windows', 'System32', 'winevt', 'Logs', 'System.evtx')
    mkdirSync(dirname(file), {recursive: true})
    if (ensureInput('evtx', file, {size, v: 1}, size * 1.1, [join(ROOT, 'scripts', 'gen-evtx.mjs'), file, String(size)])) {
      const bytes = statSync(file).size
      warm(file)
      let base = null
      if (has('evtxexport')) {
        base = measure('sh', ['-c', 'evtxexport -f xml "$0" > /dev/null', file])
        say(`  evtxexport -f xml: ${base.wall.toFixed(2)} s, peak RSS ${fmtMb(base.rssMb)}`)
        rows.push({bench: 'evtx', tool: 'evtxexport -f xml', input: fmtBytes(bytes), ...perf(base, bytes, null)})
      } else say('  evtxexport missing (apt-get install libevtx-utils): no baseline')
      const out = join(OUT, 'evtx.jsonl')
      const t = scan([caseDir], out)
      if (!failed('dprk-triage scan', t)) {
        const ev = await countJsonl(out)
        say(`  dprk-triage scan: ${t.wall.toFixed(2)} s (${(bytes / 1e6 / t.wall).toFixed(0)} MB/s), ${ev.lines} events, peak RSS ${fmtMb(t.rssMb)}`)
        rows.push({bench: 'evtx', tool: 'dprk-triage scan', input: fmtBytes(bytes), ...perf(t, bytes, ev.lines), baseline: 'evtxexport', ratio: base ? `${(t.wall / base.wall).toFixed(2)}x time` : 'n/a'})
        if (base) target('evtx: faster than evtxexport on the same file (issue #12)', t.wall < base.wall, `${(t.wall / base.wall).toFixed(2)}x its time`)
        rssTarget('evtx', t)
      }
    }
  }

  // ---------------------------------------------------------------- HTML report (informative)
  if (want('html')) {
    section('HTML report render (scripts/bench-html.mjs)')
    const script = join(ROOT, 'scripts', 'bench-html.mjs')
    const events = Math.round(10_000 * SCALE)
    if (!existsSync(script)) {
      say('  scripts/bench-html.mjs not present: skipped')
      notes.push('html: scripts/bench-html.mjs not present')
    } else {
      const r = await tee(process.execPath, [script, '--events', String(events), '--out', join(OUT, `report-${events}.html`)], {...process.env, TMPDIR: BENCH})
      const render = /render: (\d+) ms/.exec(r.out)
      const size = /html: .* \(([\d]+) bytes\)/.exec(r.out)
      if (render) rows.push({bench: 'html', tool: 'render (in-process)', input: `${events} events`, wall: Number(render[1]) / 1000, rss: null, mbps: null, events, eps: Math.round(events / (Number(render[1]) / 1000)), baseline: '', ratio: size ? `${(Number(size[1]) / MiB).toFixed(1)} MiB html` : ''})
      if (r.status !== 0) notes.push(`html: bench-html.mjs exited ${r.status}`)
    }
  }

  // ---------------------------------------------------------------- registry hives vs reglookup / hivex
  if (want('hive')) {
    section('Registry hives (15 MB SYSTEM, generated SOFTWARE-like hive) vs reglookup and hivexregedit')
    const mb = Math.max(20, Math.round(500 * SCALE))
    if (freeBytes(BENCH) < (mb + 512) * MiB) {
      say(`  SKIP hive: needs about ${mb + 512} MB free disk`)
      notes.push('hive skipped: not enough disk')
    } else {
      const r = await tee(process.execPath, [join(ROOT, 'scripts', 'bench-hive.mjs'), BENCH, '--mb', String(mb)], process.env)
      const res = [...r.out.matchAll(/^RESULT (\S+) (\S+) (\S+) (\S+) (\d+)/gm)].map((m) => ({bench: m[1], tool: m[2], wall: Number(m[3]), rssMb: Number(m[4]), size: Number(m[5])}))
      for (const b of new Set(res.map((x) => x.bench))) {
        const ours = res.find((x) => x.bench === b && x.tool === 'dprk-triage')
        if (!ours) continue
        for (const o of res.filter((x) => x.bench === b && x.tool !== 'dprk-triage')) {
          rows.push({bench: `hive ${b}`, tool: o.tool, input: fmtBytes(o.size), ...perf(o, o.size, null)})
          target(`hive ${b}: full parse faster than ${o.tool}`, ours.wall < o.wall, `${(o.wall / ours.wall).toFixed(2)}x (${ours.wall}s vs ${o.wall}s)`)
        }
        rows.push({bench: `hive ${b}`, tool: 'dprk-triage parse', input: fmtBytes(ours.size), ...perf(ours, ours.size, null)})
        rssTarget(`hive ${b}`, ours)
      }
      if (r.status !== 0) notes.push(`hive: bench-hive.mjs exited ${r.status}`)
    }
  }

  // ---------------------------------------------------------------- summary
  section('Summary')
  table(rows)
  say('')
  for (const t of targets) say(`${mark(t)}  ${t.name} — ${t.detail}`)
  const failedTargets = targets.filter((t) => t.pass === false && !t.info)
  say('')
  if (failedTargets.length) say(`${failedTargets.length} target(s) FAILED: ${failedTargets.map((t) => t.name).join('; ')}`)
  else say(`all ${targets.filter((t) => t.pass && !t.info).length} measured targets passed`)
  for (const n of notes) say(`note: ${n}`)
  say(`at the end: ${loadNote()}`)
  if (QUICK) say('(--quick: 1/20 scale; throughput at this scale is dominated by start-up, do not compare with the targets)')
  // a benchmark: failing targets are reported, not an error
  process.exit(0)
}

// ---------------------------------------------------------------- helpers
function say(s) {
  process.stdout.write(`${s}\n`)
}

function section(title) {
  say(`\n== ${title}`)
}

function fmtBytes(n) {
  if (n === null || n === undefined) return '?'
  if (n >= GiB) return `${(n / GiB).toFixed(2)} GiB`
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`
  return `${(n / 1024).toFixed(0)} KiB`
}

function fmtMb(mb) {
  return mb === null || mb === undefined ? 'n/a' : `${mb.toFixed(0)} MB`
}

function perf(r, bytes, events) {
  return {wall: r.wall, rss: r.rssMb, mbps: bytes ? bytes / 1e6 / r.wall : null, events, eps: events === null ? null : Math.round(events / r.wall)}
}

function table(rows) {
  const head = ['bench', 'command', 'input', 'wall s', 'peak RSS MB', 'MB/s', 'events', 'events/s', 'vs', 'ratio']
  const body = rows.map((r) => [
    r.bench, r.tool, r.input, r.wall.toFixed(2), r.rss === null || r.rss === undefined ? 'n/a' : r.rss.toFixed(0),
    r.mbps === null ? '' : r.mbps >= 100 ? r.mbps.toFixed(0) : r.mbps.toFixed(1), r.events === null ? '' : String(r.events),
    r.eps === null ? '' : String(r.eps), r.baseline ?? '', r.ratio ?? '',
  ])
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)))
  const line = (cells) => cells.map((c, i) => (i >= 3 && i <= 7 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ')
  say(line(head))
  say(w.map((n) => '-'.repeat(n)).join('  '))
  for (const b of body) say(line(b))
}

/** Bytes available to an unprivileged user on the file system holding `dir` (statfs, as df). */
function freeBytes(dir) {
  let p = dir
  while (!existsSync(p)) p = dirname(p)
  try {
    const s = statfsSync(p)
    return s.bavail * s.bsize
  } catch {
    const r = spawnSync('df', ['-Pk', p], {encoding: 'utf8'})
    const cols = r.stdout.trim().split('\n').at(-1).split(/\s+/)
    return Number(cols[3]) * 1024
  }
}

function pathBytes(p) {
  const st = statSync(p)
  if (!st.isDirectory()) return st.size
  let n = 0
  for (const e of readdirSync(p)) n += pathBytes(join(p, e))
  return n
}

/** Reads a file once so every timed run starts from the same (warm) page cache. */
function warm(file) {
  const fd = openSync(file, 'r')
  const buf = Buffer.allocUnsafe(8 * MiB)
  while (readSync(fd, buf, 0, buf.length, null) > 0);
  closeSync(fd)
}

/** JSONL lines (= events) and how many contain `needle`. */
async function countJsonl(file, needle) {
  let lines = 0
  let matches = 0
  const rl = createInterface({input: createReadStream(file), crlfDelay: Infinity})
  for await (const l of rl) {
    if (l.length === 0) continue
    lines++
    if (needle && l.includes(needle)) matches++
  }
  return {lines, matches}
}

/** Runs a child, copying its output to ours as it comes, and returns it. */
function tee(cmd, args, env) {
  return new Promise((res) => {
    const c = spawn(cmd, args, {env, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    let lineStart = true
    const on = (d) => {
      const s = d.toString()
      out += s
      // prefix each of the child's lines, also when a line comes in two chunks
      process.stdout.write(s.replace(/(^|\n)(?=.)/g, (m, nl, i) => (i === 0 && !lineStart ? '' : `${nl}  | `)))
      lineStart = s.endsWith('\n')
    }
    c.stdout.on('data', on)
    c.stderr.on('data', on)
    c.on('error', (e) => res({status: -1, out: out + String(e)}))
    c.on('close', (status) => res({status, out}))
  })
}
