// Issue #14 point 7: output times sort as text. Sources write 0, 3, 6 or 7 fraction digits; every
// output time in JSON/JSONL/CSV has six (µs), `timePrecision` says what the source recorded, and
// day-precision values (install dates) read as dates in HTML and Markdown.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {cli, BUILT} from '../support/cli.js'
import {writeWindowsCase} from '../support/windows-case.js'
import {suiteTempDir} from '../support/tmp.js'

const US = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/

/** Exact µs since the epoch of an ISO string (Date.parse alone drops the µs). */
function micros(iso: string): bigint {
  const m = /^(.*:\d{2})(?:\.(\d+))?Z$/.exec(iso)!
  return BigInt(Date.parse(m[1] + 'Z')) * 1000n + BigInt((m[2] ?? '').slice(0, 6).padEnd(6, '0'))
}

describe.skipIf(!BUILT)('output time precision (issue #14 point 7)', () => {
  const dir = suiteTempDir('time-prec-', (d) => writeWindowsCase(join(d, 'ws-bob')))
  const ev = join(dir, 'ws-bob')
  const run = (fmt: string) => {
    const out = join(dir, `r.${fmt}`)
    const r = cli(['scan', ev, '-f', fmt, '-o', out, '-q'], {SOURCE_DATE_EPOCH: '1767225600'})
    expect(r.stderr).toBe('')
    return readFileSync(out, 'utf8')
  }

  it('JSON: every time has six fraction digits, text order is time order, timePrecision is the source\'s', () => {
    const report = JSON.parse(run('json'))
    expect(report.generatedAt).toBe('2026-01-01T00:00:00.000000Z')
    const events: Array<{time: string | null; timePrecision?: string; type: string; artifact: string; fields: Record<string, unknown>}> = report.cases[0].events
    const timed = events.filter((e) => e.time !== null)
    expect(timed.length).toBeGreaterThanOrEqual(7)
    for (const e of timed) expect(e.time).toMatch(US)
    for (const f of report.cases[0].findings) for (const t of [f.first, f.last]) if (t !== null) expect(t).toMatch(US)
    // sorting the strings gives the order of the instants
    const byText = timed.map((e) => e.time!).sort()
    const byInstant = [...byText].sort((a, b) => (micros(a) < micros(b) ? -1 : micros(a) > micros(b) ? 1 : 0))
    expect(byText).toEqual(byInstant)
    expect(timed.map((e) => e.time)).toEqual(byText) // and the report is in that order

    const of = (pred: (e: (typeof events)[number]) => boolean) => events.find(pred)!
    const anydesk = of((e) => e.artifact.endsWith('ad_svc.trace') && e.type === 'remote_access.session_start')
    expect([anydesk.time, anydesk.timePrecision]).toEqual(['2024-05-16T09:40:57.112000Z', 'millisecond'])
    const crd = of((e) => e.artifact.endsWith('chromoting.xml') && e.type === 'remote_access.session_start')
    // 7 digits (FILETIME, 100 ns) cut to the µs, never rounded up
    expect([crd.time, crd.timePrecision]).toEqual(['2024-05-16T09:40:58.123456Z', '100-nanosecond'])
    const crdEnd = of((e) => e.artifact.endsWith('chromoting.xml') && e.type === 'remote_access.session_end')
    expect(crdEnd.fields.start_time).toBe('2024-05-16T09:40:58.123456Z')
    const tv = of((e) => e.artifact.endsWith('Connections_incoming.txt') && e.type === 'remote_access.session_start')
    expect([tv.time, tv.timePrecision, tv.fields.end_time]).toEqual(['2024-05-16T11:00:05.000000Z', 'second', '2024-05-16T11:30:41.000000Z'])
    const install = of((e) => e.type === 'program.installed')
    expect([install.time, install.timePrecision]).toEqual(['2024-05-16T00:00:00.000000Z', 'day'])
    const visit = of((e) => e.type === 'browser.visit')
    expect([visit.time, visit.timePrecision]).toEqual(['2024-05-16T09:40:45.123457Z', 'microsecond'])
  })

  it('JSONL and CSV: `datetime` has six digits and sorts as text like `timestamp`', () => {
    const rows = run('jsonl').trim().split('\n').map((l) => JSON.parse(l) as {datetime: string | null; timestamp?: number})
    const timed = rows.filter((r) => r.datetime !== null)
    expect(timed.length).toBeGreaterThanOrEqual(7)
    for (const r of timed) {
      expect(r.datetime).toMatch(US)
      expect(BigInt(r.timestamp!)).toBe(micros(r.datetime!))
    }
    expect(timed.map((r) => r.datetime)).toEqual(timed.map((r) => r.datetime).sort())

    const lines = run('csv').trim().split('\r\n')
    const cells = lines.slice(1).map((l) => /^"([^"]*)"/.exec(l)![1]!)
    expect(lines[0]!.startsWith('"datetime",')).toBe(true)
    const csvTimed = cells.filter((c) => c !== '')
    expect(csvTimed).toHaveLength(timed.length)
    for (const c of csvTimed) expect(c).toMatch(US)
    expect(csvTimed).toEqual([...csvTimed].sort())
  })

  it('HTML and Markdown show the install date as a date, never T00:00:00Z assumed-utc', () => {
    const html = run('html')
    expect(html).toContain('<span class="nw">2024-05-16</span><br><span class="small mut">date only</span>')
    expect(html).not.toMatch(/2024-05-16T00:00:00|2024-05-16 00:00/)
    // people read seconds (the exports keep the source's fraction)
    expect(html).toContain('<span class="nw">2024-05-16 09:40:57 UTC</span>')
    const md = run('md')
    expect(md).toMatch(/\| 2024-05-16 \(date only\) \| program\.installed \|/)
    expect(md).not.toMatch(/2024-05-16T00:00:00|2024-05-16 00:00/)
  })
})
