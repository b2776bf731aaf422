#!/usr/bin/env node
// Generates a realistic Chromium History DB at the current schema (v70, built from
// test/fixtures/browser/history.70.sql, chromium BSD-3-Clause) with N visits, deterministically
// (fixed seed): ordinary sites mixed with payment / VPN / remote-access / cloud-drive sites, typed
// and link transitions, redirects, referrer visits, durations, a few downloads and search terms.
//   node scripts/make-chrome-history.mjs <out-path> [visits=1000000]
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import Database from 'better-sqlite3'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SCHEMA = [
  join(ROOT, 'test', 'fixtures', 'browser', 'history.70.sql'),
  resolve(ROOT, '..', 'shared', 'corpus', 'browser', 'chromium-v70-schema', 'history.70.sql'),
].find((p) => existsSync(p))

const [out, countArg] = process.argv.slice(2)
if (!out) {
  process.stderr.write('usage: node scripts/make-chrome-history.mjs <out-path> [visits=1000000]\n')
  process.exit(2)
}
const VISITS = countArg === undefined ? 1_000_000 : Number(countArg)
if (!Number.isSafeInteger(VISITS) || VISITS < 0) {
  process.stderr.write(`bad visit count: ${countArg}\n`)
  process.exit(2)
}
if (!SCHEMA) {
  process.stderr.write('history.70.sql not found (test/fixtures/browser/ or ../shared/corpus/browser/chromium-v70-schema/)\n')
  process.exit(2)
}
if (existsSync(out)) {
  process.stderr.write(`${out} exists; refusing to overwrite\n`)
  process.exit(2)
}

