// What a client reads first (issue #15), in HTML and Markdown: the executive summary sentences,
// the key-facts tables (sessions with durations, remote IDs, addresses, each linked to its timeline
// event), the charts' text equivalents, the badges that say what a finding does to the level, and
// the distinct matched values with their counts. On the bundled laptop-farm sample (expected values
// from scripts/make-samples.mjs: AnyDesk sessions of 27,640, 29,910, 26,020, 30,480, 24,300, 3,120
// and 28,800 s) and on a constructed report. Also: one event id everywhere, the id shown in HTML
// and Markdown is the `id`/`event_id` of the JSON, JSONL and CSV exports.
import {createHash} from 'node:crypto'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import type {CaseReport, Report, TimelineEvent} from '../../src/lib/model.js'
import {runScan} from '../../src/lib/run-scan.js'
import {cssString} from '../../src/report/html/assets.js'
import {ROOT} from '../support/corpus.js'
import {reportText} from '../support/report-text.js'

const text = reportText

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64')
const ENT: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'"}
/** The text of an HTML fragment of our writer (tags dropped, the five entities decoded). */
const plain = (h: string) => h.replace(/<br>/g, ' ').replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENT[e]!)
/** Markdown text with its backslash escapes undone. */
const unmd = (s: string) => s.replace(/\\(.)/g, '$1').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&')

/** RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') row.push(cell), (cell = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++
      row.push(cell), rows.push(row), (row = []), (cell = '')
    } else cell += ch
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row)
  return rows
}

/** Rows of the n-th `<table class="kf">` after `from` in the page, each as cell texts. */
function kfRows(page: string, from: string): string[][] {
  const start = page.indexOf(from)
  expect(start, from).toBeGreaterThan(0)
  const table = page.slice(start, page.indexOf('</table>', start))
  return [...table.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) => [...m[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => plain(c[1]!).trim()))
}

/** Rows of the Markdown table under heading `head`, each as unescaped cell texts. */
function mdRows(md: string, head: string): string[][] {
  const lines = md.split('\n')
  let i = lines.indexOf(head)
  expect(i, head).toBeGreaterThan(0)
  while (!lines[i]!.startsWith('|')) i++
  const rows: string[][] = []
  for (i += 2; lines[i]?.startsWith('|'); i++) rows.push(lines[i]!.slice(2, -2).split(/ (?<!\\)\| /).map((c) => unmd(c).trim()))
  return rows
}

/** Items of the Markdown list right after the line `head` (and a blank line). */
function mdList(md: string, head: string): string[] {
  const lines = md.split('\n')
  let i = lines.findIndex((l) => l.startsWith(head))
  expect(i, head).toBeGreaterThan(0)
  while (!lines[i]!.startsWith('- ')) i++
  const out: string[] = []
  for (; lines[i]?.startsWith('- '); i++) out.push(unmd(lines[i]!.slice(2)))
  return out
}

