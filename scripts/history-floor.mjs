#!/usr/bin/env node
// Floor prototype for the History bench row (issue #17): how fast can Node + better-sqlite3 turn
// the 1,000,000-visit join into Timesketch JSONL at all? Steps through the same visit query the
// parser uses (a) as objects with BigInts (the parser before #17), (b) as raw arrays, then (c)
// builds each JSONL line directly from the raw arrays (no event objects, no store, one matcher
// answer per distinct URL) and writes them in 1 MiB blocks. Compare with `sqlite3 -json` timed
// in the same run. (g) is the best single-threaded design end to end (visits alone, URL map, full
// Timesketch lines); (h) is (g) over two threads: a quantile query splits the visits at the median
// visit_time, a worker (this file run again) opens the DB itself, loads its own URL map and builds
// the later half's lines, numbering its event ids on from the earlier half's count, while the main
// thread builds the earlier half into the output file and then writes the worker's 1 MiB blocks,
// transferred to it (transferList) and handed back for reuse: the output is byte-identical to (g).
// (hf) is (h) with the worker's half written to a temp file that the main thread appends after its
// own. Everything is in the timed region: worker start-up, both DB opens and URL maps, the split
// query, the writes. FLOOR_SPLIT=<share> moves the split off the median (default 0.5). (i) is the
// pipeline split instead: a worker steps the visit query and transfers the rows, 16,384 at a time
// (their numbers in a Float64Array, the three text columns in an array), to the main thread, which
// builds and writes the lines as (g) does; also byte-identical to (g).
// Measured 2026-12-03 on 2 cores shared with other sessions (most rounds another process kept one
// core busy), sqlite3 -json 2.6-6.1 s: in the two rounds where (h) had both cores (CPU 1.9x wall)
// it took 6.1 and 6.2 s wall, 11.4-11.8 s CPU, 1.82x and 1.89x the sqlite3 run of the same round
// ((g) 11.3 and 8.9 s there); medians over all rounds (g 3.1x, h 3.3x, i 2.8x) are the load's, not
// the design's. The split query (COUNT, OFFSET, COUNT below) took 34-200 ms. The blocks
// are transferred rather than passed through a temp file (hf) because the worker's half then goes
// to the page cache once, from the blocks it filled, and the main thread writes them as soon as its
// own half is done (0.2-1 s after it); hf writes them, reads them back and writes them again after
// both halves (1.1-1.3 s) and was slower in 10 of 11 paired rounds. The price: what the worker builds
// while the main thread is busy is held in memory, peak RSS 620-710 MB (hf 290 MB, g 170 MB).
// (i) keeps the SQLite stepping (about a fifth of g) off the line builder: at most that much faster
// than (g), 244 MB, and less hurt than (h) when only one core is free. Caveat of (g), (h) and (i)
// alike: visit times are above 2^53 and are read as numbers, so the odd ones (499,362 of the
// 1,000,000) are written 1 us early in timestamp, datetime and raw; exact times cost BigInts.
//   node scripts/history-floor.mjs <History> [out.jsonl] [--only a,b,c,d,e,f,g,h,hf,i]
import {closeSync, openSync, readSync, rmSync, writeSync} from 'node:fs'
import {isMainThread, parentPort, receiveMessageOnPort, Worker, workerData} from 'node:worker_threads'

import Database from 'better-sqlite3'

// (h) and (i) run this file again as their worker: the worker opens the same DB and runs no option
const [db, out = '/dev/null', ...rest] = isMainThread ? process.argv.slice(2) : [workerData.db]
const only = !isMainThread ? new Set() : rest[0] === '--only' ? new Set(rest[1].split(',')) : new Set(['a', 'b', 'c'])
const d = new Database(db, {readonly: true, fileMustExist: true})
const SQL = `SELECT v.id, v.url, v.visit_time, v.from_visit, v.transition, v.visit_duration, v.opener_visit,
  v.originator_cache_guid, v.external_referrer_url, v.app_id, u.url, u.title, u.visit_count, u.typed_count, u.hidden, vs.source
  FROM visits v LEFT JOIN urls u ON u.id = v.url LEFT JOIN visit_source vs ON vs.id = v.id ORDER BY v.visit_time, v.id`
