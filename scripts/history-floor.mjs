#!/usr/bin/env node
// Floor prototype for the History bench row (issue #17): how fast can Node + better-sqlite3 turn
// the 1,000,000-visit join into Timesketch JSONL at all? Steps through the same visit query the
// parser uses (a) as objects with BigInts (the parser before #17), (b) as raw arrays, then (c)
// builds each JSONL line directly from the raw arrays (no event objects, no store, one matcher
// answer per distinct URL) and writes them in 1 MiB blocks. Compare with `sqlite3 -json` timed
// in the same run.
//   node scripts/history-floor.mjs <History> [out.jsonl] [--only a,b,c]
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
if (only.has('a')) time('a objects+BigInt step', () => { let n = 0; for (const r of d.prepare(SQL).safeIntegers(true).iterate()) n++; return n })
if (only.has('b')) time('b raw arrays step', () => { let n = 0; for (const r of d.prepare(SQL).raw(true).iterate()) n++; return n })
const VSQL = `SELECT v.id, v.url, v.visit_time, v.from_visit, v.transition, v.visit_duration, v.opener_visit,
  v.originator_cache_guid, v.external_referrer_url, v.app_id, vs.source
  FROM visits v LEFT JOIN visit_source vs ON vs.id = v.id ORDER BY v.visit_time, v.id`
if (only.has('d')) time('d visits only, raw, BigInt', () => { let n = 0; for (const r of d.prepare(VSQL).raw(true).safeIntegers(true).iterate()) n++; return n })
if (only.has('e')) time('e visits only, raw, numbers', () => { let n = 0; for (const r of d.prepare(VSQL).raw(true).iterate()) n++; return n })
if (only.has('f')) time('f urls table once', () => { let n = 0; for (const r of d.prepare('SELECT id, url, title, visit_count, typed_count, hidden FROM urls').raw(true).iterate()) n++; return n })
if (only.has('c')) time('c raw -> JSONL lines', () => {
  const fd = openSync(out, 'w')
  const buf = Buffer.allocUnsafe(1 << 20)
  let used = 0
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
    if (used + line.length * 3 > buf.length) {
      writeSync(fd, buf, 0, used)
      used = 0
    }
    used += buf.write(line, used)
    n++
  }
  writeSync(fd, buf, 0, used)
  closeSync(fd)
  return n
})
const u = process.cpuUsage()
process.stdout.write(`cpu user ${(u.user / 1e6).toFixed(2)} s, system ${(u.system / 1e6).toFixed(2)} s\n`)