describe('laptop-farm sample: the client-facing part of the report', () => {
  let report: Report
  let page = ''
  let md = ''
  let json: {cases: Array<{events: Array<{id: string; time: string | null; type: string}>}>}
  let jsonl: Array<Record<string, unknown>>
  let csv: string[][]
  beforeAll(async () => {
    report = await runScan({
      evidence: [join(ROOT, 'artifacts-samples', 'laptop-farm')], claimedTz: 'America/Chicago',
      generatedAt: '2026-03-10T08:00:00.000000Z', command: 'dprk-triage scan artifacts-samples/laptop-farm --claimed-tz America/Chicago',
    })
    page = await text('html', report)
    md = await text('md', report)
    json = JSON.parse(await text('json', report))
    jsonl = (await text('jsonl', report)).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    csv = parseCsv(await text('csv', report))
  }, 10 * 60_000)

  const FACTS = [
    'The computer was controlled remotely over AnyDesk and Chrome Remote Desktop: 8 incoming sessions on 7 days between 2 and 9 March 2026 from 2 addresses (203.0.113.77 and 198.51.100.23); 3 lasted a working day or more (longest 8 h 28 min); files were moved through the sessions (Customer-Contracts[.]zip and C:\\Users\\jsmith\\Documents\\Customer-Contracts).',
    'The remote side identified itself as remote IDs 918273645 and 554433221 (aliases kim and user) and the account remote.ops.2291@example[.]net.',
    'VPN or proxy: Astrill VPN client installed; Astrill VPN web site visited or client downloaded (on 2 March 2026).',
    'Data leaving the company: Upload to a personal cloud-storage service; Files moved through a remote-access session; Cloud-storage sync client or site used; Archive of source files or documents staged (on 4 March 2026).',
    'Virtual camera: SplitCam virtual camera (named in Secureworks investigations); Virtual-camera software installed (on 5 March 2026).',
  ]
  const VERDICT = 'Level HIGH: a combination of indicators strongly consistent with the reported North Korean IT-worker scheme (score 97 of 100).'
  const DECIDED = 'The level is set by these combinations: Astrill VPN together with an unsanctioned remote-access tool; Incoming remote-control sessions, activity at night in the claimed zone, and payment services.'

  it('executive summary: the verdict, what set it, five fact sentences, what could not be evaluated, the review caveat', () => {
    expect(page).toContain(`<p class="big"><span class="lvl s-high">high</span> ${VERDICT}</p><p>${DECIDED}</p>`)
    const facts = /<ul class="facts">(.*?)<\/ul>/.exec(page)![1]!
    expect([...facts.matchAll(/<li>(.*?)<\/li>/g)].map((m) => plain(m[1]!))).toEqual(FACTS)
    expect(page).toContain('<p><b>Could not be evaluated</b> from this evidence: IP-KVM hardware: needs USB device artifacts; links to other cases: needs two or more hosts scanned together (a host collected twice counts once).</p>')
    expect(page).toContain('<p class="caveat"><b>Requires human review:</b> indicators are consistent with reported DPRK IT-worker tradecraft; they are not proof of identity or nationality.</p>')
    // Markdown: the same sentences
    expect(md).toContain(`**${VERDICT}** ${DECIDED}\n`)
    expect(mdList(md, '### Executive summary')).toEqual(FACTS)
    expect(md).toContain('**Could not be evaluated** from this evidence: IP-KVM hardware: needs USB device artifacts; links to other cases: needs two or more hosts scanned together (a host collected twice counts once).\n')
  })

  const SESSIONS = [
    // tool, direction, remote party, address, start, duration (make-samples.mjs seconds, rounded to the minute), files
    ['AnyDesk', 'incoming', '918273645 “kim”', '203.0.113.77', '2026-03-02 00:31:12 UTC', '7 h 41 min', ''], // 27,640 s
    ['AnyDesk', 'incoming', '918273645 “kim”', '203.0.113.77', '2026-03-03 00:12:40 UTC', '8 h 19 min', ''], // 29,910 s = 8 h 18 min 30 s
    ['AnyDesk', 'incoming', '918273645 “kim”', '203.0.113.77', '2026-03-04 00:45:03 UTC', '7 h 14 min', 'Customer-Contracts[.]zip C:\\Users\\jsmith\\Documents\\Customer-Contracts'], // 26,020 s
    ['AnyDesk', 'incoming', '918273645 “kim”', '203.0.113.77', '2026-03-05 00:08:55 UTC', '8 h 28 min', ''], // 30,480 s
    ['AnyDesk', 'incoming', '918273645 “kim”', '203.0.113.77', '2026-03-06 01:02:19 UTC', '6 h 45 min', ''], // 24,300 s
    ['Chrome Remote Desktop', 'incoming', 'remote.ops.2291@example[.]net', '203.0.113.77', '2026-03-07 00:35:12 UTC', '7 h 17 min', ''],
    ['AnyDesk', 'incoming', '554433221 “user”', '198.51.100.23', '2026-03-07 03:14:09 UTC', '52 min', ''], // 3,120 s
    ['AnyDesk', 'incoming', '918273645 “kim”', '203.0.113.77', '2026-03-09 00:20:31 UTC', '8 h', ''], // 28,800 s
  ]

  it('key facts: one row per remote session with party, address, start and duration, linked to its timeline event', () => {
    const rows = kfRows(page, 'id="kf-sessions-1"')
    expect(rows.map((r) => r.slice(0, 7))).toEqual(SESSIONS)
    // Markdown: same cells (files joined with a comma), event column holds the event id
    const mrows = mdRows(md, '#### Remote sessions (8)')
    expect(mrows.map((r) => [...r.slice(0, 6), r[6]!.replace(', ', ' ')])).toEqual(SESSIONS)
    // each row links to a timeline row whose label is the event id shown, a session start of that time
    const links = [...page.slice(page.indexOf('id="kf-sessions-1"'), page.indexOf('</table>', page.indexOf('id="kf-sessions-1"'))).matchAll(/<a href="#([^"]+)" class="mono">([^<]+)<\/a>/g)]
    expect(links.length).toBe(8)
    links.forEach((m, i) => {
      const [, anchor, label] = m
      expect(page).toContain(`<tr id="${anchor}" data-type="remote_access.session_start"`)
      expect(page).toMatch(new RegExp(`<tr id="${anchor}"[^>]*><td class="mono id">${label}</td>`))
      expect(mrows[i]![7]).toBe(label)
      const e = jsonl.find((x) => x.event_id === label)!
      expect(e.data_type).toBe('remote_access.session_start')
      expect(String(e.datetime).slice(0, 19).replace('T', ' ')).toBe(SESSIONS[i]![4]!.slice(0, 19))
    })
  })

  it('key facts: identifiers with their tools and record counts, the same in Markdown', () => {
    const want = [
      ['remote ID', '918273645', 'AnyDesk'], ['remote ID', '554433221', 'AnyDesk'], ['remote alias', 'kim', 'AnyDesk'], ['remote alias', 'user', 'AnyDesk'],
      ['account (e-mail)', 'remote.ops.2291@example[.]net', 'Chrome Remote Desktop, AnyDesk'],
      ['remote address', '203.0.113.77', 'AnyDesk, Chrome Remote Desktop'], ['remote address', '198.51.100.23', 'AnyDesk'],
      ["this computer's remote-access ID", '731904622', 'AnyDesk'], ["this computer's public address", '192.0.2.44', 'AnyDesk'],
      ["this computer's address", '192.0.2.44', 'Chrome Remote Desktop'], ['host ID', '7c1f8a3e-5d2b-4a6c-9e0f-1b2c3d4e5f60', 'Chrome Remote Desktop'],
      ['host name', 'JSMITH-LT', 'Chrome Remote Desktop'],
    ]
    const rows = kfRows(page, 'id="kf-ids-1"')
    expect(rows.map((r) => r.slice(0, 3))).toEqual(want)
    expect(mdRows(md, '#### Accounts and identifiers (12)').map((r) => r.slice(0, 3))).toEqual(want)
    // the Markdown rows carry the same first-seen, count and event id as the HTML rows
    expect(mdRows(md, '#### Accounts and identifiers (12)').map((r) => r.slice(3))).toEqual(rows.map((r) => r.slice(3)))
    // the second remote ID is first seen with the 52-minute session from 198.51.100.23
    expect(rows[1]!.slice(3, 4)).toEqual(['2026-03-07 03:14 UTC']) // connection_trace.txt records minutes only
    expect(rows[6]!.slice(3)).toEqual(['2026-03-07 03:14:09 UTC', '3', 'ev-18709297322c-j'])
  })

  it('charts: SVG with a title and a text description, no script, no handler, nothing loaded, CSP unchanged', () => {
    const svgs = [...page.matchAll(/<svg class="chart"[^>]*>([\s\S]*?)<\/svg>/g)]
    expect(svgs.length).toBe(2)
    for (const m of svgs) {
      const [all] = m
      const open = /^<svg[^>]*>/.exec(all)![0]
      const [t, d] = /aria-labelledby="([^" ]+) ([^"]+)"/.exec(open)!.slice(1)
      expect(open).toContain('role="img"')
      expect(all).toContain(`<title id="${t}">`)
      expect(all).toContain(`<desc id="${d}">`)
      expect(all).not.toMatch(/<script|<foreignObject|<image|<use|\son\w+=|\shref=|\sstyle=|url\(/i)
      expect((all.match(/<title>/g) ?? []).length).toBeGreaterThan(7) // one tooltip per mark
    }
    expect(page).toContain('<desc id="gantt-d-1">8 sessions on 7 days, by hour of the day in UTC; connections from 918273645, remote.ops.2291@example[.]net, 554433221.</desc>')
    expect(page).toContain('<desc id="tlc-d-1">8 remote sessions and findings in 7 categories over 9 days from 1 March 2026. communication and freelance platforms: 1 event on 1 day; data leaving the company: 9 events on 1 day; payment services: 3 events on 2 days; remote control: 151 events on 8 days; time of activity: 8 events on 7 days; virtual camera: 4 events on 1 day; VPN or proxy: 4 events on 1 day.</desc>')
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!
    const js = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!
    expect(csp).toBe(`default-src 'none'; script-src 'sha256-${sha(js)}'; style-src 'sha256-${sha(css)}'; base-uri 'none'; form-action 'none'`)
    expect(page.match(/<script/g)?.length).toBe(1)
    expect(page.match(/<style/g)?.length).toBe(1)
  })

  const ROLES = [
    'sets high VPN-01', 'sets high VPN-02', 'sets high TIME-01', 'sets high RA-02', 'sets high RA-16', 'sets high PAY-01', 'sets high RA-01',
    'completes medium VC-06', 'completes medium VC-02',
    'adds points RA-03', 'adds points RA-11', 'adds points EXF-01', 'adds points COM-02', 'adds points EXF-06', 'adds points RA-17', 'adds points RA-18', 'adds points EXF-07', 'adds points EXF-08',
    'context only LNG-01',
  ]

  it('finding badges say what each finding does to the level, in the order that matters', () => {
    const html = [...page.matchAll(/<div class="finding" id="finding-1-\d+"><h4><span class="role ([^"]+)">([^<]+)<\/span> ([A-Z]+-\d+)/g)]
    expect(html.map((m) => `${m[2]} ${m[3]}`)).toEqual(ROLES)
    expect(new Set(html.map((m) => `${m[2]!.split(' ')[0]}=${m[1]}`))).toEqual(new Set(['sets=s-high', 'completes=s-medium', 'adds=r-pts', 'context=r-ctx']))
    expect([...md.matchAll(/^#### (SETS HIGH|COMPLETES MEDIUM|ADDS POINTS|CONTEXT ONLY) ([A-Z]+-\d+):/gm)].map((m) => `${m[1]!.toLowerCase()} ${m[2]}`)).toEqual(ROLES)
    expect(page).toContain('<p class="small">Completes the combination “Incoming remote-control sessions together with virtual-camera software”, which would set the level to at least medium.</p>')
    expect(page).toContain('<p class="small">Context only: it never creates or raises a level.</p>')
    expect(page).toContain('<p class="small">Adds to the data leaving the company points (the area gives 6.9 points in total); on its own it does not decide the level.</p>')
    expect(md).toContain('#### CONTEXT ONLY LNG-01: Korean user-interface language or input layout\n\n- Context only: it never creates or raises a level.\n')
  })

  it('matched values are the distinct values with how many events carry each', () => {
    const vals = (ind: string) => {
      const i = page.indexOf(`${ind}: `, page.indexOf('id="findings-1"'))
      const block = page.slice(i, page.indexOf('</ul>', page.indexOf('<ul class="vals">', i)))
      return [...block.matchAll(/<li(?: class="scr")?><code>([^<]+)<\/code> = <span class="mono brk">(.*?)<\/span>.*?· (\d+) events?, e\.g\.<\/span> <span class="evs"><a href="#[^"]+" class="mono">([^<]+)</g)].map((m) => `${m[1]}=${plain(m[2]!)} ×${m[3]} ${m[4]}`)
    }
    expect(vals('RA-02')).toEqual([
      'tool=chrome_remote_desktop ×5 ev-f990bd703137-0',
      'program_normalized=chrome remote desktop host ×1 ev-526cc533b42d-3',
      'url=hxxps://remotedesktop[.]google[.]com/access ×1 ev-936177d2f41b-4',
      'url=hxxps://remotedesktop[.]google[.]com/headless ×1 ev-936177d2f41b-3', // fourth: on screen, not on paper
    ])
    expect(page).toContain('<li class="scr"><code>url</code> = <span class="mono brk">hxxps://remotedesktop[.]google[.]com/headless</span>')
    expect(vals('VPN-02')).toEqual([
      'term=astrill vpn download windows ×1 ev-936177d2f41b-g',
      'url=hxxps://cdn[.]astrill[.]com/download/astrill-setup-win-4.1.exe ×1 ev-936177d2f41b-e',
      'url=hxxps://www[.]astrill[.]com/download ×1 ev-936177d2f41b-2',
      'url=hxxps://www[.]google[.]com/search?q=astrill+vpn+download+windows ×1 ev-936177d2f41b-g',
    ])
    // eight session starts, eight distinct times: on paper three and a count of the rest
    expect(vals('TIME-01').length).toBe(8)
    expect(page).toContain('<li class="mut pr">+5 more distinct values (on screen and in the exports)</li>')
    expect(md).toContain('- Matched values:\n  - term = astrill vpn download windows · 1 event, e.g. ev-936177d2f41b-g\n  - url = hxxps://cdn\\[.\\]astrill\\[.\\]com/download/astrill-setup-win-4.1.exe · 1 event, e.g. ev-936177d2f41b-e\n')
    expect(md).toContain('  - tool = chrome\\_remote\\_desktop · 5 events, e.g. ev-f990bd703137-0\n')
  })

  it('one event id everywhere: the HTML and Markdown label is the id of the JSON, JSONL and CSV exports', () => {
    const rows = [...page.matchAll(/<tr id="([^"]+)" data-type="([^"]+)" data-sev="\w+"><td class="mono id">([^<]+)<\/td>/g)]
    expect(rows.length).toBe(83)
    const labels = rows.map((m) => m[3]!)
    // pipeline ids are safe fragments: the anchor is the id itself
    expect(rows.every((m) => m[1] === m[3])).toBe(true)
    const mdIds = mdRows(md, '### Timeline of relevant events (83)').map((r) => r[0])
    expect(mdIds).toEqual(labels)
    const byJson = new Map(json.cases[0]!.events.map((e) => [e.id, e]))
    const byJsonl = new Map(jsonl.filter((x) => x.event_id).map((x) => [x.event_id as string, x]))
    const col = csv[0]!.indexOf('event_id')
    const typeCol = csv[0]!.indexOf('data_type')
    const byCsv = new Map(csv.slice(1).map((r) => [r[col]!, r]))
    expect(byJson.size).toBe(87)
    expect(byJsonl.size).toBe(87)
    expect(byCsv.size).toBe(87)
    rows.forEach(([, , type, id]) => {
      expect(byJson.get(id!)?.type, id).toBe(type)
      expect(byJsonl.get(id!)?.data_type, id).toBe(type)
      expect(byCsv.get(id!)?.[typeCol], id).toBe(type)
      expect(byJsonl.get(id!)?.datetime ?? null, id).toBe(byJson.get(id!)?.time)
    })
    // every in-page event link shows the export id of the row it points at
    const label = new Map(rows.map((m) => [m[1]!, m[3]!]))
    const anchors = [...page.matchAll(/<a href="#(ev-[^"]+)" class="mono(?: scr)?">([^<]+)<\/a>/g)]
    expect(anchors.length).toBeGreaterThan(100)
    for (const [, href, text] of anchors) expect(label.get(href!), href).toBe(text)
    // Markdown event references are export ids too
    for (const m of md.matchAll(/e\.g\. (ev-[0-9a-f]{12}-[0-9a-z]+)/g)) expect(byJsonl.has(m[1]!), m[1]).toBe(true)
  })
})

describe('a constructed report: one long AnyDesk session logged twice, Payoneer visits, a locale hint', () => {
  const trace = 'C/ProgramData/AnyDesk/ad_svc.trace'
  const conn = 'C/ProgramData/AnyDesk/connection_trace.txt'
  const hist = 'C/Users/al/AppData/Local/Google/Chrome/User Data/Default/History'
  const ev = (id: string, o: Partial<TimelineEvent> & Pick<TimelineEvent, 'type' | 'message' | 'time'>): TimelineEvent =>
    ({id, timeBasis: 'utc', timestampDesc: 'Event time', artifact: trace, location: 'line 1', fields: {}, indicators: [], ...o})
  const events: TimelineEvent[] = [
    ev('k-1', {time: '2024-05-06T01:00:00.250000Z', type: 'remote_access.session_start', message: 'AnyDesk incoming session from 111222333', indicators: ['RA-16'],
      fields: {tool: 'anydesk', direction: 'incoming', remote_id: '111222333', remote_alias: 'ops', remote_ip: '203.0.113.9', duration_s: 29_909}}),
    ev('k-2', {time: '2024-05-06T01:00:00.000000Z', timePrecision: 'minute', artifact: conn, type: 'remote_access.session_start', message: 'AnyDesk connection from 111222333', indicators: ['RA-16'],
      fields: {tool: 'anydesk', direction: 'incoming', remote_id: '111222333'}}),
    ev('k-3', {time: '2024-05-06T02:10:00.000000Z', type: 'remote_access.file_transfer', message: 'AnyDesk file transfer: plans.zip', indicators: ['EXF-06'],
      fields: {tool: 'anydesk', file_name: 'plans.zip'}}),
    ev('k-4', {time: '2024-05-06T03:00:00.000000Z', artifact: hist, type: 'browser.visit', message: 'visit https://login.payoneer.com/', indicators: ['PAY-01'], fields: {url: 'https://login.payoneer.com/'}}),
    ev('k-5', {time: '2024-05-07T03:00:00.000000Z', artifact: hist, type: 'browser.visit', message: 'visit https://login.payoneer.com/', indicators: ['PAY-01'], fields: {url: 'https://login.payoneer.com/'}}),
    ev('k-6', {time: '2024-05-07T03:05:00.000000Z', artifact: hist, type: 'browser.visit', message: 'visit https://myaccount.payoneer.com/ma/withdraw', indicators: ['PAY-01'], fields: {url: 'https://myaccount.payoneer.com/ma/withdraw'}}),
    ev('k-7', {time: null, timeBasis: 'unknown', artifact: 'C/ProgramData/AnyDesk/system.conf', type: 'remote_access.config', message: 'AnyDesk UI language ko', indicators: ['LNG-01'], fields: {tool: 'anydesk', ui_language: 'ko'}}),
  ]
  const finding = (indicator: string, category: CaseReport['findings'][number]['category'], ids: string[], field: string, o: Partial<CaseReport['findings'][number]> = {}) => ({
    indicator, title: `${indicator} title`, category, severity: 'medium' as const, events: ids, weight: 3,
    first: events.find((e) => e.id === ids[0])!.time, last: events.find((e) => e.id === ids[ids.length - 1])!.time,
    evidence: [{event: ids[0]!, field, value: String(events.find((e) => e.id === ids[0])!.fields[field])}], ...o,
  })
  const c: CaseReport = {
    id: 'constructed', evidence: '/evidence/constructed', artifacts: [], events, warnings: [],
    findings: [
      finding('RA-16', 'remote-access', ['k-1', 'k-2'], 'direction', {weight: 5, title: 'Incoming remote-control sessions'}),
      finding('PAY-01', 'payment', ['k-4', 'k-5', 'k-6'], 'url', {weight: 2, title: 'Payoneer used'}),
      finding('EXF-06', 'exfiltration', ['k-3'], 'file_name', {title: 'Files moved through a remote-access session'}),
      finding('LNG-01', 'locale', ['k-7'], 'ui_language', {weight: 0, modifierOnly: true, title: 'Korean user-interface language'}),
    ],
    assessment: {
      score: 41, level: 'medium', categories: ['remote-access', 'payment', 'exfiltration'], reasons: [],
      combinations: [
        {id: 'C-RP', title: 'Incoming remote sessions and payment services', level: 'medium', groups: [['RA-16'], ['PAY-01']]},
        {id: 'C-RX', title: 'Remote sessions moving files', level: 'low', groups: [['RA-16'], ['EXF-06']]},
      ],
      points: {'remote-access': 5, payment: 2, exfiltration: 3},
      notEvaluable: [{category: 'ip-kvm', needs: 'USB device artifacts'}],
    },
  }
  const report: Report = {schema: 'dprk-triage/report@1', generator: {name: 'dprk-triage', version: '0.1.0'}, cases: [c], links: []}
  let page = ''
  let md = ''
  beforeAll(async () => {
    page = await text('html', report)
    md = await text('md', report)
  })

  it('merges the two records of one session into one row: 8 h 18 min, remote ID, address, file, +1 record', () => {
    // 29,909 s = 8 h 18 min 29 s; the connection log's minute-precision start gives way to the trace's
    expect(kfRows(page, 'id="kf-sessions-1"')).toEqual([['AnyDesk', 'incoming', '111222333 “ops”', '203.0.113.9', '2024-05-06 01:00:00 UTC', '8 h 18 min', 'plans[.]zip', 'k-1 +1 record']])
    expect(page).toContain('<td><span class="evs"><a href="#ev-1-1" class="mono">k-1</a></span> <span class="mut small">+1 record</span></td></tr>')
    expect(mdRows(md, '#### Remote sessions (1)')).toEqual([['AnyDesk', 'incoming', '111222333 “ops”', '203.0.113.9', '2024-05-06 01:00:00 UTC', '8 h 18 min', 'plans[.]zip', 'k-1']])
    expect(kfRows(page, 'id="kf-ids-1"').map((r) => r.join(' | '))).toEqual([
      'remote ID | 111222333 | AnyDesk | 2024-05-06 01:00 UTC | 2 | k-2', // first seen in the minute-precision log: no invented seconds
      'remote alias | ops | AnyDesk | 2024-05-06 01:00:00 UTC | 1 | k-1',
      'remote address | 203.0.113.9 | AnyDesk | 2024-05-06 01:00:00 UTC | 1 | k-1',
    ])
  })

  it('summary sentences and badges follow from the combinations and points', () => {
    const facts = [...(/<ul class="facts">(.*?)<\/ul>/.exec(page)![1]!).matchAll(/<li>(.*?)<\/li>/g)].map((m) => plain(m[1]!))
    const want = [
      'The computer was controlled remotely over AnyDesk: 1 incoming session on 1 day on 6 May 2024 from 1 address (203.0.113.9); it lasted a working day or more (longest 8 h 18 min); files were moved through the sessions (plans[.]zip).',
      'The remote side identified itself as remote ID 111222333 (alias ops).',
      'Data leaving the company: Files moved through a remote-access session (on 6 May 2024).',
      'Payment services: Payoneer used (between 6 and 7 May 2024).',
      'Context only (never raises the level): Korean user-interface language.',
    ]
    expect(facts).toEqual(want)
    expect(mdList(md, '### Executive summary')).toEqual(want)
    expect(page).toContain('The level is set by this combination: Incoming remote sessions and payment services.')
    const badges = [...page.matchAll(/<h4><span class="role ([^"]+)">([^<]+)<\/span> ([A-Z]+-\d+)/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`)
    expect(badges).toEqual(['s-medium sets medium RA-16', 's-medium sets medium PAY-01', 's-low completes low EXF-06', 'r-ctx context only LNG-01'])
    expect([...md.matchAll(/^#### ([A-Z ]+) ([A-Z]+-\d+):/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['SETS MEDIUM RA-16', 'SETS MEDIUM PAY-01', 'COMPLETES LOW EXF-06', 'CONTEXT ONLY LNG-01'])
  })

  it('PAY-01 lists two distinct URLs, counted over its three events', () => {
    expect(page).toContain('<li><code>url</code> = <span class="mono brk">hxxps://login[.]payoneer[.]com/</span> <span class="mut">· 2 events, e.g.</span> <span class="evs"><a href="#ev-1-4" class="mono">k-4</a></span></li><li><code>url</code> = <span class="mono brk">hxxps://myaccount[.]payoneer[.]com/ma/withdraw</span> <span class="mut">· 1 event, e.g.</span> <span class="evs"><a href="#ev-1-6" class="mono">k-6</a></span></li></ul>')
    expect(md).toContain('  - url = hxxps://login\\[.\\]payoneer\\[.\\]com/ · 2 events, e.g. k-4\n  - url = hxxps://myaccount\\[.\\]payoneer\\[.\\]com/ma/withdraw · 1 event, e.g. k-6\n')
  })
})

describe('the printed page header', () => {
  it('is a CSS string whose escapes keep the space after them (`\\HHHHHH ` eats one space)', () => {
    expect(cssString('IR-7 · case')).toBe('"IR-7 \\0000b7  case"')
    expect(cssString('a"</style>\\')).toBe('"a\\000022 \\00003c /style\\00003e \\00005c "')
  })
})
