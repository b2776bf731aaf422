// Fixtures the public corpus lacks (reference browser-history.md §8 "Gaps"), built in the test:
// a Chromium v70 History with downloads/sync/import rows (from history.70.sql, §2.3), a Firefox
// places.sqlite with download annotations (§3.4), a WAL-mode DB whose rows sit only in `-wal`
// (§1.2–1.3), and broken files named History (§1.3 step 8).
import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Database from 'better-sqlite3'
import {afterAll, describe, expect, it} from 'vitest'

import {BROWSER_PARSERS} from '../../../src/artifacts/browser/index.js'
import {snapshotTree} from '../../support/evidence-guard.js'
import {scanWith} from '../../support/run-parser.js'
import {contextFromFiles, processCase} from '../../../src/lib/process-case.js'
import {scanCase} from '../../../src/lib/scan-case.js'
import {createChromiumV70, createFirefoxPlaces, insertUrl, insertVisit} from './build-db.js'

const parsers = [...BROWSER_PARSERS]
const root = mkdtempSync(join(tmpdir(), 'dprk-browser-test-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

const CHROME_WIN = (user: string, profile: string) => `Users/${user}/AppData/Local/Google/Chrome/User Data/${profile}/History`

// §2.5 transition values
const TYPED_CHAIN = 0x30000001 // TYPED | CHAIN_START | CHAIN_END
const LINK_CHAIN = 0x30000000
// 0xA2000001 = TYPED | FROM_ADDRESS_BAR | CHAIN_END | SERVER_REDIRECT, stored signed (§0 rule 5)
const TYPED_ADDRESS_BAR_SIGNED = 0xa2000001 - 2 ** 32

function buildBrave(dir: string): string {
  const path = join(dir, 'Users/alice/AppData/Local/BraveSoftware/Brave-Browser/User Data/Profile 2/History')
  const db = createChromiumV70(path)
  insertUrl(db, 1, 'https://www.payoneer.com/', 'Payoneer', 13354074123123456n, 1, 1)
  insertUrl(db, 2, 'https://anydesk.com/en/downloads/windows', 'Download AnyDesk', 13354074300000001n)
  insertUrl(db, 3, 'https://drive.google.com/drive/my-drive', 'My Drive', 13354074370500000n)
  insertUrl(db, 4, 'https://www.astrill.com/', 'Astrill VPN', 13354074420999999n)
  insertUrl(db, 5, 'https://www.google.com/search?q=astrill+vpn+download', 'astrill vpn download - Google Search', 13354074100000000n)
  insertUrl(db, 6, 'https://remotedesktop.google.com/access', 'Chrome Remote Desktop', 13300000000000000n) // visits expired
  insertUrl(db, 7, 'https://zero.example/', 'zero', 0n)
  insertVisit(db, {id: 10, urlId: 1, time: 13354074123123456n, transition: TYPED_CHAIN, durationUs: 61_500_000})
  insertVisit(db, {id: 11, urlId: 2, time: 13354074300000001n, transition: LINK_CHAIN, fromVisit: 10})
  // synced from another device: originator_cache_guid set (§2.3, §2.8)
  insertVisit(db, {id: 12, urlId: 3, time: 13354074370500000n, transition: LINK_CHAIN, originatorGuid: 'kZ3x9rQnF0aWQ=='})
  insertVisit(db, {id: 13, urlId: 4, time: 13354074420999999n, transition: TYPED_ADDRESS_BAR_SIGNED})
  insertVisit(db, {id: 14, urlId: 5, time: 13354074100000000n, transition: 0x30000005}) // GENERATED
  insertVisit(db, {id: 15, urlId: 7, time: 0n, transition: LINK_CHAIN}) // time 0 = unset
  // visit_source: 0 SYNCED, 3 FIREFOX_IMPORTED (§2.3)
  db.prepare('INSERT INTO visit_source (id, source) VALUES (?, ?)').run(13, 0)
  db.prepare('INSERT INTO visit_source (id, source) VALUES (?, ?)').run(14, 5)
  db.prepare(`INSERT INTO downloads (id, guid, current_path, target_path, start_time, received_bytes, total_bytes, state, danger_type,
      interrupt_reason, hash, end_time, opened, last_access_time, transient, referrer, site_url, embedder_download_data, tab_url,
      tab_referrer_url, http_method, by_ext_id, by_ext_name, by_web_app_id, etag, last_modified, mime_type, original_mime_type)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, '', '', ?, '', 'GET', '', '', '', '', '', ?, ?)`).run(
    1, '0F5C1A2B-0000-4000-8000-000000000001', 'C:\\Users\\alice\\Downloads\\AnyDesk.exe', 'C:\\Users\\alice\\Downloads\\AnyDesk.exe',
    13354074310000000n, 5_242_880, 5_242_880, 1, 0, 0, Buffer.alloc(32, 0xab), 13354074312500000n, 1, 13354074400000000n,
    'https://anydesk.com/', 'https://anydesk.com/en/downloads/windows', 'application/x-msdownload', 'application/octet-stream',
  )
  db.prepare(`INSERT INTO downloads (id, guid, current_path, target_path, start_time, received_bytes, total_bytes, state, danger_type,
      interrupt_reason, hash, end_time, opened, last_access_time, transient, referrer, site_url, embedder_download_data, tab_url,
      tab_referrer_url, http_method, by_ext_id, by_ext_name, by_web_app_id, etag, last_modified, mime_type, original_mime_type)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, x'', ?, 0, 0, 0, '', '', '', '', '', '', '', '', '', '', '', '', '')`).run(
    2, '0F5C1A2B-0000-4000-8000-000000000002', 'C:\\Users\\alice\\Downloads\\astrill-setup-win.exe.crdownload',
    'C:\\Users\\alice\\Downloads\\astrill-setup-win.exe', 13354074430000000n, 1000, 9_000_000, 4, 1, 40, 0n,
  )
  // chain: first URL -> redirect -> final URL (§2.3 downloads_url_chains)
  const chain = db.prepare('INSERT INTO downloads_url_chains (id, chain_index, url) VALUES (?, ?, ?)')
  chain.run(1, 0, 'https://anydesk.com/en/downloads/windows?dl=1')
  chain.run(1, 1, 'https://download.anydesk.com/redirect/AnyDesk.exe')
  chain.run(1, 2, 'https://download.anydesk.com/AnyDesk.exe')
  chain.run(2, 0, 'https://www.astrill.com/downloads/astrill-setup-win.exe')
  db.prepare('INSERT INTO keyword_search_terms (keyword_id, url_id, term, normalized_term) VALUES (?, ?, ?, ?)').run(2, 5, 'Astrill VPN download', 'astrill vpn download')
  db.close()
  return path
}

describe('Chromium v70 History with downloads, sync and import (built from history.70.sql)', () => {
  const dir = join(root, 'brave')
  buildBrave(dir)

  it('visits: transitions, durations, referrer visit, synced and imported flags, null time for 0', async () => {
    const {artifacts, events} = await scanWith(dir, {parsers})
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]).toMatchObject({kind: 'browser.chromium_history', status: 'parsed', events: 10})
    const visits = events.filter((e) => e.type === 'browser.visit')
    expect(visits.map((e) => e.location)).toEqual(['visits row 14', 'visits row 10', 'visits row 11', 'visits row 12', 'visits row 13', 'visits row 15'])
    const [search, pay, any, drive, astrill, zero] = visits as [typeof visits[0], typeof visits[0], typeof visits[0], typeof visits[0], typeof visits[0], typeof visits[0]]
    expect(pay).toMatchObject({time: '2024-03-05T01:02:03.123456Z', timeBasis: 'utc'})
    expect(pay.fields).toMatchObject({
      browser: 'Brave', profile: 'Profile 2', user: 'alice', url: 'https://www.payoneer.com/', title: 'Payoneer',
      transition: 'typed', transition_qualifiers: 'chain_start,chain_end', visit_duration_s: 61.5, visit_count: 1, typed_count: 1,
      synced: false, imported: false, visit_id: 10, url_id: 1,
    })
    expect(pay.message).toBe('Brave (Profile 2) visit https://www.payoneer.com/ "Payoneer" [typed]')
    expect(any).toMatchObject({time: '2024-03-05T01:05:00.000001Z'})
    expect(any.fields).toMatchObject({from_visit: 10, transition: 'link'})
    expect(drive).toMatchObject({time: '2024-03-05T01:06:10.500000Z'})
    expect(drive.fields).toMatchObject({synced: true, originator_cache_guid: 'kZ3x9rQnF0aWQ==', imported: false})
    expect(drive.message).toContain('synced from another device')
    expect(astrill).toMatchObject({time: '2024-03-05T01:07:00.999999Z'})
    expect(astrill.fields).toMatchObject({
      synced: true, visit_source: 'synced', transition: 'typed',
      transition_qualifiers: 'from_address_bar,chain_end,server_redirect', transition_raw: 0xa2000001,
    })
    expect(search.fields).toMatchObject({imported: true, visit_source: 'imported_safari', transition: 'generated'})
    expect(zero).toMatchObject({time: null, timeBasis: 'unknown'})
    expect(zero.fields.url).toBe('https://zero.example/')
  })

  it('URL rows without visits are kept as browser.url with their last visit time', async () => {
    const {events} = await scanWith(dir, {parsers})
    const urls = events.filter((e) => e.type === 'browser.url')
    expect(urls).toHaveLength(1)
    // 13300000000000000 WebKit µs = 1655526400 s Unix
    expect(urls[0]).toMatchObject({time: '2022-06-18T04:26:40.000000Z', location: 'urls row 6'})
    expect(urls[0]!.fields).toMatchObject({url: 'https://remotedesktop.google.com/access', browser: 'Brave'})
  })

  it('downloads: chain collapsed to first/final URL, state, danger, interrupt, hash, times', async () => {
    const {events} = await scanWith(dir, {parsers})
    const dl = events.filter((e) => e.type === 'browser.download')
    expect(dl).toHaveLength(2)
    expect(dl[0]).toMatchObject({time: '2024-03-05T01:05:10.000000Z', location: 'downloads row 1', timestampDesc: 'Download start'})
    expect(dl[0]!.fields).toMatchObject({
      url: 'https://download.anydesk.com/AnyDesk.exe',
      first_url: 'https://anydesk.com/en/downloads/windows?dl=1',
      url_chain: 'https://anydesk.com/en/downloads/windows?dl=1 -> https://download.anydesk.com/redirect/AnyDesk.exe -> https://download.anydesk.com/AnyDesk.exe',
      hops: 3, target_path: 'C:\\Users\\alice\\Downloads\\AnyDesk.exe', file_name: 'AnyDesk.exe',
      received_bytes: 5242880, total_bytes: 5242880, state: 'complete', danger_type: 'not_dangerous',
      mime: 'application/x-msdownload', original_mime: 'application/octet-stream', referrer: 'https://anydesk.com/',
      tab_url: 'https://anydesk.com/en/downloads/windows', start_time: '2024-03-05T01:05:10.000000Z',
      end_time: '2024-03-05T01:05:12.500000Z', last_access_time: '2024-03-05T01:06:40.000000Z', opened: true,
      sha256: 'ab'.repeat(32), http_method: 'GET', user: 'alice', profile: 'Profile 2',
    })
    expect(dl[0]!.fields.current_path).toBeUndefined()
    expect(dl[0]!.raw).toContain('"start_time":13354074310000000')
    expect(dl[1]).toMatchObject({time: '2024-03-05T01:07:10.000000Z', location: 'downloads row 2'})
    expect(dl[1]!.fields).toMatchObject({
      url: 'https://www.astrill.com/downloads/astrill-setup-win.exe', first_url: 'https://www.astrill.com/downloads/astrill-setup-win.exe', hops: 1,
      target_path: 'C:\\Users\\alice\\Downloads\\astrill-setup-win.exe',
      current_path: 'C:\\Users\\alice\\Downloads\\astrill-setup-win.exe.crdownload',
      received_bytes: 1000, total_bytes: 9000000, state: 'interrupted', danger_type: 'dangerous_file', interrupt_reason: 'user_canceled',
    })
    // end_time 0 and empty hash: not reported
    expect(dl[1]!.fields.end_time).toBeUndefined()
    expect(dl[1]!.fields.sha256).toBeUndefined()
    expect(dl[1]!.message).toBe(
      'Brave (Profile 2) download https://www.astrill.com/downloads/astrill-setup-win.exe -> C:\\Users\\alice\\Downloads\\astrill-setup-win.exe [interrupted, dangerous_file]',
    )
  })

  it('search terms (v70 normalized_term) timed by the search URL', async () => {
    const {events} = await scanWith(dir, {parsers})
    const s = events.filter((e) => e.type === 'browser.search')
    expect(s).toHaveLength(1)
    expect(s[0]).toMatchObject({time: '2024-03-05T01:01:40.000000Z', location: 'keyword_search_terms row 1'})
    expect(s[0]!.fields).toMatchObject({term: 'Astrill VPN download', normalized_term: 'astrill vpn download', url: 'https://www.google.com/search?q=astrill+vpn+download', url_id: 5})
  })

  it('a renamed copy is recognised by its tables, not its name', async () => {
    const d = join(root, 'renamed')
    mkdirSync(d, {recursive: true})
    copyFileSync(join(dir, 'Users/alice/AppData/Local/BraveSoftware/Brave-Browser/User Data/Profile 2/History'), join(d, 'suspect-browser-copy.db'))
    const {artifacts, events} = await scanWith(d, {parsers})
    expect(artifacts.map((a) => [a.kind, a.status])).toEqual([['browser.chromium_history', 'parsed']])
    expect(events.filter((e) => e.type === 'browser.visit')).toHaveLength(6)
    expect(events[0]!.fields.browser).toBe('Chromium-based')
  })
})

