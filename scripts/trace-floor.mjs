#!/usr/bin/env node
// Floor of the AnyDesk trace row (#17): what the design of `scan` on one big trace pays at least.
// The CLI's own reading without the rest of the CLI: 1 MiB blocks into two reused buffers (the
// next read in flight), each block's whole lines as 64 KiB latin1 views, the routine-line regex
// of RoutineLines (dist/, built from the grammar) run line by line, and only a count and an
// indexOf step for the lines it stops at (the CLI gives those the byte checks and the grammar:
// a few thousand lines a gigabyte), while a worker thread computes SHA-256 of every byte (rule 1),
// as the CLI does. No start-up cost of the CLI (no oclif, packs, schemas). Prints wall time and
// parts: readWaitS (main thread waiting for a block), viewS (latin1 views), matchS (regex and the
// lines it stops at), hashS (worker). FLOOR_MATCH=0 leaves out views and regex (read + hash only).
//
//   [FLOOR_MATCH=0] node scripts/trace-floor.mjs <file> [blockKiB=1024]
import {existsSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {Worker} from 'node:worker_threads'

const [file, blockArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: node scripts/trace-floor.mjs <file> [blockKiB]')
  process.exit(2)
}
const dist = new URL('../dist/artifacts/anydesk/', import.meta.url)
if (!existsSync(new URL('trace-routine-pattern.js', dist))) {
  console.error('trace-floor: dist/ is not built (npm run build)')
  process.exit(2)
}
const {routineLinePattern} = await import(new URL('trace-routine-pattern.js', dist).href)
const {messageKeys} = await import(new URL('trace-grammar.js', dist).href)
const ROUTINE_LINE = new RegExp(routineLinePattern(messageKeys()), 'y')
const VIEW = 64 * 1024 // as TEXT_VIEW_BYTES in src/artifacts/anydesk/trace.ts
const BLOCK = Number(blockArg ?? 1024) * 1024
// FLOOR_KEYS= (empty) is the older spelling of read + hash only (README #17 notes use it)
const MATCH = process.env.FLOOR_MATCH !== '0' && process.env.FLOOR_KEYS !== ''
const t0 = performance.now()

function hashInWorker(path) {
  const src = `const {parentPort, workerData} = require('node:worker_threads')
const {createHash} = require('node:crypto'); const {openSync, readSync, closeSync} = require('node:fs')
const t = performance.now(); const h = createHash('sha256'); const buf = Buffer.allocUnsafe(1024 * 1024); const fd = openSync(workerData, 'r')
let size = 0; for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; size += n) h.update(buf.subarray(0, n))
closeSync(fd); parentPort.postMessage({sha256: h.digest('hex'), size, ms: performance.now() - t})`
  return new Promise((resolve, reject) => {
    const w = new Worker(src, {eval: true, workerData: path})
    w.once('message', resolve)
    w.once('error', reject)
  })
}

let lines = 0
let matched = 0
let viewMs = 0
let matchMs = 0

/** The lines of one block up to its last LF, as RoutineLines.skipFrom walks them (a line cut by a block boundary: once, as its head). */
function scanBlock(b) {
  const last = b.lastIndexOf(10)
  let p = 0
  while (p <= last) {
    let to = Math.min(p + VIEW, last + 1)
    if (to <= last) {
      to = b.lastIndexOf(10, to - 1) + 1
      if (to <= p) to = b.indexOf(10, p) + 1
    }
    const v = performance.now()
    const text = b.toString('latin1', p, to)
    const m = performance.now()
    viewMs += m - v
    const from = p
    for (;;) {
      ROUTINE_LINE.lastIndex = p - from
      while (ROUTINE_LINE.test(text)) {
        p = ROUTINE_LINE.lastIndex + from
        matched++
      }
      if (p === to) break
      p = b.indexOf(10, p) + 1 // a line the regex stops at: the CLI reads it (byte checks, grammar)
      lines++
    }
    matchMs += performance.now() - m
  }
}

const hashing = hashInWorker(file)
const fh = await open(file, 'r')
const bufs = [Buffer.allocUnsafeSlow(BLOCK), Buffer.allocUnsafeSlow(BLOCK)]
let i = 0
let next = fh.read(bufs[0], 0, BLOCK, null)
let bytes = 0
let readWaitMs = 0
try {
  for (;;) {
    const w = performance.now()
    const {bytesRead} = await next
    readWaitMs += performance.now() - w
    if (bytesRead === 0) break
    const cur = bufs[i].subarray(0, bytesRead)
    i ^= 1
    next = fh.read(bufs[i], 0, BLOCK, null)
    if (MATCH) scanBlock(cur)
    bytes += bytesRead
  }
} finally {
  await fh.close()
}
const scanMs = performance.now() - t0
const h = await hashing
const wall = (performance.now() - t0) / 1000
const s = (ms) => +(ms / 1000).toFixed(3)
console.log(JSON.stringify({file, bytes, blockKiB: BLOCK / 1024, viewKiB: VIEW / 1024, match: MATCH, lines: lines + matched, matched,
  stoppedAt: lines, readWaitS: s(readWaitMs), viewS: s(viewMs), matchS: s(matchMs), readAndMatchS: s(scanMs),
  hashS: s(h.ms), wallS: +wall.toFixed(3), sha256: h.sha256, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024)}))
