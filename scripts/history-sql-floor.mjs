#!/usr/bin/env node
// Floor prototype for the History bench row (issue #17) of the design the CLI now uses for a
// JSONL-only run (src/artifacts/browser/chromium-visit-lines.ts): SQLite builds each visit's
// Timesketch line in one printf, from fragments JavaScript escaped once per distinct URL and
// transition value (two temp tables); JavaScript only adds the event id and writes 1 MiB blocks.
// Visits of matched URLs and rows the text is not right for (a synced or imported visit, a value of
// another type) are read again by id and built in JS (simplified, as in history-floor.mjs g).
// Every other line is byte-identical to the CLI's: on the bench DB 924,343 of the 924,343
// untagged visit lines (diffed against the CLI's JSONL, 2026-12-03). The floor leaves out what the
// CLI must also do: matching per URL with the real pack, the line store (spilled runs merged into
// the output: the 855 MB are written twice), the real event path for the 88,000 other visits.
//   (p)  one thread
//   (pt) p over two threads: parts of FLOOR_PART (50,000) visits in time order, found one from the
//        other (LIMIT 1 OFFSET over the time index), even parts on the main thread, odd ones on a
//        worker that opens the DB itself, builds its own temp tables and hands back 1 MiB blocks
//        (transferred, then returned for reuse), at most one part ahead (Atomics): byte-identical to p
// Measured 2026-12-03 10:50-10:52 UTC (load 0.9-1.2), two rounds, each in its own process next to
// `sqlite3 -json` of the bench's join (2.95 / 3.32 s): p 9.77 / 8.39 s (3.3x / 2.5x) at 135 MB;
// pt 7.09 / 6.01 s (2.4x / 1.8x) at 250-254 MB; the CLI with this design 22.8 / 17.0 s, before
// it (5ef05a9) 28.9 / 25.2 s.
//   node scripts/history-sql-floor.mjs <History> [out.jsonl] [p|pt]
import {closeSync, openSync, writeSync} from 'node:fs'
import {isMainThread, parentPort, receiveMessageOnPort, Worker, workerData} from 'node:worker_threads'
import Database from 'better-sqlite3'
const PART = Number(process.env.FLOOR_PART ?? 50000)
const [db, out = '/dev/null', opt = 'p'] = isMainThread ? process.argv.slice(2) : [workerData.db]
const d = new Database(db, {readonly: true, fileMustExist: true})
const CORE = ['link', 'typed', 'auto_bookmark', 'auto_subframe', 'manual_subframe', 'generated', 'auto_toplevel', 'form_submit', 'reload', 'keyword', 'keyword_generated']
const setup0 = performance.now()
const slow = new Map()
const q = (s) => `'${s.replaceAll("'", "''")}'`
const pf = (s) => s.replaceAll('%', '%%')
// per distinct URL (50,000) and transition value (a few dozen): the escaped fragments of the line, built in JS
const hitOf = (url) => /upwork|anydesk|wise\.com/.test(url)
d.exec('CREATE TEMP TABLE uf(id INTEGER PRIMARY KEY, head TEXT, mid TEXT, cnt TEXT)')
const insU = d.prepare('INSERT INTO temp.uf VALUES (?, ?, ?, ?)')
const urlRows = d.prepare('SELECT id, url, title, visit_count, typed_count, hidden FROM urls').raw(true)
d.transaction(() => {
  for (const [id, url, title, vc, tc, hidden] of urlRows.all()) {
    const u = {
      tag: '["COM-02"]', url, title, vc, tc, hidden,
      head: JSON.stringify(`Chrome (Default) visit ${url} "${title}"`).slice(0, -1),
      tail: `,"url":${JSON.stringify(url)},"title":${JSON.stringify(title)}`,
      counts: `,"visit_count":${vc},"typed_count":${tc}${hidden === 1 ? ',"hidden":true' : ''}`,
    }
    if (hitOf(url) || typeof url !== 'string' || typeof title !== 'string' || !Number.isSafeInteger(vc) || !Number.isSafeInteger(tc)) slow.set(id, u)
    else insU.run(id, JSON.stringify(`Chrome (Default) visit ${url} "${title}" [`).slice(0, -1), u.tail, u.counts)
  }
})()
const QUALIFIERS = [[0x00200000, 'from_api_3'], [0x00400000, 'from_api_2'], [0x00800000, 'blocked'], [0x01000000, 'forward_back'], [0x02000000, 'from_address_bar'], [0x04000000, 'home_page'], [0x08000000, 'from_api'], [0x10000000, 'chain_start'], [0x20000000, 'chain_end'], [0x40000000, 'client_redirect'], [0x80000000, 'server_redirect']]
function decodeTransition(raw) {
  const value = Number(BigInt.asUintN(32, BigInt(raw)))
  const core = CORE[value & 0xff] ?? `unknown_${value & 0xff}`
  const qs = []
  let rest = value & 0xffffff00
  for (const [bit, name] of QUALIFIERS) if ((value & bit) >>> 0 === bit) { qs.push(name); rest = (rest & ~bit) >>> 0 }
  if (rest !== 0) qs.push(`unknown_0x${rest.toString(16).padStart(8, '0')}`)
  return {value, core, qualifiers: qs.join(',')}
}
d.exec('CREATE TEMP TABLE tf(v INTEGER PRIMARY KEY, core TEXT, frag TEXT)')
const insT = d.prepare('INSERT INTO temp.tf VALUES (?, ?, ?)')
for (const v of d.prepare("SELECT DISTINCT transition FROM visits WHERE typeof(transition) = 'integer'").pluck().all()) {
  const t = decodeTransition(v)
  insT.run(v, t.core, `,"transition":${JSON.stringify(t.core)}${t.qualifiers ? `,"transition_qualifiers":${JSON.stringify(t.qualifiers)}` : ''},"transition_raw":${t.value}`)
}
const T = `(v.visit_time - 11644473600000000)`
const ART = JSON.stringify('Users/worker/AppData/Local/Google/Chrome/User Data/Default/History')
const F1 = q(`{"message":%s%s]","datetime":"%s.%06dZ","timestamp_desc":"Visit time","timestamp":%lld,"data_type":"browser.visit","tag":[],"event_id":"ev-3dfe57dd7e67-`)
const F2 = q(pf(`","case":"dprk-bench-browser-1000000","artifact":${ART},"location":"visits row `) + '%lld' + pf(`","time_basis":"utc","time_precision":"microsecond","browser":"Chrome","profile":"Default","user":"worker"`) + '%s%s%s%s%s%s' + pf(`,"synced":false,"imported":false,"visit_id":`) + '%lld,"url_id":%lld}\n')
// a row goes the JS way when its URL is slow (no uf row), its transition undecoded, or a column is not what the template assumes
const FAST = `(uf.id IS NOT NULL AND tf.v IS NOT NULL AND typeof(v.id) = 'integer' AND typeof(v.url) = 'integer' AND typeof(v.visit_time) = 'integer' AND v.visit_time BETWEEN 11644473600000000 AND 265046774399999999
  AND typeof(v.visit_duration) = 'integer' AND typeof(v.from_visit) IN ('integer', 'null') AND typeof(v.opener_visit) IN ('integer', 'null')
  AND coalesce(v.originator_cache_guid, '') = '' AND coalesce(v.external_referrer_url, '') = '' AND coalesce(v.app_id, '') = '' AND vs.source IS NULL)`
