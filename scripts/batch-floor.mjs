#!/usr/bin/env node
// Floor of `scan --batch -j 2` on this machine (#17): what two wholly independent processes, each
// scanning half of the cases, achieve against one process scanning all of them with -j 1. No
// design of -j 2 inside one run can beat two separate runs that share nothing but the machine;
// a CPU-only control (two busy loops) shows what the machine gives when nothing is shared.
// Rounds alternate the variants; medians and the load average are printed.
//   node scripts/batch-floor.mjs [BATCH_DIR] [ROUNDS]
import {spawn} from 'node:child_process'
import {linkSync, mkdirSync, readdirSync, rmSync, statSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RUN = join(ROOT, 'bin', 'run.js')
const DIR = process.argv[2] ?? '/tmp/dprk-triage-bench/full/batch'
const ROUNDS = Number(process.argv[3] ?? 3)
const WORK = join(tmpdir(), `batch-floor-${process.pid}`)

/** Hard-linked copy of a subset of the cases (no bytes copied; the page cache is shared). */
function linkTree(src, dst) {
  mkdirSync(dst, {recursive: true})
  for (const e of readdirSync(src, {withFileTypes: true})) {
    if (e.isDirectory()) linkTree(join(src, e.name), join(dst, e.name))
    else if (e.isFile()) linkSync(join(src, e.name), join(dst, e.name))
  }
}

/** Runs commands at once; resolves with the wall time and the summed user+sys CPU (from /usr/bin/time). */
function runAll(cmds) {
  const t0 = performance.now()
  return Promise.all(cmds.map(([cmd, args]) => new Promise((res, rej) => {
    const p = spawn('/usr/bin/time', ['-f', '%U %S', cmd, ...args], {stdio: ['ignore', 'ignore', 'pipe']})
    let err = ''
    p.stderr.on('data', (d) => { err += d })
    p.on('close', (code) => {
      if (code !== 0) return rej(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-400)}`))
      const [u, s] = err.trim().split('\n').pop().split(' ').map(Number)
      res(u + s)
    })
  }))).then((cpu) => ({wall: (performance.now() - t0) / 1000, cpu: cpu.reduce((a, b) => a + b, 0)}))
}

const scan = (dir, out, j) => {
  rmSync(out, {recursive: true, force: true})
  return [process.execPath, [RUN, 'scan', '--batch', dir, '--out', out, '--format', 'jsonl', '-q', '-j', String(j)]]
}
const SPIN = [process.execPath, ['-e', 'let x = 0; for (let i = 0; i < 4e8; i++) x += i % 7; if (x < 0) console.log(x)']]

const cases = readdirSync(DIR).filter((n) => statSync(join(DIR, n)).isDirectory()).sort()
const half = Math.ceil(cases.length / 2)
rmSync(WORK, {recursive: true, force: true})
for (const [name, part] of [['a', cases.slice(0, half)], ['b', cases.slice(half)]]) for (const c of part) linkTree(join(DIR, c), join(WORK, name, c))

const variants = {
  'scan -j 1 (all cases)': () => [scan(DIR, join(WORK, 'out1'), 1)],
  'scan -j 2 (all cases)': () => [scan(DIR, join(WORK, 'out2'), 2)],
  'two processes -j 1, half each, at once': () => [scan(join(WORK, 'a'), join(WORK, 'outa'), 1), scan(join(WORK, 'b'), join(WORK, 'outb'), 1)],
  'one process -j 1, first half only': () => [scan(join(WORK, 'a'), join(WORK, 'outa'), 1)],
  'CPU control: one busy loop': () => [SPIN],
  'CPU control: two busy loops at once': () => [SPIN, SPIN],
}
const got = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
const loads = [loadavg()[0]]
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, v] of Object.entries(variants)) got[k].push(await runAll(v()))
    loads.push(loadavg()[0])
  }
} finally {
  rmSync(WORK, {recursive: true, force: true})
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const m = Object.fromEntries(Object.entries(got).map(([k, xs]) => [k, {wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu))}]))
console.log(`${cases.length} cases, ${ROUNDS} rounds, load average ${loads.map((l) => l.toFixed(2)).join(' → ')}`)
for (const [k, v] of Object.entries(m)) console.log(`${k.padEnd(42)} wall ${v.wall.toFixed(2)} s   CPU ${v.cpu.toFixed(2)} s`)
const j1 = m['scan -j 1 (all cases)'].wall
console.log(`speed-up -j 2 over -j 1:                   ${(j1 / m['scan -j 2 (all cases)'].wall).toFixed(2)}x`)
console.log(`floor, two independent halves over -j 1:   ${(j1 / m['two processes -j 1, half each, at once'].wall).toFixed(2)}x`)
console.log(`one half alone over -j 1 (perfect split):  ${(j1 / m['one process -j 1, first half only'].wall).toFixed(2)}x`)
console.log(`CPU control, two loops vs one:             ${(2 * m['CPU control: one busy loop'].wall / m['CPU control: two busy loops at once'].wall).toFixed(2)}x`)
