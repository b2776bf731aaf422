#!/usr/bin/env node
// Floor prototype for the History bench row (issue #17): how fast can Node + better-sqlite3 turn
// the 1,000,000-visit join into Timesketch JSONL at all? Steps through the same visit query the
// parser uses (a) as objects with BigInts (the parser before #17), (b) as raw arrays, then (c)
// builds each JSONL line directly from the raw arrays (no event objects, no store, one matcher
// answer per distinct URL) and writes them in 1 MiB blocks. Compare with `sqlite3 -json` timed
// in the same run.
//   node scripts/history-floor.mjs <History> [out.jsonl] [--only a,b,c,d,e,f,g]
import {closeSync, openSync, writeSync} from 'node:fs'

import Database from 'better-sqlite3'

const [db, out = '/dev/null', ...rest] = process.argv.slice(2)
const only = rest[0] === '--only' ? new Set(rest[1].split(',')) : new Set(['a', 'b', 'c'])
const d = new Database(db, {readonly: true, fileMustExist: true})
const SQL = `SELECT v.id, v.url, v.visit_time, v.from_visit, v.transition, v.visit_duration, v.opener_visit,
  v.originator_cache_guid, v.external_referrer_url, v.app_id, u.url, u.title, u.visit_count, u.typed_count, u.hidden, vs.source
  FROM visits v LEFT JOIN urls u ON u.id = v.url LEFT JOIN visit_source vs ON vs.id = v.id ORDER BY v.visit_time, v.id`
const time = (label, f) => {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const n = f()
  const c = process.cpuUsage(c0)
  process.stdout.write(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${n} rows\n`)
}
/** Lines encoded into a 1 MiB buffer, written to the file when it is full. */
function blockWriter(file) {
  const fd = openSync(file, 'w')
  const buf = Buffer.allocUnsafe(1 << 20)
  let used = 0
  return {
    put(line) {
      if (used + line.length * 3 > buf.length) {
        writeSync(fd, buf, 0, used)
        used = 0
      }
      used += buf.write(line, used)
    },
    end() {
      writeSync(fd, buf, 0, used)
      closeSync(fd)
    },
  }
}
if (only.has('a')) time('a objects+BigInt step', () => { let n = 0; for (const r of d.prepare(SQL).safeIntegers(true).iterate()) n++; return n })
if (only.has('b')) time('b raw arrays step', () => { let n = 0; for (const r of d.prepare(SQL).raw(true).iterate()) n++; return n })
const VSQL = `SELECT v.id, v.url, v.visit_time, v.from_visit, v.transition, v.visit_duration, v.opener_visit,
  v.originator_cache_guid, v.external_referrer_url, v.app_id, vs.source
  FROM visits v LEFT JOIN visit_source vs ON vs.id = v.id ORDER BY v.visit_time, v.id`
if (only.has('d')) time('d visits only, raw, BigInt', () => { let n = 0; for (const r of d.prepare(VSQL).raw(true).safeIntegers(true).iterate()) n++; return n })
if (only.has('e')) time('e visits only, raw, numbers', () => { let n = 0; for (const r of d.prepare(VSQL).raw(true).iterate()) n++; return n })
if (only.has('f')) time('f urls table once', () => { let n = 0; for (const r of d.prepare('SELECT id, url, title, visit_count, typed_count, hidden FROM urls').raw(true).iterate()) n++; return n })
if (only.has('c')) time('c raw -> JSONL lines', () => {
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
process.stdout.write(`cpu user ${(u.user / 1e6).toFixed(2)} s, system ${(u.system / 1e6).toFixed(2)} s\n`)
// (g) the best design end to end in one process: visits alone as raw arrays, URL rows loaded once
// (verdict, escaped url/title and message head per URL), each Timesketch line built directly with
// every field the CLI writes for a visit (about the same 850 bytes a line), raw only on matched
// visits, 1 MiB blocks to the output file. No event objects, no store, no second parse.
if (only.has('g')) time('g best design: visits + URL map -> full JSONL lines', () => {
  const w = blockWriter(out)
  let n = 0
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
  const common = '","case":"dprk-bench-browser-1000000","artifact":"Users/worker/AppData/Local/Google/Chrome/User Data/Default/History","location":"visits row '
  const who = ',"time_basis":"utc","time_precision":"microsecond","browser":"Chrome","profile":"Default","user":"worker"'
  let lastSec = -1
  let secIso = ''
  const CORE = ['link', 'typed', 'auto_bookmark', 'auto_subframe', 'manual_subframe', 'generated', 'auto_toplevel', 'form_submit', 'reload', 'keyword', 'keyword_generated']
  for (const r of d.prepare(VSQL).raw(true).iterate()) {
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
    w.put(line)
    n++
  }
  w.end()
  return n
})
