#!/usr/bin/env node
// Registry-hive benchmark (issue #13): a full parse (every key, every value's data) of the
// corpus Windows 10 SYSTEM hive and of a generated SOFTWARE-like hive (~500 MB; --mb N), against
// `reglookup` and `hivexregedit --export` on the same file in the same run. Prints
// `RESULT <bench> <tool> <wall s> <peak RSS MB> <bytes>` lines for scripts/bench.mjs.
//   node scripts/bench-hive.mjs <workdir> [--mb 500]
//   node scripts/bench-hive.mjs --parse <hive>   (child: the parse being measured)
import {spawnSync} from 'node:child_process'
import {closeSync, existsSync, openSync, statSync, writeSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SELF = fileURLToPath(import.meta.url)

if (process.argv[2] === '--parse') {
  const {FileSource, Hive} = await import(pathToFileURL(join(ROOT, 'dist', 'formats', 'regf', 'index.js')).href)
  const file = process.argv[3]
  const h = new Hive(new FileSource(file, statSync(file).size))
  let keys = 0
  let values = 0
  let bytes = 0
  for (const {key} of h.walk()) {
    keys++
    for (const v of h.values(key)) {
      values++
      bytes += h.data(v).length
    }
  }
  process.stdout.write(JSON.stringify({keys, values, bytes, maxRSSKb: process.resourceUsage().maxRSS}) + '\n')
  process.exit(0)
}

const work = process.argv[2]
const mbArg = process.argv.indexOf('--mb')
const targetMb = mbArg > 0 ? Number(process.argv[mbArg + 1]) : 500

/** Streams a SOFTWARE-like hive: Microsoft\Windows\CurrentVersion\Uninstall\G<g>\App<k> with values. */
function generate(path, bytesWanted) {
  const fd = openSync(path, 'w')
  const BIN = 1024 * 1024
  let bin = Buffer.alloc(BIN)
  let binStart = 0 // offset of the current bin in the hive bins data
  let used = 32
  let filePos = 4096
  const startBin = () => {
    bin.fill(0)
    bin.write('hbin', 0, 'latin1')
    bin.writeUInt32LE(binStart, 4)
    bin.writeUInt32LE(BIN, 8)
    used = 32
  }
  const flush = () => {
    bin.writeInt32LE(BIN - used, used) // the rest of the bin is one free cell
    writeSync(fd, bin, 0, BIN, filePos)
    filePos += BIN
    binStart += BIN
    startBin()
  }
  startBin()
  const cell = (data) => {
    const total = Math.ceil((data.length + 4) / 8) * 8
    if (used + total + 8 > BIN) flush()
    const off = binStart + used
    bin.writeInt32LE(-total, used)
    data.copy(bin, used + 4)
    used += total
    return off
  }
  const u16 = (s) => Buffer.from(s + '\0', 'utf16le')
  const vk = (name, type, data) => {
    const n = Buffer.from(name, 'latin1')
    const b = Buffer.alloc(20 + n.length)
    b.write('vk', 0, 'latin1')
    b.writeUInt16LE(n.length, 2)
    b.writeUInt32LE(data.length, 4)
    b.writeUInt32LE(cell(data), 8)
    b.writeUInt32LE(type, 12)
    b.writeUInt16LE(1, 16)
    n.copy(b, 20)
    return cell(b)
  }
  const parents = [] // [child nk, parent nk]: patched once every cell is on disk
  const nk = (name, subs, vals, flags = 0x20) => {
    const n = Buffer.from(name, 'latin1')
    const b = Buffer.alloc(76 + n.length)
    b.write('nk', 0, 'latin1')
    b.writeUInt16LE(flags, 2)
    b.writeBigUInt64LE(133500000000000000n, 4)
    b.writeUInt32LE(0xffffffff, 16)
    b.writeUInt32LE(0xffffffff, 32)
    b.writeUInt32LE(0xffffffff, 44)
    b.writeUInt32LE(0xffffffff, 48)
    if (subs.length) {
      const lf = Buffer.alloc(4 + 8 * subs.length)
      lf.write('lf', 0, 'latin1')
      lf.writeUInt16LE(subs.length, 2)
      subs.forEach(([o, nm], i) => {
        lf.writeUInt32LE(o, 4 + 8 * i)
        Buffer.from(nm.slice(0, 4).padEnd(4, '\0'), 'latin1').copy(lf, 8 + 8 * i)
      })
      b.writeUInt32LE(subs.length, 20)
      b.writeUInt32LE(cell(lf), 28)
    } else b.writeUInt32LE(0xffffffff, 28)
    if (vals.length) {
      const l = Buffer.alloc(4 * vals.length)
      vals.forEach((o, i) => l.writeUInt32LE(o, 4 * i))
      b.writeUInt32LE(vals.length, 36)
      b.writeUInt32LE(cell(l), 40)
    } else b.writeUInt32LE(0xffffffff, 40)
    b.writeUInt16LE(n.length, 72)
    n.copy(b, 76)
    const off = cell(b)
    for (const [o] of subs) parents.push([o, off])
    return off
  }
  const blob = Buffer.alloc(3000, 0x5a)
  const groups = []
  let g = 0
  while (filePos < bytesWanted) {
    const apps = []
    for (let k = 0; k < 300; k++) {
      const name = `App${String(k).padStart(4, '0')}`
      const vals = [
        vk('DisplayName', 1, u16(`Program ${g}-${k}`)), vk('DisplayVersion', 1, u16('1.2.3.4')),
        vk('Publisher', 1, u16('Example Software Corporation')), vk('InstallDate', 1, u16('20240101')),
        vk('InstallLocation', 1, u16(`C:\\Program Files\\Example\\Program ${g}-${k}`)),
        vk('UninstallString', 1, u16(`"C:\\Program Files\\Example\\Program ${g}-${k}\\uninstall.exe" /S`)),
        vk('EstimatedSize', 4, Buffer.from([0, 1, 0, 0])), vk('Blob', 3, blob),
      ]
      apps.push([nk(name, [], vals), name])
    }
    const gname = `G${String(g).padStart(5, '0')}`
    groups.push([nk(gname, apps, []), gname])
    g++
  }
  // an lf holds at most 65,535 entries; 1,000 groups per lf under one ri
  const chunks = []
  for (let i = 0; i < groups.length; i += 1000) chunks.push(groups.slice(i, i + 1000))
  let uninstall
  if (chunks.length === 1) uninstall = nk('Uninstall', groups, [])
  else {
    const lists = chunks.map((c) => {
      const lf = Buffer.alloc(4 + 8 * c.length)
      lf.write('lf', 0, 'latin1')
      lf.writeUInt16LE(c.length, 2)
      c.forEach(([o, nm], i) => {
        lf.writeUInt32LE(o, 4 + 8 * i)
        Buffer.from(nm.slice(0, 4), 'latin1').copy(lf, 8 + 8 * i)
      })
      return cell(lf)
    })
    const ri = Buffer.alloc(4 + 4 * lists.length)
    ri.write('ri', 0, 'latin1')
    ri.writeUInt16LE(lists.length, 2)
    lists.forEach((o, i) => ri.writeUInt32LE(o, 4 + 4 * i))
    const riOff = cell(ri)
    uninstall = nk('Uninstall', [], [])
    for (const [o] of groups) parents.push([o, uninstall])
    // point the key at the ri list (patch the nk in place: it is in the current bin)
    const at = uninstall - binStart + 4
    bin.writeUInt32LE(groups.length, at + 20)
    bin.writeUInt32LE(riOff, at + 28)
  }
  const cv = nk('CurrentVersion', [[uninstall, 'Uninstall']], [])
  const win = nk('Windows', [[cv, 'CurrentVersion']], [])
  const ms = nk('Microsoft', [[win, 'Windows']], [])
  const root = nk('ROOT', [[ms, 'Microsoft']], [], 0x2c)
  flush()
  const p = Buffer.alloc(4)
  for (const [child, parent] of parents) {
    p.writeUInt32LE(parent)
    writeSync(fd, p, 0, 4, 4096 + child + 4 + 16)
  }
  const base = Buffer.alloc(4096)
  base.write('regf', 0, 'latin1')
  base.writeUInt32LE(1, 4)
  base.writeUInt32LE(1, 8)
  base.writeUInt32LE(1, 20)
  base.writeUInt32LE(5, 24)
  base.writeUInt32LE(1, 32)
  base.writeUInt32LE(root, 36)
  base.writeUInt32LE(binStart, 40)
  base.writeUInt32LE(1, 44)
  Buffer.from('SOFTWARE', 'utf16le').copy(base, 48)
  let x = 0
  for (let i = 0; i < 508; i += 4) x = (x ^ base.readUInt32LE(i)) >>> 0
  base.writeUInt32LE(x === 0 ? 1 : x === 0xffffffff ? 0xfffffffe : x, 508)
  writeSync(fd, base, 0, 4096, 0)
  closeSync(fd)
}

function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe']})
  const m = /([\d.]+) (\d+)\s*$/.exec(r.stderr ?? '')
  return {status: r.status, wall: m ? Number(m[1]) : null, rssMb: m ? Number(m[2]) / 1024 : null, out: r.stdout}
}
const has = (c) => spawnSync('sh', ['-c', `command -v ${c}`], {stdio: 'ignore'}).status === 0