const COLS = `CASE WHEN ${FAST} THEN printf(${F1}, uf.head, tf.core, strftime('%Y-%m-%dT%H:%M:%S', ${T} / 1000000, 'unixepoch'), ${T} % 1000000, ${T}) END,
 CASE WHEN ${FAST} THEN printf(${F2}, v.id, uf.mid, tf.frag,
  CASE WHEN v.visit_duration > 0 THEN ',"visit_duration_s":' || rtrim(rtrim(printf('%d.%06d', v.visit_duration / 1000000, v.visit_duration % 1000000), '0'), '.') ELSE '' END,
  CASE WHEN v.from_visit > 0 THEN ',"from_visit":' || v.from_visit ELSE '' END, CASE WHEN v.opener_visit > 0 THEN ',"opener_visit":' || v.opener_visit ELSE '' END,
  uf.cnt, v.id, v.url) ELSE v.id END`
const FROM = `FROM visits v LEFT JOIN temp.uf uf ON uf.id = v.url LEFT JOIN temp.tf tf ON tf.v = v.transition LEFT JOIN visit_source vs ON vs.id = v.id`
const byId = d.prepare(`SELECT v.id, v.url, v.visit_time, v.from_visit, v.transition, v.visit_duration, v.opener_visit, v.originator_cache_guid, v.external_referrer_url, v.app_id, vs.source
  FROM visits v LEFT JOIN visit_source vs ON vs.id = v.id WHERE v.id = ?`).raw(true).safeIntegers(true)
