// Issue #14 point 4: "nothing read" is not a clean bill of health. A case with no parsable
// artifact gets the level `not-evaluated` in every format, says what was looked for, and counts as
// failed for the exit code (5 beside scanned cases, 3 when nothing at all was read).
import {mkdirSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {cli, BUILT} from '../support/cli.js'
import {AD_SVC, put} from '../support/windows-case.js'
import {suiteTempDir} from '../support/tmp.js'

describe.skipIf(!BUILT)('cases with nothing evaluated (issue #14 point 4)', () => {
  const dir = suiteTempDir('not-eval-', (d) => {
    put(join(d, 'share', 'laptop-a'), 'C/ProgramData/AnyDesk/ad_svc.trace', AD_SVC)
    // a collection that holds nothing the tool can read (documents only)
    put(join(d, 'share', 'laptop-b'), 'C/Users/bob/Documents/notes.docx', 'PK\u0003\u0004 not really a docx')
  })
  const share = join(dir, 'share')

  it('--batch: the empty case is not-evaluated, its line says so, and the run exits 5', () => {
    const out = join(dir, 'reports')
    const r = cli(['scan', '--batch', share, '-o', out, '-f', 'json', '-j', '1'])
    expect(r.code).toBe(5)
    // the batch summary CSV: case,status,level,…
    const [header, ...lines] = r.stdout.trim().split('\r\n').map((l) => l.split(',').map((x) => x.replace(/^"|"$/g, '')))
    expect(header!.slice(0, 3)).toEqual(['case', 'status', 'level'])
    expect(lines.map((l) => [l[0], l[2], l[1]])).toEqual([['laptop-a', expect.not.stringMatching(/not-evaluated/), 'ok'], ['laptop-b', 'not-evaluated', 'not-evaluated']])
    expect(r.stderr).toContain('NOT EVALUATED')
    expect(r.stderr).toContain('not evaluated (nothing read): laptop-b')
    const report = JSON.parse(readFileSync(join(out, 'all-cases.json'), 'utf8'))
    const b = report.cases[1].assessment
    expect(b.level).toBe('not-evaluated')
    expect(b.reasons.join(' ')).toMatch(/not a clean result/)
    expect(b.reasons.join(' ')).toMatch(/Looked for: .*\(anydesk\.trace\).*\(browser\.chromium_history\)/)
    expect(readdirSync(out).filter((f) => !f.endsWith('.sha256')).sort()).toEqual(['all-cases.json', 'case-laptop-a.json', 'case-laptop-b.json'])
  })

  it('HTML and Markdown show it in its own colour and words, never as a green NONE', () => {
    for (const fmt of ['html', 'md']) {
      const out = join(dir, `b.${fmt}`)
      expect(cli(['scan', join(share, 'laptop-b'), '-f', fmt, '-o', out, '-q']).code).toBe(3)
      const text = readFileSync(out, 'utf8')
      if (fmt === 'html') {
        expect(text).toContain('<span class="lvl s-not-evaluated">not evaluated</span>')
        expect(text).toContain('.s-not-evaluated{background:#6b21a8}')
        expect(text).not.toContain('class="lvl s-none"')
      } else {
        expect(text).toContain('**NOT EVALUATED**')
        expect(text).not.toContain('**none**')
      }
      expect(text).toMatch(/Looked for:/)
    }
  })

  it('an empty folder on its own: not-evaluated, exit 3', () => {
    const empty = join(dir, 'empty')
    mkdirSync(empty)
    const r = cli(['scan', empty, '-f', 'json', '-q'])
    expect(r.code).toBe(3)
    expect(JSON.parse(r.stdout).cases[0].assessment).toMatchObject({level: 'not-evaluated', score: 0})
  })
})