describe('Firefox places.sqlite with download annotations (§3.4)', () => {
  const dir = join(root, 'firefox')
  const path = join(dir, 'home/bob/.mozilla/firefox/x1y2z3.default-release/places.sqlite')
  const db = createFirefoxPlaces(path)
  db.prepare('INSERT INTO moz_places (id, url, title, visit_count, typed, last_visit_date) VALUES (?, ?, ?, ?, ?, ?)')
    .run(1, 'https://download.anydesk.com/AnyDesk.exe', 'AnyDesk.exe', 1, 0, 1555307790123456n)
  db.prepare('INSERT INTO moz_places (id, url, title, visit_count, typed, last_visit_date) VALUES (?, ?, ?, ?, ?, ?)')
    .run(2, 'https://www.payoneer.com/', 'Payoneer', 1, 1, 1555307700000000n)
  db.prepare('INSERT INTO moz_historyvisits (id, from_visit, place_id, visit_date, visit_type, session, source) VALUES (?, ?, ?, ?, ?, 0, ?)')
    .run(1, 0, 2, 1555307700000000n, 2, 0)
  // §3.4: a visit_type 7 (DOWNLOAD) visit at download time
  db.prepare('INSERT INTO moz_historyvisits (id, from_visit, place_id, visit_date, visit_type, session, source) VALUES (?, ?, ?, ?, ?, 0, ?)')
    .run(2, 1, 1, 1555307790123456n, 7, 0)
  db.prepare('INSERT INTO moz_anno_attributes (id, name) VALUES (?, ?)').run(1, 'downloads/destinationFileURI')
  db.prepare('INSERT INTO moz_anno_attributes (id, name) VALUES (?, ?)').run(2, 'downloads/metaData')
  db.prepare('INSERT INTO moz_annos (id, place_id, anno_attribute_id, content, flags, expiration, type, dateAdded, lastModified) VALUES (?, ?, ?, ?, 0, 4, 3, ?, ?)')
    .run(5, 1, 1, 'file:///C:/Users/bob/Downloads/AnyDesk%20(1).exe', 1555307790123456n, 1555307790123456n)
  // metaData JSON as in §3.4: endTime in milliseconds
  db.prepare('INSERT INTO moz_annos (id, place_id, anno_attribute_id, content, flags, expiration, type, dateAdded, lastModified) VALUES (?, ?, ?, ?, 0, 4, 3, ?, ?)')
    .run(6, 1, 2, '{"state":1,"endTime":1555307800304,"fileSize":72686264}', 1555307800304000n, 1555307800304000n)
  db.close()

  it('emits visits with visit type and a download from moz_annos', async () => {
    const {artifacts, events} = await scanWith(dir, {parsers})
    expect(artifacts).toMatchObject([{kind: 'browser.firefox_places', status: 'parsed', events: 3}])
    const visits = events.filter((e) => e.type === 'browser.visit')
    expect(visits.map((e) => [e.time, e.fields.transition, e.fields.visit_source])).toEqual([
      ['2019-04-15T05:55:00.000000Z', 'typed', 'organic'],
      ['2019-04-15T05:56:30.123456Z', 'download', 'organic'],
    ])
    expect(visits[0]!.fields).toMatchObject({browser: 'Firefox', profile: 'x1y2z3.default-release', user: 'bob', url: 'https://www.payoneer.com/'})
    // Firefox keeps no per-visit sync flag (§3.5): not asserted either way
    expect('synced' in visits[0]!.fields).toBe(false)
    const dl = events.find((e) => e.type === 'browser.download')!
    expect(dl).toMatchObject({time: '2019-04-15T05:56:30.123456Z', location: 'moz_annos row 5'})
    expect(dl.fields).toMatchObject({
      url: 'https://download.anydesk.com/AnyDesk.exe', target_uri: 'file:///C:/Users/bob/Downloads/AnyDesk%20(1).exe',
      target_path: 'C:/Users/bob/Downloads/AnyDesk (1).exe', file_name: 'AnyDesk (1).exe', state: 'finished',
      total_bytes: 72686264, received_bytes: 72686264, end_time: '2019-04-15T05:56:40.304000Z', user: 'bob',
    })
  })

  it('bad metaData JSON is a warning, the download is still emitted', async () => {
    const d2 = join(root, 'firefox-badjson', 'home/bob/.mozilla/firefox/p.default/places.sqlite')
    mkdirSync(join(d2, '..'), {recursive: true})
    copyFileSync(path, d2)
    const w = new Database(d2)
    w.prepare('UPDATE moz_annos SET content = ? WHERE id = 6').run('{"state":1,')
    w.close()
    const {artifacts, events} = await scanWith(join(root, 'firefox-badjson'), {parsers})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings).toEqual(['moz_annos row 5: downloads/metaData is not valid JSON'])
    expect(events.filter((e) => e.type === 'browser.download')).toHaveLength(1)
  })
})

