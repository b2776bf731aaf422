#!/usr/bin/env node
// Floor of the AnyDesk trace row (#17): what any design of `scan` on one big trace must pay at least.
// Reads the file in large blocks into two reused buffers, looks for the message keys of
// trace-grammar.ts with Buffer.indexOf over each whole block (counting hits, no line split, no
// line numbers, no grammar) while a worker thread computes SHA-256 of every byte (rule 1), as the
// CLI does. No start-up cost of the CLI (no oclif, packs, schemas). Prints wall time and parts.
//
//   [FLOOR_KEYS='k1|k2'] [FLOOR_PREFIX=1] node scripts/trace-floor.mjs <file> [blockKiB=4096]
import {createHash} from 'node:crypto'
import {openSync, readSync, closeSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {Worker} from 'node:worker_threads'

const [file, blockArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: node scripts/trace-floor.mjs <file> [blockKiB]')
  process.exit(2)
}
const BLOCK = Number(blockArg ?? 4096) * 1024
const t0 = performance.now()

// the keys that start (or must be in) an interesting message, without the " - " before a message
// (FLOOR_PREFIX=1 keeps it: a space as first byte makes indexOf stop at every space, ~30x slower)
// FLOOR_KEYS='a|b' replaces them ('' = none: the read + hash floor alone)
const KEYS = process.env.FLOOR_KEYS !== undefined ? process.env.FLOOR_KEYS.split('|').filter(Boolean).map((k) => Buffer.from(k, 'latin1')) : [
  ' - * Version ', ' - Process started at ', ' - Install status: ', ' - Distribution Info: ', ' - New user data. Client-ID: ',
  ' - External address: ', ' - Accept', ' - Client-ID: ', ' - Logged in from ', '] Incoming connection', ' - Incoming session request: ',
  ' - Remote OS: ', ' - Remote version: ', ' - Session features: ', ' - Starting session (', ' - Profile was used: ',
  ' - Issuing a permanent token', ' - Session closed', ' - Session stopped', 'Connecting to ', ' - Received outgoing connection request',
  ' - Preparing files in ', ' - Preparation of ', ' - Download', ' - Upload', ' - Got a ', ' - Selecting Profile: ',
  'Authenticated ', "'any", 'unnel',
].map((k) => (process.env.FLOOR_PREFIX === '1' ? k : k.replace(/^ - /, ''))).map((k) => Buffer.from(k, 'latin1'))

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

const hashing = hashInWorker(file)
const fh = await open(file, 'r')
const bufs = [Buffer.allocUnsafeSlow(BLOCK), Buffer.allocUnsafeSlow(BLOCK)]
let i = 0
let next = fh.read(bufs[0], 0, BLOCK, null)
let hits = 0
let bytes = 0
let searchMs = 0
for (;;) {
  const {bytesRead} = await next
  if (bytesRead === 0) break
  const cur = bufs[i].subarray(0, bytesRead)
  i ^= 1
  next = fh.read(bufs[i], 0, BLOCK, null)
  const s = performance.now()
  for (const k of KEYS) for (let p = cur.indexOf(k); p !== -1; p = cur.indexOf(k, p + 1)) hits++
  searchMs += performance.now() - s
  bytes += bytesRead
}
await fh.close()
const scanMs = performance.now() - t0
const h = await hashing
const wall = (performance.now() - t0) / 1000
console.log(JSON.stringify({file, bytes, blockKiB: BLOCK / 1024, keys: KEYS.length, hits, searchS: +(searchMs / 1000).toFixed(3),
  readAndSearchS: +(scanMs / 1000).toFixed(3), hashS: +(h.ms / 1000).toFixed(3), wallS: +wall.toFixed(3), sha256: h.sha256,
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024)}))