const urlById = d.prepare('SELECT id, url, title, visit_count, typed_count, hidden FROM urls WHERE id = ?').raw(true)
const SOURCE = ['synced', 'browsed', 'extension', 'imported_firefox', 'imported_ie', 'imported_safari', 'imported_chromium', 'imported_edgehtml']
function jsLine(big, n) {
  // visit_time stays a BigInt (above 2^53); the rest are small
  const r = big.map((x, i) => (i !== 2 && typeof x === 'bigint' ? Number(x) : x))
  let u = slow.get(r[1])
  if (!u) { const [, url, title, vc, tc, hidden] = urlById.get(r[1]); u = {tag: '[]', url, title, vc, tc, hidden, head: JSON.stringify(`Chrome (Default) visit ${url} "${title}"`).slice(0, -1), tail: `,"url":${JSON.stringify(url)},"title":${JSON.stringify(title)}`, counts: `,"visit_count":${vc},"typed_count":${tc}`} }
  const us = r[2] - 11644473600000000n
  const sec = us / 1000000n
  const iso = new Date(Number(sec) * 1000).toISOString().slice(0, 19) + '.' + String(us - sec * 1000000n).padStart(6, '0') + 'Z'
  const t = decodeTransition(r[4])
  const synced = r[10] === 0 || !!r[7]
  const source = r[10] === null ? undefined : (SOURCE[r[10]] ?? `unknown_${r[10]}`)
  const imported = r[10] >= 3 && r[10] <= 7
  let line = `{"message":${u.head} [${t.core}${synced ? ', synced from another device' : ''}${imported ? `, ${source}` : ''}]","datetime":"${iso}","timestamp_desc":"Visit time","timestamp":${us},"data_type":"browser.visit","tag":${u.tag},"event_id":"ev-3dfe57dd7e67-${n.toString(36)}","case":"dprk-bench-browser-1000000","artifact":"Users/worker/AppData/Local/Google/Chrome/User Data/Default/History","location":"visits row ${r[0]}","time_basis":"utc","time_precision":"microsecond","browser":"Chrome","profile":"Default","user":"worker"${u.tail},"transition":"${t.core}"${t.qualifiers ? `,"transition_qualifiers":"${t.qualifiers}"` : ''},"transition_raw":${t.value}${r[5] > 0 ? `,"visit_duration_s":${r[5] / 1e6}` : ''}${r[3] > 0 ? `,"from_visit":${r[3]}` : ''}${u.counts},"synced":${synced},"imported":${imported}${source ? `,"visit_source":"${source}"` : ''}${r[7] ? `,"originator_cache_guid":${JSON.stringify(r[7])}` : ''},"visit_id":${r[0]},"url_id":${r[1]}`
  if (u.tag !== '[]') line += `,"raw":${JSON.stringify(JSON.stringify({visit_id: r[0], url_id: r[1], visit_time: 0, from_visit: r[3], transition: r[4], visit_duration: r[5], opener_visit: r[6], originator_cache_guid: r[7], external_referrer_url: r[8], app_id: r[9], url: u.url, title: u.title, visit_count: u.vc, typed_count: u.tc, hidden: u.hidden, visit_source: r[10]}).replace('"visit_time":0', `"visit_time":${r[2]}`))}`
  return line + '}\n'
}
const setupMs = performance.now() - setup0
function blocks(emit) {
  let buf = Buffer.allocUnsafeSlow(1 << 20), used = 0
  return {
    put(s) { if (used + s.length * 3 > buf.length) { buf = emit(buf, used); used = 0 } used += buf.write(s, used) },
    end() { if (used > 0) buf = emit(buf, used); used = 0 },
  }
}
/** Lines of the visits from (t, id) on, at most limit of them, event ids from n0. */
function lines(put, n0, from, limit) {
  const st = d.prepare(from ? `SELECT ${COLS} ${FROM} WHERE (v.visit_time, v.id) >= (?, ?) ORDER BY v.visit_time, v.id LIMIT ?` : `SELECT ${COLS} ${FROM} ORDER BY v.visit_time, v.id`).raw(true)
  let n = n0
  for (const [a, b] of from ? st.iterate(from[0], from[1], limit) : st.iterate()) {
    put(a === null ? jsLine(byId.get(b), n) : a + n.toString(36) + b)
    n++
  }
  return n - n0
}
/** The first (visit_time, id) of each part of PART visits, each found from the one before (PART index steps). */
function parts() {
  const first = d.prepare('SELECT visit_time, id FROM visits ORDER BY visit_time, id LIMIT 1').raw(true).safeIntegers(true)
  const next = d.prepare('SELECT visit_time, id FROM visits WHERE (visit_time, id) >= (?, ?) ORDER BY visit_time, id LIMIT 1 OFFSET ?').raw(true).safeIntegers(true)
  const out = []
  for (let at = first.get(); at; at = next.get(at[0], at[1], PART)) out.push(at)
  return out
}
const time = async (label, f) => {
  const t0 = performance.now(), c0 = process.cpuUsage()
  const n = await f()
  const c = process.cpuUsage(c0)
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${n} rows, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, ${slow.size} slow URLs, setup ${setupMs.toFixed(0)} ms`)
}
if (isMainThread && opt === 'p') await time('p SQL-built lines, one thread', () => {
  const fd = openSync(out, 'w')
  const w = blocks((b, u) => (writeSync(fd, b, 0, u), b))
  const n = lines(w.put, 0, null, 0)
  w.end(); closeSync(fd)
  return n
})
if (isMainThread && opt === 'pt') await time(`pt p over two threads, parts of ${PART}`, async () => {
  const t0 = performance.now()
  const ps = parts()
  console.log(`  ${ps.length} parts planned in ${(performance.now() - t0).toFixed(0)} ms`)
  const done = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(new URL(import.meta.url), {workerData: {db, ps, done}})
  const fd = openSync(out, 'w')
  const w = blocks((b, u) => (writeSync(fd, b, 0, u), b))
  const waiting = new Map()
  worker.on('message', (m) => {
    if (m.block) { writeSync(fd, new Uint8Array(m.block, 0, m.used)); worker.postMessage(m.block, [m.block]) }
    else waiting.get(m.part)?.(m.n)
  })
  let n = 0
  for (let k = 0; k < ps.length; k++) {
    if (k % 2 === 0) { n += lines(w.put, n, ps[k], PART); w.end() }
    else n += await new Promise((resolve) => waiting.set(k, resolve))
    Atomics.store(done, 0, k + 1); Atomics.notify(done, 0)
  }
  closeSync(fd)
  await worker.terminate()
  return n
})
if (!isMainThread) {
  const {ps, done} = workerData
  const w = blocks((b, used) => {
    parentPort.postMessage({block: b.buffer, used}, [b.buffer])
    const back = receiveMessageOnPort(parentPort)
    return back ? Buffer.from(back.message) : Buffer.allocUnsafeSlow(1 << 20)
  })
  for (let k = 1; k < ps.length; k += 2) {
    // at most one part ahead of the main thread's writing
    while (Atomics.load(done, 0) < k - 1) Atomics.wait(done, 0, Atomics.load(done, 0))
    const n = lines(w.put, k * PART, ps[k], PART)
    w.end()
    parentPort.postMessage({part: k, n})
  }
}
