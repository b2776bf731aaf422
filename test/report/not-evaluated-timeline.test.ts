// #14.4: a case with no verdict (not-evaluated) is carried distinctly by the timeline formats too:
// CSV and JSONL each give it one row of its own that says so, with what was looked for and which
// files could not be read, instead of writing nothing for it.
import {PassThrough} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {notEvaluated} from '../../src/indicators/assess.js'
import type {CaseReport, Report} from '../../src/lib/model.js'
import {writeCsv} from '../../src/report/csv.js'
import {writeJsonl} from '../../src/report/jsonl.js'
import {buildReport} from './sample.js'

const LOOKED_FOR = ['AnyDesk trace log (ad.trace, ad_svc.trace, anydesk.trace) (anydesk.trace)', 'AnyDesk connection table (anydesk.connection_trace)']

/** The second laptop: only an unreadable connection_trace.txt (a case as #14.3 lists it). */
function withUnreadCase(): Report {
  const r = buildReport()
  const artifacts: CaseReport['artifacts'] = [{
    path: 'C/ProgramData/AnyDesk/connection_trace.txt', logicalPath: 'C:/ProgramData/AnyDesk/connection_trace.txt', kind: 'anydesk.connection_trace',
    sha256: 'a'.repeat(64), size: 4096, status: 'failed', events: 0, warnings: ['not read: the content is not an AnyDesk connection_trace.txt table (first bytes 00)'],
  }]
  const c: CaseReport = {id: 'laptop-2', evidence: '/evidence/laptop-2', artifacts, events: [], findings: [], warnings: [], assessment: notEvaluated(artifacts, LOOKED_FOR)}
  return {...r, cases: [r.cases[0]!, c]}
}

async function text(write: (out: PassThrough) => Promise<unknown>): Promise<string> {
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (b: Buffer) => parts.push(b))
  await write(out)
  out.end()
  return Buffer.concat(parts).toString('utf8')
}

const MESSAGE = 'Not evaluated: no artifact was recognised and read in this evidence, so nothing can be said about it (this is not a clean result). ' +
  '1 file at known artifact locations could not be read: C/ProgramData/AnyDesk/connection_trace.txt (anydesk.connection_trace, failed). ' +
  `Looked for: ${LOOKED_FOR.join(', ')}.`

describe('not-evaluated in the timeline formats', () => {
  it('JSONL: one line for the case, tagged not-evaluated, before its (absent) events', async () => {
    const r = withUnreadCase()
    const lines = (await text((o) => writeJsonl(r, o))).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    const mine = lines.filter((l) => l.case === 'laptop-2')
    expect(mine).toEqual([{
      message: MESSAGE, datetime: null, timestamp_desc: 'Case assessment', data_type: 'case.not_evaluated', tag: ['not-evaluated'], case: 'laptop-2',
      level: 'not-evaluated', looked_for: LOOKED_FOR.join(', '), unread_artifacts: 'C/ProgramData/AnyDesk/connection_trace.txt (anydesk.connection_trace, failed)',
    }])
    // the evaluated case gets no such line
    expect(lines.filter((l) => l.data_type === 'case.not_evaluated')).toHaveLength(1)
  })

  it('CSV: one row for the case with level, looked_for and unread_artifacts columns', async () => {
    const r = withUnreadCase()
    const csv = await text((o) => writeCsv(r, o))
    const rows = csv.split('\r\n').filter(Boolean)
    const header = rows[0]!.slice(1, -1).split('","')
    expect(header).toContain('level')
    expect(header).toContain('looked_for')
    expect(header).toContain('unread_artifacts')
    const row = rows.find((l) => l.includes('"case.not_evaluated"'))!
    const cells = row.slice(1, -1).split('","')
    const at = (k: string) => cells[header.indexOf(k)]
    expect(at('datetime')).toBe('')
    expect(at('data_type')).toBe('case.not_evaluated')
    expect(at('tag')).toBe('[""not-evaluated""]')
    expect(at('case')).toBe('laptop-2')
    expect(at('level')).toBe('not-evaluated')
    expect(at('message')).toBe(MESSAGE)
    expect(at('looked_for')).toBe(LOOKED_FOR.join(', '))
    expect(rows.filter((l) => l.includes('"case.not_evaluated"'))).toHaveLength(1)
  })

  it('a report without not-evaluated cases is unchanged (no extra columns or rows)', async () => {
    const r = buildReport()
    const csv = await text((o) => writeCsv(r, o))
    expect(csv.split('\r\n')[0]).not.toContain('looked_for')
    expect(await text((o) => writeJsonl(r, o))).not.toContain('case.not_evaluated')
  })
})