// mulberry32: small deterministic PRNG
let seed = 0x5eed1e55
function rand() {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (a) => a[Math.floor(rand() * a.length)]

const ORDINARY = [
  ['https://www.google.com/search?q=', 'Google Search'], ['https://github.com/', 'GitHub'], ['https://stackoverflow.com/questions/', 'Stack Overflow'],
  ['https://www.linkedin.com/feed/', 'LinkedIn'], ['https://mail.google.com/mail/u/0/#inbox/', 'Inbox - Gmail'], ['https://www.youtube.com/watch?v=', 'YouTube'],
  ['https://en.wikipedia.org/wiki/', 'Wikipedia'], ['https://developer.mozilla.org/en-US/docs/', 'MDN Web Docs'], ['https://www.upwork.com/nx/find-work/', 'Upwork'],
  ['https://slack.com/app/', 'Slack'], ['https://news.ycombinator.com/item?id=', 'Hacker News'], ['https://www.reddit.com/r/programming/', 'Reddit'],
  ['https://docs.google.com/document/d/', 'Google Docs'], ['https://calendar.google.com/calendar/r/week/', 'Google Calendar'], ['https://www.amazon.com/dp/', 'Amazon'],
  ['https://zoom.us/j/', 'Zoom'], ['https://jira.atlassian.com/browse/', 'Jira'], ['https://www.npmjs.com/package/', 'npm'],
]
const NOTABLE = [
  ['https://www.payoneer.com/', 'Payoneer'], ['https://login.payoneer.com/', 'Payoneer - Login'], ['https://www.astrill.com/', 'Astrill VPN'],
  ['https://www.astrill.com/downloads/', 'Astrill VPN - Downloads'], ['https://drive.google.com/drive/folders/', 'My Drive - Google Drive'],
  ['https://remotedesktop.google.com/access/session/', 'Chrome Remote Desktop'], ['https://anydesk.com/en/downloads/windows', 'Download AnyDesk'],
  ['https://my.anydesk.com/', 'my.anydesk'], ['https://www.wise.com/', 'Wise'], ['https://www.teamviewer.com/en/download/', 'TeamViewer download'],
]
const DOWNLOADS = [
  ['https://anydesk.com/en/downloads/windows?dl=1', 'https://download.anydesk.com/AnyDesk.exe', 'AnyDesk.exe', 'application/x-msdownload'],
  ['https://www.astrill.com/downloads/astrill-setup-win.exe', 'https://cdn.astrill.com/astrill-setup-win.exe', 'astrill-setup-win.exe', 'application/x-msdownload'],
  ['https://drive.google.com/uc?export=download&id=1AbC', 'https://doc-0s-drive-data-export.googleusercontent.com/download/resume.pdf', 'resume.pdf', 'application/pdf'],
  ['https://github.com/org/repo/archive/refs/heads/main.zip', 'https://codeload.github.com/org/repo/zip/refs/heads/main', 'repo-main.zip', 'application/zip'],
]
const TERMS = ['astrill vpn download', 'payoneer login', 'anydesk', 'react hooks tutorial', 'chrome remote desktop setup', 'typescript generics', 'upwork proposal tips']

// §2.5 transitions: LINK/TYPED/GENERATED/RELOAD/AUTO_BOOKMARK/FORM_SUBMIT with chain bits; some redirects
const T = {
  link: 0x30000000, typed: 0x30000001, typedBar: 0x32000001, bookmark: 0x30000002, generated: 0x30000005,
  form: 0x30000007, reload: 0x30000008, redirectStart: 0x10000000, redirectEnd: 0xa0000000 - 2 ** 32, subframe: 0x30000003,
}

const WEBKIT_EPOCH_OFFSET_US = 11_644_473_600_000_000n
const START_US = 1_704_067_200_000_000n + WEBKIT_EPOCH_OFFSET_US // 2024-01-01T00:00:00Z

mkdirSync(dirname(resolve(out)), {recursive: true})
const db = new Database(out)
db.exec(readFileSync(SCHEMA, 'utf8'))
db.pragma('journal_mode = OFF')
db.pragma('synchronous = OFF')

const insUrl = db.prepare('INSERT INTO urls (id, url, title, visit_count, typed_count, last_visit_time, hidden) VALUES (?, ?, ?, 0, 0, 0, 0)')
const insVisit = db.prepare(`INSERT INTO visits (id, url, visit_time, from_visit, external_referrer_url, transition, segment_id, visit_duration,
  incremented_omnibox_typed_score, opener_visit, originator_cache_guid, originator_visit_id, originator_from_visit, originator_opener_visit,
  is_known_to_sync, consider_for_ntp_most_visited, visited_link_id, app_id) VALUES (?, ?, ?, ?, '', ?, 0, ?, 0, 0, ?, 0, 0, 0, 0, 0, 0, '')`)
const updUrl = db.prepare('UPDATE urls SET visit_count = ?, typed_count = ?, last_visit_time = ? WHERE id = ?')
const insSource = db.prepare('INSERT INTO visit_source (id, source) VALUES (?, ?)')

// URL pool: ~2% notable, the rest ordinary with varying paths
const URLS = Math.max(10, Math.min(50_000, Math.ceil(VISITS / 20)))
const urlStats = new Map()
db.transaction(() => {
  for (let id = 1; id <= URLS; id++) {
    const notable = rand() < 0.02
    const [base, title] = notable ? pick(NOTABLE) : pick(ORDINARY)
    const suffix = notable ? (rand() < 0.5 ? '' : `?ref=${id}`) : `${Math.floor(rand() * 1e9).toString(36)}`
    insUrl.run(id, base + suffix, `${title} ${id}`)
    urlStats.set(id, {count: 0, typed: 0, last: 0n})
  }
})()

let t = START_US
let prev = 0
db.transaction(() => {
  for (let id = 1; id <= VISITS; id++) {
    // mostly seconds apart, sometimes hours (sleep / off-hours)
    const gapUs = rand() < 0.002 ? BigInt(Math.floor(rand() * 8 * 3600e6)) : BigInt(Math.floor(rand() * 12e6) + 1)
    t += gapUs
    const urlId = 1 + Math.floor(rand() * URLS)
    const r = rand()
    const transition = r < 0.55 ? T.link : r < 0.68 ? T.typed : r < 0.73 ? T.typedBar : r < 0.78 ? T.generated : r < 0.82 ? T.reload
      : r < 0.85 ? T.bookmark : r < 0.88 ? T.form : r < 0.93 ? T.redirectStart : r < 0.97 ? T.redirectEnd : T.subframe
    const from = prev > 0 && rand() < 0.4 ? prev : 0
    const duration = rand() < 0.3 ? 0 : Math.floor(rand() * 600e6)
    const guid = rand() < 0.01 ? 'kZ3x9rQnF0aWQ==' : ''
    insVisit.run(id, urlId, t, from, transition, duration, guid)
    if (rand() < 0.003) insSource.run(id, rand() < 0.5 ? 0 : 3)
    const s = urlStats.get(urlId)
    s.count++
    if ((transition & 0xff) === 1) s.typed++
    s.last = t
    prev = id
  }
  for (const [id, s] of urlStats) updUrl.run(s.count, s.typed, s.last, id)
})()

const insDl = db.prepare(`INSERT INTO downloads (id, guid, current_path, target_path, start_time, received_bytes, total_bytes, state, danger_type,
  interrupt_reason, hash, end_time, opened, last_access_time, transient, referrer, site_url, embedder_download_data, tab_url, tab_referrer_url,
  http_method, by_ext_id, by_ext_name, by_web_app_id, etag, last_modified, mime_type, original_mime_type)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, x'', ?, 0, 0, 0, ?, '', '', ?, '', 'GET', '', '', '', '', '', ?, ?)`)
const insChain = db.prepare('INSERT INTO downloads_url_chains (id, chain_index, url) VALUES (?, ?, ?)')
const insTerm = db.prepare('INSERT INTO keyword_search_terms (keyword_id, url_id, term, normalized_term) VALUES (2, ?, ?, ?)')
db.transaction(() => {
  const n = Math.min(500, Math.max(1, Math.floor(VISITS / 2000)))
  for (let i = 1; i <= n; i++) {
    const [first, final, file, mime] = pick(DOWNLOADS)
    const start = START_US + BigInt(Math.floor(rand() * Number(t - START_US)))
    const size = Math.floor(rand() * 80e6) + 1000
    const path = `C:\\Users\\worker\\Downloads\\${file}`
    insDl.run(i, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, path, path, start, size, size, 1, start + 5_000_000n, first, first, mime, mime)
    insChain.run(i, 0, first)
    insChain.run(i, 1, final)
  }
  for (let i = 0; i < Math.min(2000, URLS); i += 25) {
    const term = pick(TERMS)
    insTerm.run(1 + i, term, term)
  }
})()
db.close()
process.stdout.write(`${out}: ${VISITS} visits, ${URLS} urls (schema v70)\n`)