// process.cpuUsage() is the whole process's: every thread's CPU time
const time = async (label, f) => {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const n = await f()
  const c = process.cpuUsage(c0)
  process.stdout.write(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${n} rows\n`)
}
/** Lines encoded into a 1 MiB buffer handed to emit(buf, used) when it is full; emit returns the buffer to fill next. */
function blocks(emit) {
  let buf = Buffer.allocUnsafeSlow(1 << 20)
  let used = 0
  return {
    put(line) {
      if (used + line.length * 3 > buf.length) {
        buf = emit(buf, used)
        used = 0
      }
      used += buf.write(line, used)
    },
    end() {
      if (used > 0) emit(buf, used)
    },
  }
}
/** Lines in 1 MiB blocks written to fd (one buffer, reused). */
const fdBlocks = (fd) => blocks((buf, used) => (writeSync(fd, buf, 0, used), buf))
/** Lines in 1 MiB blocks written to a new file. */
function blockWriter(file) {
  const fd = openSync(file, 'w')
  const w = fdBlocks(fd)
  return {put: w.put, end: () => (w.end(), closeSync(fd))}
}
if (only.has('a')) await time('a objects+BigInt step', () => { let n = 0; for (const r of d.prepare(SQL).safeIntegers(true).iterate()) n++; return n })
if (only.has('b')) await time('b raw arrays step', () => { let n = 0; for (const r of d.prepare(SQL).raw(true).iterate()) n++; return n })
const VSQL = `SELECT v.id, v.url, v.visit_time, v.from_visit, v.transition, v.visit_duration, v.opener_visit,
  v.originator_cache_guid, v.external_referrer_url, v.app_id, vs.source
  FROM visits v LEFT JOIN visit_source vs ON vs.id = v.id ORDER BY v.visit_time, v.id`
if (only.has('d')) await time('d visits only, raw, BigInt', () => { let n = 0; for (const r of d.prepare(VSQL).raw(true).safeIntegers(true).iterate()) n++; return n })
if (only.has('e')) await time('e visits only, raw, numbers', () => { let n = 0; for (const r of d.prepare(VSQL).raw(true).iterate()) n++; return n })
if (only.has('f')) await time('f urls table once', () => { let n = 0; for (const r of d.prepare('SELECT id, url, title, visit_count, typed_count, hidden FROM urls').raw(true).iterate()) n++; return n })
if (only.has('c')) await time('c raw -> JSONL lines', () => {
  const w = blockWriter(out)
  let n = 0
  const verdict = new Map()
  const prefix = '","event_id":"ev-000000000000-'
  for (const r of d.prepare(SQL).raw(true).iterate()) {
    const url = r[10]
    let tag = verdict.get(url)
    if (tag === undefined) {
      tag = /upwork|anydesk|wise\.com/.test(url) ? '["COM-02"]' : '[]'
      verdict.set(url, tag)
    }
    const t = r[2]
    const us = t - 11644473600000000
    const iso = new Date(Math.floor(us / 1000)).toISOString().slice(0, 19) + '.' + String(us % 1000000).padStart(6, '0') + 'Z'
    const eu = JSON.stringify(url)
    const line = `{"message":${JSON.stringify(`Chrome (Default) visit ${url} "${r[11]}"`)},"datetime":"${iso}","timestamp_desc":"Visit time","timestamp":${us},"data_type":"browser.visit","tag":${tag}${prefix}${(n).toString(36)}","case":"c","artifact":"History","location":"visits row ${r[0]}","time_basis":"utc","time_precision":"microsecond","browser":"Chrome","profile":"Default","user":"worker","url":${eu},"title":${JSON.stringify(r[11])},"transition_raw":${r[4]},"visit_count":${r[12]},"typed_count":${r[13]},"visit_id":${r[0]},"url_id":${r[1]}}\n`
    w.put(line)
    n++
  }
  w.end()
  return n
})
const u = process.cpuUsage()
if (isMainThread) process.stdout.write(`cpu user ${(u.user / 1e6).toFixed(2)} s, system ${(u.system / 1e6).toFixed(2)} s\n`)
// (g) the best design end to end in one process: visits alone as raw arrays, URL rows loaded once
// (verdict, escaped url/title and message head per URL), each Timesketch line built directly with
// every field the CLI writes for a visit (about the same 850 bytes a line), raw only on matched
// visits, 1 MiB blocks to the output file. No event objects, no store, no second parse.
/** URL rows once: the indicator verdict, the escaped url/title and the message head per URL id. */
function loadUrls() {
  const urls = new Map()
  for (const [id, url, title, vc, tc, hidden] of d.prepare('SELECT id, url, title, visit_count, typed_count, hidden FROM urls').raw(true).iterate()) {
    const hit = /upwork|anydesk|wise\.com/.test(url)
    urls.set(id, {
      tag: hit ? '["COM-02"]' : '[]', hit, url, title, vc, tc, hidden,
      head: JSON.stringify(`Chrome (Default) visit ${url} "${title}"`).slice(0, -1),
      tail: `,"url":${JSON.stringify(url)},"title":${JSON.stringify(title)}`,
      counts: `,"visit_count":${vc},"typed_count":${tc}`,
    })
  }
  return urls
}
const CORE = ['link', 'typed', 'auto_bookmark', 'auto_subframe', 'manual_subframe', 'generated', 'auto_toplevel', 'form_submit', 'reload', 'keyword', 'keyword_generated']
/** The visit rows as raw arrays in time order; where: '' (all) or a visit_time condition with its one parameter at. */
function visitRows(where, at) {
  const st = d.prepare(where ? VSQL.replace(' ORDER BY', ` WHERE ${where} ORDER BY`) : VSQL).raw(true)
  return where ? st.iterate(at) : st.iterate()
}
/** The Timesketch line of each visit row (in time order) to put(line); event ids count on from n0. Returns the rows. */
function visitLines(urls, rows, n0, put) {
  const common = '","case":"dprk-bench-browser-1000000","artifact":"Users/worker/AppData/Local/Google/Chrome/User Data/Default/History","location":"visits row '
  const who = ',"time_basis":"utc","time_precision":"microsecond","browser":"Chrome","profile":"Default","user":"worker"'
  let n = n0
  let lastSec = -1
  let secIso = ''
  for (const r of rows) {
    const u = urls.get(r[1])
    const t = r[2]
    const us = t - 11644473600000000
    // visits come in time order: the date and time up to the second change seldom
    const sec = Math.floor(us / 1e6)
    if (sec !== lastSec) {
      lastSec = sec
      secIso = new Date(sec * 1000).toISOString().slice(0, 19) + '.'
    }
    const iso = secIso + String(us - sec * 1e6).padStart(6, '0') + 'Z'
    const tr = r[4]
    const core = CORE[tr & 0xff] ?? 'link'
    const q = []
    if (tr & 0x01000000) q.push('from_address_bar')
    if (tr & 0x10000000) q.push('chain_start')
    if (tr & 0x20000000) q.push('chain_end')
    let line = `{"message":${u.head} [${core}]","datetime":"${iso}","timestamp_desc":"Visit time","timestamp":${us},"data_type":"browser.visit","tag":${u.tag},"event_id":"ev-3dfe57dd7e67-${n.toString(36)}${common}${r[0]}"${who}${u.tail},"transition":"${core}"${q.length ? `,"transition_qualifiers":"${q.join(',')}"` : ''},"transition_raw":${tr}${r[5] > 0 ? `,"visit_duration_s":${r[5] / 1e6}` : ''}${u.counts},"synced":false,"imported":false,"visit_id":${r[0]},"url_id":${r[1]}`
    if (u.hit) line += `,"raw":${JSON.stringify(JSON.stringify({visit_id: r[0], url_id: r[1], visit_time: t, from_visit: r[3], transition: tr, visit_duration: r[5], opener_visit: r[6], originator_cache_guid: r[7], external_referrer_url: r[8], app_id: r[9], url: u.url, title: u.title, visit_count: u.vc, typed_count: u.tc, hidden: u.hidden, visit_source: r[10]}))}`
    line += '}\n'
    put(line)
    n++
  }
  return n - n0
}
if (only.has('g')) await time('g best design: visits + URL map -> full JSONL lines', () => {
  const w = blockWriter(out)
  const n = visitLines(loadUrls(), visitRows('', undefined), 0, w.put)
  w.end()
  return n
})
// (h) g split over two threads by visit_time: a quantile query finds the median visit time t and
// how many visits come before it; a worker (this file again) opens the DB, loads its own URL map
// and builds the lines of visit_time >= t, numbering on from that count, while the main thread
// builds those before t into the output file. The worker's 1 MiB blocks are transferred to the
// main thread (transferList, no copy) and written after the first half: (h) byte-identical to (g).
// (hf) the same but the worker writes its blocks to a temp file the main thread then appends.
/** The visit time at the share FLOOR_SPLIT (0.5) of the visits and how many are earlier: the split of (h). */
function split() {
  const t0 = performance.now()
  const total = d.prepare('SELECT COUNT(*) FROM visits').pluck().get()
  // as a BigInt: visit times are above 2^53, a number would round (and move the split off the median)
  const at = d.prepare('SELECT visit_time FROM visits ORDER BY visit_time LIMIT 1 OFFSET ?').pluck().safeIntegers(true).get(Math.floor(total * Number(process.env.FLOOR_SPLIT ?? 0.5)))
  const before = d.prepare('SELECT COUNT(*) FROM visits WHERE visit_time < ?').pluck().get(at)
  process.stdout.write(`  split at visit_time ${at}: ${before} of ${total} visits before, ${(performance.now() - t0).toFixed(1)} ms\n`)
  return {at, before}
}
async function twoThreads(tmp) {
  const worker = new Worker(new URL(import.meta.url), {workerData: {db, tmp}})
  const exited = new Promise((resolve) => worker.once('exit', resolve))
  const fd = openSync(out, 'w')
  // transferred blocks arrive in the order posted; none is handled before the first half is written
  // (the main thread is busy until then), each is written as it comes and handed back to be refilled
  const second = new Promise((resolve, reject) => {
    worker.on('message', (m) => {
      if (!m.block) return resolve(m.n)
      writeSync(fd, new Uint8Array(m.block, 0, m.used))
      worker.postMessage(m.block, [m.block])
    })
    worker.once('error', reject)
  })
  const {at, before} = split()
  worker.postMessage({at, before})
  const w = fdBlocks(fd)
  let n = visitLines(loadUrls(), visitRows('v.visit_time < ?', at), 0, w.put)
  w.end()
  const t0 = performance.now()
  n += await second
  const t1 = performance.now()
  // the temp file is copied on in 1 MiB reads
  if (tmp) {
    const src = openSync(tmp, 'r')
    const buf = Buffer.allocUnsafeSlow(1 << 20)
    for (let k; (k = readSync(src, buf, 0, buf.length, null)) > 0;) writeSync(fd, buf, 0, k)
    closeSync(src)
    rmSync(tmp)
  }
  closeSync(fd)
  await exited
  const tail = tmp ? `, then copied its file ${((performance.now() - t1) / 1000).toFixed(2)} s` : ''
  process.stdout.write(`  main after its half: ${tmp ? 'waited for' : "wrote the blocks of"} the worker ${((t1 - t0) / 1000).toFixed(2)} s${tail}\n`)
  return n
}
if (only.has('h')) await time('h g over two threads, worker blocks transferred', () => twoThreads(undefined))
if (only.has('hf')) await time('hf g over two threads, worker half via a temp file', () => twoThreads(`${out}.half2`))
if (!isMainThread && !workerData.pipe) {
  const urls = loadUrls()
  parentPort.once('message', ({at, before}) => {
    let n
    if (workerData.tmp) {
      const w = blockWriter(workerData.tmp)
      n = visitLines(urls, visitRows('v.visit_time >= ?', at), before, w.put)
      w.end()
    } else {
      // each full block goes to the main thread as it is; the next to fill is one it has handed back, or a new one
      const w = blocks((block, used) => {
        parentPort.postMessage({block: block.buffer, used}, [block.buffer])
        const back = receiveMessageOnPort(parentPort)
        return back ? Buffer.from(back.message) : Buffer.allocUnsafeSlow(1 << 20)
      })
      n = visitLines(urls, visitRows('v.visit_time >= ?', at), before, w.put)
      w.end()
    }
    parentPort.postMessage({n})
  })
}
// (i) the pipeline split instead: a worker steps the visit query and packs each 16,384 rows into a
// transferred Float64Array of their numbers (null as NaN) and an array of their three text columns,
// the main thread builds and writes the lines and hands each batch's numbers back for reuse.
const BATCH = 16384
const NUMS = [0, 1, 2, 3, 4, 5, 6, 10] // visit row columns that are numbers; 7, 8 and 9 are text
async function pipeline() {
  const worker = new Worker(new URL(import.meta.url), {workerData: {db, pipe: true}})
  const exited = new Promise((resolve) => worker.once('exit', resolve))
  const w = blockWriter(out)
  const urls = loadUrls()
  let n = 0
  function* rows(nums, texts, count) {
    for (let k = 0; k < count; k++) {
      const r = new Array(11)
      for (let c = 0; c < NUMS.length; c++) {
        const v = nums[k * NUMS.length + c]
        r[NUMS[c]] = v === v ? v : null
      }
      r[7] = texts[k * 3]
      r[8] = texts[k * 3 + 1]
      r[9] = texts[k * 3 + 2]
      yield r
    }
  }
  await new Promise((resolve, reject) => {
    worker.on('message', ({nums, texts, count}) => {
      if (count === 0) return resolve()
      n += visitLines(urls, rows(new Float64Array(nums), texts, count), n, w.put)
      worker.postMessage(nums, [nums])
    })
    worker.once('error', reject)
  })
  w.end()
  await exited
  return n
}
if (only.has('i')) await time('i pipeline: a worker steps SQLite, the main thread builds the lines', pipeline)
if (!isMainThread && workerData.pipe) {
  let nums = new Float64Array(BATCH * NUMS.length)
  let texts = []
  let count = 0
  const post = () => {
    parentPort.postMessage({nums: nums.buffer, texts, count}, [nums.buffer])
    const back = receiveMessageOnPort(parentPort)
    nums = new Float64Array(back ? back.message : BATCH * NUMS.length)
    texts = []
    count = 0
  }
  for (const r of visitRows('', undefined)) {
    const o = count * NUMS.length
    for (let c = 0; c < NUMS.length; c++) nums[o + c] = r[NUMS[c]] ?? NaN
    texts.push(r[7], r[8], r[9])
    if (++count === BATCH) post()
  }
  if (count > 0) post()
  post() // count 0: the end
}