describe('WAL-mode evidence: rows only in -wal are read, evidence stays byte-identical (§1.2, §1.3)', () => {
  it('reads the un-checkpointed WAL rows through the copy and leaves no -shm or other file behind', async () => {
    const work = join(root, 'wal-writer')
    const writerPath = join(work, 'History')
    const w = createChromiumV70(writerPath)
    insertUrl(w, 1, 'https://checkpointed.example/', 'in main file', 13354074123123456n)
    insertVisit(w, {id: 1, urlId: 1, time: 13354074123123456n, transition: LINK_CHAIN})
    w.pragma('journal_mode = WAL')
    w.pragma('wal_autocheckpoint = 0') // keep later commits in -wal only
    w.pragma('wal_checkpoint(TRUNCATE)')
    insertUrl(w, 2, 'https://www.astrill.com/wal-only', 'only in WAL', 13354074420999999n)
    insertVisit(w, {id: 2, urlId: 2, time: 13354074420999999n, transition: TYPED_CHAIN})
    // collect while the writer is still open, as a live-system collector would (§8): DB + -wal, no -shm
    const evidence = join(root, 'wal-evidence')
    const profile = join(evidence, 'Users/carol/AppData/Local/Microsoft/Edge/User Data/Default')
    mkdirSync(profile, {recursive: true})
    copyFileSync(writerPath, join(profile, 'History'))
    copyFileSync(writerPath + '-wal', join(profile, 'History-wal'))
    w.close()

    // proof the second row is not in the main file: a copy of the main file alone shows one visit
    const alone = join(root, 'wal-main-only')
    mkdirSync(alone)
    copyFileSync(join(profile, 'History'), join(alone, 'History'))
    const mainOnly = new Database(join(alone, 'History'), {fileMustExist: true})
    expect((mainOnly.prepare('SELECT count(*) AS n FROM visits').get() as {n: number}).n).toBe(1)
    mainOnly.close()
    expect(readFileSync(join(profile, 'History-wal')).length).toBeGreaterThan(0)

    const before = snapshotTree(evidence)
    const {artifacts, events} = await scanWith(evidence, {parsers})
    expect(snapshotTree(evidence)).toEqual(before)
    expect(readdirSync(profile).sort()).toEqual(['History', 'History-wal'])

    // the -wal file itself is not an artifact; the DB is read with it
    expect(artifacts.map((a) => [a.path, a.status])).toEqual([['Users/carol/AppData/Local/Microsoft/Edge/User Data/Default/History', 'parsed']])
    const visits = events.filter((e) => e.type === 'browser.visit')
    expect(visits.map((e) => [e.time, e.fields.url])).toEqual([
      ['2024-03-05T01:02:03.123456Z', 'https://checkpointed.example/'],
      ['2024-03-05T01:07:00.999999Z', 'https://www.astrill.com/wal-only'],
    ])
    expect(visits[1]!.fields).toMatchObject({browser: 'Edge', profile: 'Default', user: 'carol', transition: 'typed'})
  })

  it('a hot rollback journal is rolled back in the copy: the uncommitted value is not read', async () => {
    const work = join(root, 'hot-writer')
    const writerPath = join(work, 'History')
    const w = createChromiumV70(writerPath)
    insertUrl(w, 1, 'https://committed.example/', 'committed title', 13354074123123456n)
    insertVisit(w, {id: 1, urlId: 1, time: 13354074123123456n, transition: LINK_CHAIN})
    w.pragma('cache_size = 1') // spill so the uncommitted change reaches the main file
    w.exec('BEGIN')
    w.prepare('UPDATE urls SET title = ? WHERE id = 1').run('UNCOMMITTED')
    for (let i = 0; i < 300; i++) insertUrl(w, 100 + i, `https://filler.example/${i}/${'x'.repeat(200)}`, 'filler', 1n)
    const evidence = join(root, 'hot-evidence')
    const profile = join(evidence, 'Users/dan/AppData/Local/Google/Chrome/User Data/Default')
    mkdirSync(profile, {recursive: true})
    copyFileSync(writerPath, join(profile, 'History'))
    copyFileSync(writerPath + '-journal', join(profile, 'History-journal'))
    w.exec('ROLLBACK')
    w.close()
    // proof the journal is hot: the main file alone holds the uncommitted (torn) state (§1.2)
    const alone = join(root, 'hot-main-only')
    mkdirSync(alone)
    copyFileSync(join(profile, 'History'), join(alone, 'History'))
    const mainOnly = new Database(join(alone, 'History'), {fileMustExist: true})
    expect((mainOnly.prepare('SELECT title FROM urls WHERE id = 1').get() as {title: string}).title).toBe('UNCOMMITTED')
    mainOnly.close()

    const before = snapshotTree(evidence)
    const {artifacts, events} = await scanWith(evidence, {parsers})
    expect(snapshotTree(evidence)).toEqual(before)
    expect(artifacts.map((a) => a.status)).toEqual(['parsed'])
    const visits = events.filter((e) => e.type === 'browser.visit')
    expect(visits).toHaveLength(1)
    expect(visits[0]!.fields.title).toBe('committed title')
    expect(events.some((e) => e.fields.url?.toString().startsWith('https://filler.example/'))).toBe(false)
  })
})