const files = []
// the shared corpus sits next to the main checkout, or two levels up from a worktree (/work/wt/<name>)
const corpus = process.env.DPRK_TRIAGE_CORPUS ?? [join(ROOT, '..', 'shared', 'corpus'), join(ROOT, '..', '..', 'shared', 'corpus')].find((p) => existsSync(p)) ?? join(ROOT, '..', 'shared', 'corpus')
const system = join(corpus, 'registry', 'regipy', 'SYSTEM_WIN_10_1709')
if (existsSync(system)) files.push(['system-15mb', system])
const gen = join(work, `software-${targetMb}mb.hive`)
if (!existsSync(gen)) generate(gen, targetMb * 1024 * 1024)
files.push([`software-${targetMb}mb`, gen])
for (const [bench, file] of files) {
  const size = statSync(file).size
  const ours = timed(process.execPath, [SELF, '--parse', file])
  console.log(`RESULT ${bench} dprk-triage ${ours.wall} ${ours.rssMb?.toFixed(0)} ${size} ${ours.out.trim()}`)
  // the oracles print the whole hive; their output goes to /dev/null so only parsing is timed
  if (has('reglookup')) {
    const r = timed('sh', ['-c', `reglookup "$0" > /dev/null 2>&1`, file])
    console.log(`RESULT ${bench} reglookup ${r.wall} ${r.rssMb?.toFixed(0)} ${size} exit=${r.status}`)
  }
  if (has('hivexregedit')) {
    const r = timed('sh', ['-c', `hivexregedit --export "$0" '\\' > /dev/null 2>&1`, file])
    console.log(`RESULT ${bench} hivexregedit ${r.wall} ${r.rssMb?.toFixed(0)} ${size} exit=${r.status}`)
  }
}
