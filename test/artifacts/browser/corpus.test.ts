// Browser parsers on every real DB of the shared corpus, with the oracle values of
// shared/reference/browser-history.md §8–9, shared/corpus/README.md and PROVENANCE.tsv
// (times decoded with integer math, exact to the microsecond).
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BROWSER_PARSERS} from '../../../src/artifacts/browser/index.js'
import type {TimelineEvent} from '../../../src/lib/model.js'
import {snapshotTree} from '../../support/evidence-guard.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'

const parsers = [...BROWSER_PARSERS]
const browser = corpusPath('browser')

async function scanCase(folder: string) {
  return scanWith(join(browser, folder), {parsers})
}
const of = (events: TimelineEvent[], type: string) => events.filter((e) => e.type === type)

describe.skipIf(!HAS_CORPUS)('browser history on the real corpus', () => {
  it('scans the whole browser corpus: 12 DBs recognised by content, none failed, evidence untouched', async () => {
    const before = snapshotTree(browser)
    const {artifacts, warnings} = await scanWith(browser, {parsers})
    expect(snapshotTree(browser)).toEqual(before)
    expect(warnings).toEqual([])
    // history.70.sql is text, not a DB: not claimed
    expect(artifacts.map((a) => [a.sha256.slice(0, 12), a.kind, a.status]).sort()).toEqual([
      ['030443801d0b', 'browser.chromium_history', 'parsed'], // Opera v43
      ['09124eaee2f8', 'browser.chromium_history', 'parsed'], // Epic v59
      ['10ba7a1d6cd6', 'browser.chromium_history', 'parsed'], // Chrome 30 v28
      ['2e87d99d0bc7', 'browser.safari_history', 'parsed'], // Safari 2017
      ['5be1d3e39120', 'browser.safari_history', 'parsed'], // Safari 2020
      ['6fa1cce13bbb', 'browser.firefox_downloads', 'parsed'], // Firefox legacy downloads
      ['9b86eb2bcf09', 'browser.chromium_history', 'parsed'], // Chromium v70 schema-only
      ['b907e4a34e38', 'browser.firefox_places', 'parsed'], // LibreWolf v58
      ['c184fd5fdf72', 'browser.chromium_history', 'parsed'], // Chrome v20
      ['c9f52bd6d408', 'browser.chromium_history', 'parsed'], // Chrome 60 v36
      ['cd37cc6891ed', 'browser.firefox_places', 'parsed'], // Firefox v10
      ['d48460943b3e', 'browser.chromium_history', 'parsed'], // Edge v43
    ])
    expect(artifacts.every((a) => a.warnings.length === 0)).toBe(true)
  })

  it('Chrome v20 (plaso): 69 visits, 15 Firefox-imported, legacy downloads in Unix seconds, 3 search terms', async () => {
    const {artifacts, events} = await scanCase('chrome-v20-plaso')
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]).toMatchObject({status: 'parsed', events: 74, sha256: 'c184fd5fdf72b75c26f8bb816619f04892e776ae6e2f5512f796d9807a12fbb3'})
    const visits = of(events, 'browser.visit')
    expect(visits).toHaveLength(69)
    expect(visits[0]!.time).toBe('2011-04-07T12:03:11.000000Z')
    expect(visits.at(-1)!.time).toBe('2011-05-23T08:37:27.061516Z')
    expect(visits.every((e) => e.timeBasis === 'utc' && e.fields.browser === 'Chrome' && e.fields.profile === 'Default' && e.fields.user === 'john')).toBe(true)
    // visit_source: 15 rows, all 3 = FIREFOX_IMPORTED (§8 row 1); visits without a row are local
    const imported = visits.filter((e) => e.fields.imported === true)
    expect(imported).toHaveLength(15)
    expect(imported.every((e) => e.fields.visit_source === 'imported_firefox' && e.fields.synced === false)).toBe(true)
    expect(visits.filter((e) => e.fields.imported === false && e.fields.visit_source === undefined)).toHaveLength(54)
    expect(visits[0]!.message).toContain('imported_firefox')
    // unsigned transition 2684354563 = 0xA0000003 (§0 rule 5, §2.5)
    const sub = visits.find((e) => e.location === 'visits row 18')!
    expect(sub.time).toBe('2011-05-23T08:34:23.262613Z')
    expect(sub.fields).toMatchObject({transition: 'auto_subframe', transition_qualifiers: 'chain_end,server_redirect', transition_raw: 2684354563})
    // v20 has no visit_duration column (§2.7: 20→21)
    expect(visits.some((e) => 'visit_duration_s' in e.fields)).toBe(false)
    expect(visits[0]!.raw).toBe(
      '{"visit_id":1,"url_id":1,"visit_time":12946651391000000,"from_visit":0,"transition":805306368,' +
        '"url":"http://start.ubuntu.com/10.04/Google/","title":"Ubuntu Start Page","visit_count":4,"typed_count":0,"hidden":0,"visit_source":3}',
    )

    const dl = of(events, 'browser.download')
    expect(dl).toHaveLength(2)
    expect(dl[0]).toMatchObject({time: '2011-05-23T08:35:30.000000Z', timePrecision: 'second', location: 'downloads row 1'})
    expect(dl[0]!.fields).toMatchObject({
      url: 'http://fatloss4idiotsx.com/download/funcats/funcats_scr.exe',
      first_url: 'http://fatloss4idiotsx.com/download/funcats/funcats_scr.exe',
      target_path: '/home/john/Downloads/funcats_scr.exe', file_name: 'funcats_scr.exe',
      received_bytes: 1132155, total_bytes: 1132155, state: 'complete', user: 'john',
    })
    expect(dl[0]!.raw).toContain('"start_time":1306139730')
    expect(dl[1]).toMatchObject({time: '2011-05-23T08:36:05.000000Z'})
    expect(dl[1]!.fields.target_path).toBe('/home/john/Downloads/Cats Demo.exe')

    const s = of(events, 'browser.search')
    expect(s.map((e) => e.fields.term)).toEqual(['funny cats', 'really really funny cats', 'funnycats.exe'])
    expect(s[0]!.location).toBe('keyword_search_terms row 1')
    expect(s[0]!.fields.url).toMatch(/^http/)
  })

  it('Chrome 30 (v28, hindsight): 46 visits, oracle visit .326712, download Hard_disk.jpg .397160, 5 searches', async () => {
    const {events} = await scanCase('chrome30-v28-hindsight')
    const visits = of(events, 'browser.visit')
    expect(visits).toHaveLength(46)
    expect(visits[0]!.time).toBe('2013-10-02T23:14:40.644712Z')
    expect(visits.at(-1)!.time?.startsWith('2013-10-02T23:23:53')).toBe(true)
    const wiki = visits.find((e) => e.raw?.includes('"visit_time":13025229313326712'))!
    expect(wiki).toMatchObject({time: '2013-10-02T23:15:13.326712Z', location: 'visits row 5', timestampDesc: 'Visit time'})
    expect(wiki.fields).toMatchObject({
      url: 'http://en.wikipedia.org/wiki/Computer_forensics', user: 'Ryan', browser: 'Chrome', profile: 'Default',
      // 1610612736 = 0x60000000: LINK + CHAIN_END + CLIENT_REDIRECT
      transition: 'link', transition_qualifiers: 'chain_end,client_redirect', transition_raw: 1610612736,
      from_visit: 4, visit_duration_s: 144.798332, visit_count: 2, typed_count: 0, visit_id: 5, url_id: 5,
      synced: false, imported: false,
    })
    const dl = of(events, 'browser.download')
    expect(dl).toHaveLength(2)
    expect(dl[0]).toMatchObject({time: '2013-10-02T23:17:29.397160Z', location: 'downloads row 1'})
    expect(dl[0]!.fields).toMatchObject({
      url: 'http://upload.wikimedia.org/wikipedia/commons/7/7a/Hard_disk.jpg',
      first_url: 'http://upload.wikimedia.org/wikipedia/commons/7/7a/Hard_disk.jpg', hops: 1,
      target_path: 'C:\\Users\\Ryan\\Downloads\\Hard_disk.jpg', received_bytes: 1387537, total_bytes: 1387537,
      state: 'complete', danger_type: 'not_dangerous', end_time: '2013-10-02T23:17:36.367044Z', opened: false,
    })
    expect(dl[1]).toMatchObject({time: '2013-10-02T23:19:38.984769Z'})
    expect(dl[1]!.fields.target_path).toBe('C:\\Users\\Ryan\\Desktop\\ssd.jpg')
    expect(of(events, 'browser.search').map((e) => e.fields.term)).toEqual([
      'computer forensics', '3 tb hard drive', 'file system forensic analysis', 'facebook bill gates', 'twitter colbert',
    ])
  })

  it('Chrome 60 (v36, hindsight): 61 visits, oracle .507863 (not Hindsight .507864), signed transitions, download .088355', async () => {
    const {events} = await scanCase('chrome60-v36-hindsight')
    const visits = of(events, 'browser.visit')
    expect(visits).toHaveLength(61)
    expect(visits[0]!.time).toBe('2017-08-05T22:06:39.432149Z')
    const wiki = visits.find((e) => e.raw?.includes('"visit_time":13146444416507863'))!
    expect(wiki).toMatchObject({time: '2017-08-05T22:06:56.507863Z', location: 'visits row 6'})
    expect(wiki.fields.url).toBe('https://en.wikipedia.org/wiki/Computer_forensics')
    // signed -1610612736 = 0xA0000000 (§0 rule 5)
    const signed = visits.find((e) => e.raw?.includes('"transition":-1610612736'))!
    expect(signed.fields).toMatchObject({transition: 'link', transition_qualifiers: 'chain_end,server_redirect', transition_raw: 2684354560})
    const dl = of(events, 'browser.download')
    expect(dl[0]).toMatchObject({time: '2017-08-05T22:06:52.088355Z', location: 'downloads row 1'})
    expect(dl[0]!.fields).toMatchObject({
      url: 'https://upload.wikimedia.org/wikipedia/commons/7/7a/Hard_disk.jpg',
      target_path: 'C:\\Users\\IEUser\\Downloads\\Hard_disk.jpg', total_bytes: 1387537, mime: 'image/jpeg',
      tab_url: 'https://upload.wikimedia.org/wikipedia/commons/7/7a/Hard_disk.jpg', tab_referrer_url: 'https://en.wikipedia.org/',
      guid: '60CAA82A-C19B-46D9-ACFD-24020DBFA7A3', user: 'IEUser',
    })
    // last_access_time 0 = unset: no 1601 date
    expect(dl[0]!.fields.last_access_time).toBeUndefined()
    expect(of(events, 'browser.search')).toHaveLength(5)
  })

  it('Edge v43 "Profile 1": 3 visits at 2020-09-23 04:52:37', async () => {
    const {events} = await scanCase('edge-v43')
    expect(events).toHaveLength(3)
    expect(events.map((e) => e.time)).toEqual(['2020-09-23T04:52:37.156730Z', '2020-09-23T04:52:37.156730Z', '2020-09-23T04:52:37.337434Z'])
    expect(events.every((e) => e.fields.browser === 'Edge' && e.fields.profile === 'Profile 1' && e.fields.user === 'user')).toBe(true)
    expect(events[0]!.fields).toMatchObject({url: 'http://www.google.com/', transition: 'typed', transition_qualifiers: 'chain_start'})
  })

  it('Opera v43 flat layout with extra urls columns: 6 visits, profile Default', async () => {
    const {artifacts, events} = await scanCase('opera-v43')
    expect(artifacts[0]!.status).toBe('parsed')
    expect(events).toHaveLength(6)
    expect(events[0]).toMatchObject({time: '2020-10-13T09:04:50.315957Z'})
    expect(events.at(-1)!).toMatchObject({time: '2020-10-13T09:04:59.199346Z', location: 'visits row 6'})
    expect(events.at(-1)!.fields).toMatchObject({browser: 'Opera', profile: 'Default', user: 'user', url: 'https://github.com/'})
    // -2147483648 = SERVER_REDIRECT alone on a LINK
    expect(events[1]!.fields).toMatchObject({transition: 'link', transition_qualifiers: 'server_redirect', transition_raw: 2147483648})
  })

  it('Epic v59 on macOS (HiddenReflex/Epic): 7 local visits 14:49:49 → 14:50:24', async () => {
    const {events} = await scanCase('epic-v59-macos')
    expect(events).toHaveLength(7)
    expect(events[0]!.time).toBe('2023-10-27T14:49:49.947936Z')
    expect(events.at(-1)!.time).toBe('2023-10-27T14:50:24.323172Z')
    expect(events[0]!.fields).toMatchObject({browser: 'Epic', profile: 'Default', user: 'user', url: 'https://epicbrowser.com/encrypted_proxy/', visit_duration_s: 18.297729})
    // originator_cache_guid '' = local (§0 rule 6)
    expect(events.every((e) => e.fields.synced === false && e.fields.imported === false)).toBe(true)
    expect(events.find((e) => e.location === 'visits row 6')!.fields.opener_visit).toBe(5)
  })

  it('Chromium v70 schema-only DB: recognised, no events', async () => {
    const {artifacts, events} = await scanCase('chromium-v70-schema')
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]).toMatchObject({kind: 'browser.chromium_history', status: 'parsed', events: 0, logicalPath: 'home/user/.config/chromium/Default/History'})
    expect(events).toEqual([])
  })

  it('Firefox v10 (plaso): 1 typed visit to news.google.com at 11:16:21.371935', async () => {
    const {events} = await scanCase('firefox-v10-plaso')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({type: 'browser.visit', time: '2011-07-01T11:16:21.371935Z', location: 'moz_historyvisits row 1'})
    expect(events[0]!.fields).toMatchObject({
      url: 'http://news.google.com/', title: 'Google News', transition: 'typed', visit_type: 2,
      browser: 'Firefox', profile: 'abcd1234.default', user: 'user', visit_count: 1, typed_count: 1,
    })
    expect(events[0]!.raw).toContain('"visit_date":1309518981371935')
  })

  it('LibreWolf v58: 13 visits (10 link, 3 typed) 12:18:21 → 12:47:27', async () => {
    const {events} = await scanCase('librewolf-v58')
    expect(events).toHaveLength(13)
    expect(events[0]!.time).toBe('2021-09-20T12:18:21.365851Z')
    expect(events.at(-1)!.time).toBe('2021-09-20T12:47:27.863112Z')
    expect(events.filter((e) => e.fields.transition === 'link')).toHaveLength(10)
    expect(events.filter((e) => e.fields.transition === 'typed')).toHaveLength(3)
    expect(events.every((e) => e.fields.browser === 'LibreWolf' && e.fields.profile === 'xyz.default-release' && e.fields.user === 'user')).toBe(true)
    expect(events.at(-1)!.fields).toMatchObject({url: 'https://github.com/', from_visit: 12})
  })

  it('Firefox legacy downloads.sqlite: plaso zip at 18:59:59.312 (PRTime 1374173999312000)', async () => {
    const {events} = await scanCase('firefox-legacy-downloads-plaso')
    expect(events).toHaveLength(1)
    // = 2013-07-18T18:59:59.312Z of the oracle, written to the source's µs precision
    expect(events[0]).toMatchObject({type: 'browser.download', time: '2013-07-18T18:59:59.312000Z', location: 'moz_downloads row 1'})
    expect(events[0]!.fields).toMatchObject({
      url: 'https://plaso.googlecode.com/files/plaso-static-1.0.1-win32-vs2008.zip',
      target_uri: 'file:///D:/plaso-static-1.0.1-win32-vs2008.zip', target_path: 'D:/plaso-static-1.0.1-win32-vs2008.zip',
      end_time: '2013-07-18T19:01:18.578000Z', total_bytes: 15974599, received_bytes: 15974599, state: 'finished',
      mime: 'application/zip', browser: 'Firefox', profile: 'abcd1234.default', user: 'user',
    })
  })

  it('Safari 2017 (plaso): 25 visits 21:23:34 → 21:26:46, tombstones not emitted, redirects kept', async () => {
    const {events} = await scanCase('safari-2017-plaso')
    expect(events).toHaveLength(25)
    expect(events.every((e) => e.type === 'browser.visit')).toBe(true)
    // 531955414.791503 s since 2001 + 978307200 = 1510262614.791503
    expect(events[0]).toMatchObject({time: '2017-11-09T21:23:34.791503Z', location: 'history_visits row 36'})
    expect(events.at(-1)!.time).toBe('2017-11-09T21:26:46.056743Z')
    expect(events[0]!.fields).toMatchObject({
      url: 'http://start.ubuntu.com/current/Google/?sourceid=hp', title: 'Ubuntu Start Page', browser: 'Safari', profile: 'Default',
      user: 'user', synced: false, origin: 0, load_successful: true,
    })
    const fb = events.find((e) => e.location === 'history_visits row 38')!
    expect(fb.fields).toMatchObject({url: 'https://www.facebook.com/', from_visit: 37})
    expect(events.every((e) => e.fields.synced === false)).toBe(true)
  })

  it('Safari 2020: 5 visits from 18:04:28.118028', async () => {
    const {events} = await scanCase('safari-2020')
    expect(events).toHaveLength(5)
    expect(events[0]!.time).toBe('2020-09-29T18:04:28.118028Z')
    expect(events.at(-1)!.time).toBe('2020-09-29T18:05:08.555181Z')
  })
})