describe('broken files named History are failed/partial artifacts with a reason, never a crash (§1.3 step 8)', () => {
  const dir = join(root, 'broken')
  const prof = (p: string) => join(dir, CHROME_WIN('eve', p))
  // a good DB large enough to span many pages, then a truncated copy of it
  const good = createChromiumV70(prof('Default'))
  const insU = good.prepare('INSERT INTO urls (id, url, title, visit_count, typed_count, last_visit_time, hidden) VALUES (?, ?, ?, 1, 0, ?, 0)')
  const insV = good.prepare('INSERT INTO visits (id, url, visit_time, from_visit, transition, segment_id, visit_duration) VALUES (?, ?, ?, 0, 805306368, 0, 0)')
  good.transaction(() => {
    for (let i = 1; i <= 3000; i++) {
      insU.run(i, `https://site${i}.example/${'p'.repeat(80)}`, `title ${i}`, 13354074123123456n + BigInt(i))
      insV.run(i, i, 13354074123123456n + BigInt(i))
    }
  })()
  good.close()
  const goodBytes = readFileSync(prof('Default'))
  mkdirSync(join(prof('Profile 1'), '..'), {recursive: true})
  writeFileSync(prof('Profile 1'), goodBytes.subarray(0, Math.floor(goodBytes.length / 2)))
  // cut near the end with the header's page count (offset 28, big-endian) matching the cut, as a
  // carved copy can be: the schema survives, rows on the lost pages do not
  mkdirSync(join(prof('Profile 6'), '..'), {recursive: true})
  const cut = Buffer.from(goodBytes.subarray(0, goodBytes.length - 40960))
  cut.writeUInt32BE(cut.length / goodBytes.readUInt16BE(16), 28)
  writeFileSync(prof('Profile 6'), cut)
  // "encrypted": deterministic pseudo-random bytes, no SQLite header
  mkdirSync(join(prof('Profile 2'), '..'), {recursive: true})
  const enc = Buffer.alloc(32768)
  let x = 0x12345678
  for (let i = 0; i < enc.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    enc[i] = x >>> 24
  }
  writeFileSync(prof('Profile 2'), enc)
  mkdirSync(join(prof('Profile 3'), '..'), {recursive: true})
  writeFileSync(prof('Profile 3'), 'this is a text file, not a browser database\n')
  // SQLite, but not a History DB
  mkdirSync(join(prof('Profile 4'), '..'), {recursive: true})
  const other = new Database(prof('Profile 4'))
  other.exec('CREATE TABLE cookies (host_key TEXT, name TEXT, value TEXT)')
  other.close()
  // header only: 60 bytes
  mkdirSync(join(prof('Profile 5'), '..'), {recursive: true})
  writeFileSync(prof('Profile 5'), goodBytes.subarray(0, 60))

  it('scans the folder: good DB parsed, each broken one reported', async () => {
    const before = snapshotTree(dir)
    const {artifacts, events} = await scanWith(dir, {parsers})
    expect(snapshotTree(dir)).toEqual(before)
    const by = new Map(artifacts.map((a) => [a.path.split('/').at(-2), a]))
    expect(by.get('Default')).toMatchObject({status: 'parsed', events: 3000})
    expect(events.filter((e) => e.artifact.includes('/Default/'))).toHaveLength(3000)

    // truncated in half: the header promises pages the file lacks, SQLite refuses it at open
    expect(by.get('Profile 1')).toMatchObject({status: 'failed', events: 0})
    expect(by.get('Profile 1')!.warnings).toEqual(['parsing stopped: damaged or truncated SQLite database (database disk image is malformed)'])
    // truncated with a consistent header: rows before the lost pages are kept (counts depend on
    // the page layout of the bundled SQLite 3.53). Since #17 the URL rows are read on their own
    // (not joined per visit): all 3000 visits survive, the 96 whose URL row was lost without URL.
    const partial = by.get('Profile 6')!
    expect(partial).toMatchObject({status: 'partial', events: 3000})
    expect(partial.warnings).toEqual([
      expect.stringMatching(/^SQLite integrity check reports damage \(\*\*\* in database main \*\*\*\nTree \d+ page \d+ cell 0: invalid page number \d+/),
      'urls: reading stopped after 2904 row(s): database disk image is malformed',
      'urls row 2905: database disk image is malformed',
      'urls: 96 URL rows could not be read; their visits are kept without URL, title and counts',
      // the URL rows without visits (parseUrlOnly), as before
      'urls: reading stopped after 0 row(s): database disk image is malformed',
    ])
    const lost = events.filter((e) => e.artifact.includes('/Profile 6/') && e.type === 'browser.visit' && e.fields.url === undefined)
    expect(lost.map((e) => e.location)).toEqual(Array.from({length: 96}, (_, i) => `visits row ${2905 + i}`))

    expect(by.get('Profile 2')).toMatchObject({status: 'failed', events: 0})
    expect(by.get('Profile 2')!.warnings).toEqual([
      'parsing stopped: not a SQLite database: no "SQLite format 3" header (encrypted, damaged or another format)',
    ])
    expect(by.get('Profile 3')).toMatchObject({status: 'failed', events: 0})
    expect(by.get('Profile 3')!.warnings[0]).toMatch(/no "SQLite format 3" header/)
    expect(by.get('Profile 4')).toMatchObject({status: 'failed'})
    expect(by.get('Profile 4')!.warnings).toEqual(['parsing stopped: SQLite file named History is not a Chromium History DB (no urls, visits table)'])
    expect(by.get('Profile 5')).toMatchObject({status: 'failed'})
    expect(by.get('Profile 5')!.warnings).toEqual(['parsing stopped: truncated SQLite database: 60 bytes, shorter than the 100-byte header'])
  })

  it('a SQLite file that is not a history DB and not named like one produces nothing', async () => {
    const d = join(root, 'not-history')
    mkdirSync(d, {recursive: true})
    const db = new Database(join(d, 'settings.sqlite'))
    db.exec('CREATE TABLE prefs (k TEXT, v TEXT); INSERT INTO prefs VALUES (\'a\', \'b\')')
    db.close()
    // a text file named History outside any browser profile is not claimed either
    writeFileSync(join(d, 'History'), 'shell history\n')
    const {artifacts, events} = await scanWith(d, {parsers})
    expect(artifacts).toEqual([])
    expect(events).toEqual([])
  })
})

describe('History through the pipeline (#17): raw row only on visits an indicator matched', () => {
  const dir = join(root, 'pipeline')
  buildBrave(dir)

  it('a Payoneer visit keeps its joined row as raw; an unmatched visit keeps only its locator', async () => {
    const ctx = contextFromFiles({})
    const c = await processCase({evidence: dir, caseId: 'c1'}, ctx)
    const visits = c.events.filter((e) => e.type === 'browser.visit')
    const pay = visits.find((e) => e.location === 'visits row 10')!
    const zero = visits.find((e) => e.location === 'visits row 15')!
    expect(pay.indicators).toEqual(['PAY-01'])
    expect(pay.raw).toBe(PAY_RAW)
    expect(zero.indicators).toEqual([])
    expect(zero.raw).toBeUndefined()
    expect(zero.fields).toMatchObject({url: 'https://zero.example/', visit_id: 15, url_id: 7})
    // every matched visit has its row, every unmatched one none
    for (const v of visits) expect(v.raw !== undefined).toBe(v.indicators.length > 0)
  })

  it('without matching (parser level) every visit has its raw row, the same text', async () => {
    const {events} = await scanWith(dir, {parsers})
    expect(events.find((e) => e.location === 'visits row 10')!.raw).toBe(PAY_RAW)
    expect(events.find((e) => e.location === 'visits row 15')!.raw).toContain('"visit_id":15,"url_id":7,"visit_time":0,')
  })
})

// visits row 10 joined to urls row 1 as inserted by buildBrave (columns in schema v70 order)
const PAY_RAW =
  '{"visit_id":10,"url_id":1,"visit_time":13354074123123456,"from_visit":0,"transition":805306369,"visit_duration":61500000,' +
  '"opener_visit":null,"originator_cache_guid":"","external_referrer_url":null,"app_id":null,' +
  '"url":"https://www.payoneer.com/","title":"Payoneer","visit_count":1,"typed_count":1,"hidden":0,"visit_source":null}'

describe('a large History gives the event loop a turn while it is read (Ctrl-C is handled promptly)', () => {
  it('an immediate scheduled at the first visit runs before the last visit is emitted', async () => {
    const VISITS = 50_000
    const dir = join(root, 'big-history')
    const db = createChromiumV70(join(dir, CHROME_WIN('w', 'Default')))
    db.transaction(() => {
      for (let i = 1; i <= VISITS; i++) {
        const t = 13_350_000_000_000_000n + BigInt(i) * 1_000_000n
        insertUrl(db, i, `https://example.com/${i}`, `page ${i}`, t)
        insertVisit(db, {id: i, urlId: i, time: t, transition: LINK_CHAIN})
      }
    })()
    db.close()
    let visits = 0
    let atTurn = -1
    await scanCase(dir, {caseId: 'big', parsers, onEvent: (e) => {
      if (e.type !== 'browser.visit') return
      if (visits++ === 0) setImmediate(() => void (atTurn = visits))
    }})
    expect(visits).toBe(VISITS)
    // the loop got its turn before the table was done (a SIGINT handler would have run there)
    expect(atTurn).toBeGreaterThan(0)
    expect(atTurn).toBeLessThan(VISITS)
  }, 60_000)
})
