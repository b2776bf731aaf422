#!/usr/bin/env node
// Generates a large Velociraptor-style offline collection ZIP for the benchmark.
//
//   node scripts/gen-collection-zip.mjs <out.zip> [bytes=2GiB] [entries=100000]
//
// Member names follow Velociraptor's upload layout (`uploads/auto/C%3A/...`, as in
// artifacts-samples/laptop-farm-velociraptor.zip) plus `collection_context.json`. Almost all members
// are incompressible pseudo-random bytes, stored (method 0), so generation runs at disk speed; a
// few are real-looking artifacts (the laptop-farm AnyDesk files, a generated ad_svc.trace, a
// UTF-16LE connection_trace.txt) and one is a nested staged ZIP (the kind of archive an operator
// packs before exfiltration). Deterministic (seeded PRNG, fixed times).
// Streamed: entries are added with back-pressure (at most ~64 MiB queued in yazl), never the
// whole archive in memory. Member names avoid the extensions of parsed artifacts (.evtx, History, .db)
// except for the deliberate artifacts, so the random members are listed and hashed only.
import {createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import yazl from 'yazl'
import {generateTrace, parseBytes, prng} from './gen-anydesk-trace.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SAMPLE = join(ROOT, 'artifacts-samples', 'laptop-farm', 'C')
const POOL_BYTES = 32 << 20
const MAX_QUEUED = 64 << 20

/** A pool of seeded pseudo-random bytes that member contents are cut from (incompressible). */
function randomPool(rnd) {
  const pool = Buffer.allocUnsafe(POOL_BYTES)
  const u32 = new Uint32Array(pool.buffer, pool.byteOffset, POOL_BYTES / 4)
  let x = Math.floor(rnd() * 0xffffffff) | 1
  for (let i = 0; i < u32.length; i++) {
    // xorshift32
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    u32[i] = x >>> 0
  }
  return pool
}

function utf16le(text) {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
}

/** A small staged ZIP built in memory (a few documents, deflated), added as one member. */
async function stagedZip(pool, rnd) {
  const z = new yazl.ZipFile()
  const mtime = new Date(Date.UTC(2026, 2, 9, 2, 14, 0))
  const names = ['contracts/MSA_Acme_2026.pdf', 'contracts/SOW_0412.pdf', 'payroll/2026-02.xlsx', 'source/billing-api.tar', 'notes.txt']
  for (const n of names) {
    const size = n.endsWith('.txt') ? 0 : 20_000 + Math.floor(rnd() * 200_000)
    const data = n.endsWith('.txt')
      ? Buffer.from('wire to payoneer acct on friday\r\nsend invoice copies to kim\r\n', 'latin1')
      : pool.subarray(size, size * 2)
    z.addBuffer(data, `staging/${n}`, {mtime, compress: n.endsWith('.txt')})
  }
  z.end()
  const chunks = []
  for await (const c of z.outputStream) chunks.push(c)
  return Buffer.concat(chunks)
}

const USERS = ['jsmith', 'Administrator', 'svc_backup']
const DIRS = [
  ['Windows/System32', ['.dll', '.exe', '.mui', '.sys']],
  ['Windows/SysWOW64', ['.dll', '.exe']],
  ['Windows/WinSxS/amd64_microsoft-windows-x', ['.dll', '.manifest']],
  ['Program Files/Common Files/microsoft shared', ['.dll', '.bin']],
  ['ProgramData/Microsoft/Windows Defender/Scans', ['.bin', '.dat']],
  ['Users/{u}/Documents/Projects', ['.pdf', '.docx', '.xlsx', '.png']],
  ['Users/{u}/Downloads', ['.pdf', '.msi', '.jpg', '.iso']],
  ['Users/{u}/AppData/Local/Temp', ['.tmp', '.dat']],
  ['Users/{u}/AppData/Local/Microsoft/Windows/INetCache/IE', ['.jpg', '.gif', '.dat']],
  ['Users/{u}/Pictures', ['.jpg', '.png']],
]
const LARGE = [
  '$MFT', '$LogFile', 'Windows/System32/config/SOFTWARE.bak', 'Windows/System32/config/SYSTEM.bak', 'Windows/AppCompat/Programs/Amcache.hve.bak',
  'Users/jsmith/NTUSER.DAT.bak', 'Users/jsmith/Downloads/Win11_23H2_English_x64.part', 'Users/jsmith/Videos/AnyDesk/session_0302.anydesk.bak',
  'pagefile.part0', 'pagefile.part1', 'Windows/Memory.part', 'Users/jsmith/Documents/Projects/billing-api.tar',
]

export async function generateCollectionZip(out, bytes, entries, seed = 0xc011ec7) {
  const rnd = prng(seed)
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1))
  const pool = randomPool(rnd)
  mkdirSync(dirname(out), {recursive: true})
  const zip = new yazl.ZipFile()
  const ws = createWriteStream(out)
  zip.outputStream.pipe(ws)
  const closed = new Promise((res, rej) => {
    ws.on('close', res)
    ws.on('error', rej)
    zip.outputStream.on('error', rej)
  })
  let queued = 0
  let members = 0
  let dataBytes = 0
  const baseTime = Date.UTC(2026, 1, 1, 0, 0, 0)
  const mtimeOf = () => new Date(baseTime + int(0, 40 * 86400) * 1000)
  const add = async (buf, name, opts = {}) => {
    zip.addBuffer(buf, `uploads/auto/C%3A/${name}`, {mtime: mtimeOf(), compress: false, ...opts})
    queued += buf.length
    members++
    dataBytes += buf.length
    // back-pressure with hysteresis: over the high mark, wait until half of the queue is written
    // (waiting per entry would cost a timer tick for each of the 100,000 members)
    if (queued - ws.bytesWritten > MAX_QUEUED) {
      while (queued - ws.bytesWritten > MAX_QUEUED / 2) await new Promise((r) => setTimeout(r, 1))
    }
  }

  // the real-looking artifacts first (as Velociraptor lists targeted files)
  const fixed = []
  for (const [rel, name] of [
    ['Users/jsmith/AppData/Roaming/AnyDesk/ad.trace', 'Users/jsmith/AppData/Roaming/AnyDesk/ad.trace'],
    ['Users/jsmith/AppData/Roaming/AnyDesk/user.conf', 'Users/jsmith/AppData/Roaming/AnyDesk/user.conf'],
    ['ProgramData/AnyDesk/system.conf', 'ProgramData/AnyDesk/system.conf'],
    ['ProgramData/AnyDesk/file_transfer_trace.txt', 'ProgramData/AnyDesk/file_transfer_trace.txt'],
  ]) {
    const p = join(SAMPLE, rel)
    if (existsSync(p)) fixed.push([readFileSync(p), name])
  }
  // a service trace of realistic lines (same generator as the trace bench, other seed)
  const tmpTrace = join(tmpdir(), `dprk-gen-zip-trace-${process.pid}.trace`)
  generateTrace(tmpTrace, 3 << 20, seed ^ 0x77)
  fixed.push([readFileSync(tmpTrace), 'ProgramData/AnyDesk/ad_svc.trace'])
  rmSync(tmpTrace, {force: true})
  // connection_trace.txt: UTF-16LE with BOM, "Incoming  <date>, <time>  <user/token>  <remote id>  <id>" rows (reference §1.3)
  const rows = []
  for (let d = 1; d <= 28; d++) {
    const day = `2026-02-${String(d).padStart(2, '0')}`
    rows.push(`Incoming    ${day}, 00:${String(10 + (d % 40)).padStart(2, '0')}    Token                         918273645     918273645\r\n`)
  }
  fixed.push([utf16le(rows.join('')), 'ProgramData/AnyDesk/connection_trace.txt'])
  fixed.push([await stagedZip(pool, rnd), 'Users/jsmith/AppData/Local/Temp/stage_0309.zip'])
  for (const [buf, name] of fixed) await add(buf, name, {compress: !name.endsWith('.zip')})

  // large members, then the bulk
  // (scaled down with the total, for --quick runs)
  const f = Math.min(1, bytes / 2 ** 31)
  const large = LARGE.map(() => Math.round(int(8 << 20, 24 << 20) * f))
  const largeTotal = large.reduce((a, b) => a + b, 0)
  const rest = Math.max(0, entries - fixed.length - LARGE.length - 1)
  const restBytes = Math.max(rest, bytes - dataBytes - largeTotal)
  // log-uniform sizes, then scaled so the members sum to the requested total
  const sizes = new Float64Array(rest)
  let sum = 0
  for (let i = 0; i < rest; i++) sum += sizes[i] = Math.exp(Math.log(256) + rnd() * Math.log((1 << 20) / 256))
  const scale = restBytes / sum
  for (let i = 0; i < LARGE.length; i++) {
    const off = int(0, POOL_BYTES - large[i])
    await add(pool.subarray(off, off + large[i]), LARGE[i])
  }
  let left = restBytes
  for (let i = 0; i < rest; i++) {
    let size = i === rest - 1 ? left : Math.max(1, Math.round(sizes[i] * scale))
    size = Math.min(size, POOL_BYTES, Math.max(0, left))
    left -= size
    const [dir, exts] = DIRS[int(0, DIRS.length - 1)]
    const path = dir.replace('{u}', USERS[int(0, USERS.length - 1)])
    const name = `${path}/f${String(i).padStart(6, '0')}_${(int(0, 0xffffff)).toString(16)}${exts[int(0, exts.length - 1)]}`
    const off = int(0, POOL_BYTES - size)
    await add(pool.subarray(off, off + size), name)
  }
  // Velociraptor writes collection_context.json at the top level
  zip.addBuffer(Buffer.from(JSON.stringify({session_id: 'F.BENCH0001', total_uploaded_files: members, total_uploaded_bytes: dataBytes, artifacts: ['Windows.KapeFiles.Targets']}) + '\n'), 'collection_context.json', {mtime: new Date(Date.UTC(2026, 2, 10, 9, 0, 0))})
  members++
  zip.end()
  await closed
  return {bytes: statSync(out).size, members, dataBytes}
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [out, b, n] = process.argv.slice(2)
  if (!out) {
    process.stderr.write('usage: gen-collection-zip.mjs <out.zip> [bytes=2GiB] [entries=100000]\n')
    process.exit(2)
  }
  const t0 = performance.now()
  const r = await generateCollectionZip(out, parseBytes(b, 2 * 1024 ** 3), n === undefined ? 100_000 : Number(n))
  process.stdout.write(`${out}: ${r.bytes} bytes, ${r.members} members, ${r.dataBytes} data bytes, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
}
