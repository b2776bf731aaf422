// The Timesketch CSV: columns (reference ecosystem-and-style.md §1.1), RFC 4180 quoting, formula
// neutralisation on/off and the 32,767-character cap (§5.3), determinism.
import {PassThrough} from 'node:stream'
import {describe, expect, it} from 'vitest'

import {type CsvOptions, type CsvStats, writeCsv} from '../../src/report/csv.js'
import type {Report} from '../../src/lib/model.js'
import {LONG, buildReport, hostile} from './sample.js'

async function csv(r: Report, opts?: CsvOptions): Promise<{text: string; stats: CsvStats}> {
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (b: Buffer) => parts.push(b))
  const stats = await writeCsv(r, out, opts)
  out.end()
  return {text: Buffer.concat(parts).toString('utf8'), stats}
}

/** A strict RFC 4180 reader: every field quoted, "" for a quote, records end with CRLF. */
function parse(text: string): string[][] {
  const rows: string[][] = []
  let i = 0
  while (i < text.length) {
    const row: string[] = []
    for (;;) {
      if (text[i] !== '"') throw new Error(`unquoted field at ${i}`)
      let j = i + 1
      let v = ''
      for (;;) {
        const q = text.indexOf('"', j)
        if (q < 0) throw new Error('unterminated quote')
        v += text.slice(j, q)
        if (text[q + 1] === '"') {
          v += '"'
          j = q + 2
        } else {
          i = q + 1
          break
        }
      }
      row.push(v)
      if (text[i] === ',') i++
      else if (text.startsWith('\r\n', i)) {
        i += 2
        break
      } else throw new Error(`bad separator at ${i}`)
    }
    rows.push(row)
  }
  return rows
}

const h = hostile()
const HEADER = [
  'datetime', 'timestamp_desc', 'message', 'timestamp', 'data_type', 'tag', 'event_id', 'case', 'artifact', 'location', 'time_basis', 'time_precision', 'raw',
  'bytes', 'cr', 'direction', 'end_time', 'file', 'install_location', 'label', 'md', 'note', 'program', 'publisher', 'remote_alias', 'remote_id', 'remote_ip',
  'size_note', 'tab', 'target_path', 'title', 'tool', 'url', 'user', 'value', 'version',
]

describe('CSV: Timesketch columns', () => {
  it('one header row: fixed columns, then the union of field names sorted', async () => {
    const {text, stats} = await csv(buildReport())
    const rows = parse(text)
    expect(rows[0]).toEqual(HEADER)
    expect(stats.columns).toEqual(HEADER)
    expect(rows.length).toBe(11)
    expect(stats.rows).toBe(10)
    for (const r of rows) expect(r.length).toBe(HEADER.length)
    const col = (name: string) => HEADER.indexOf(name)
    const session = rows[2]!
    expect(session[col('datetime')]).toBe('2024-03-04T02:13:45.123000Z')
    expect(session[col('timestamp_desc')]).toBe('Session start')
    expect(session[col('message')]).toBe(`Incoming AnyDesk session from 123456789 (${h.script})`)
    expect(session[col('timestamp')]).toBe('1709518425123000')
    expect(session[col('data_type')]).toBe('remote_access.session_start')
    expect(session[col('tag')]).toBe('["RA-01"]')
    expect(session[col('event_id')]).toBe('c1-0002')
    expect(session[col('case')]).toBe('laptop-farm-01')
    expect(session[col('location')]).toBe('line 812')
    expect(session[col('remote_ip')]).toBe('203.0.113.7')
    expect(session[col('time_precision')]).toBe('')
    expect(rows[1]![col('time_precision')]).toBe('day')
    expect(rows[1]![col('time_basis')]).toBe('assumed-utc')
    // no time: empty datetime and timestamp (Timesketch drops such rows, §1.1)
    expect(rows[9]![col('datetime')]).toBe('')
    expect(rows[9]![col('timestamp')]).toBe('')
    expect(rows[10]![col('case')]).toBe('laptop-farm-02')
  })
  it('field names that collide with Timesketch columns are renamed by timesketchRow', async () => {
    const r = buildReport()
    r.cases[1]!.events[0]!.fields = {message: 'x', datetime: 'y', zeta: 1, alpha: true}
    const {stats} = await csv(r)
    expect(stats.columns.slice(13)).toEqual(['alpha', 'bytes', 'cr', 'direction', 'end_time', 'field_datetime', 'field_message', 'file', 'install_location', 'label', 'md', 'note',
      'program', 'publisher', 'remote_alias', 'remote_id', 'remote_ip', 'size_note', 'tab', 'target_path', 'title', 'tool', 'url', 'user', 'value', 'version', 'zeta'])
  })
})

describe('CSV: RFC 4180', () => {
  it('quotes every field, doubles quotes, keeps CR/LF inside quotes and ends records with CRLF', async () => {
    const {text} = await csv(buildReport())
    expect(text.startsWith('"datetime","timestamp_desc","message","timestamp",')).toBe(true)
    expect(text).toContain('"File transfer col|with|pipes\nand a second line\r\nand a third"')
    expect(text).toContain('"Session closed </script><script src=""http://127.0.0.1:9/js""></script> <iframe src=""http://127.0.0.1:9/frame""></iframe>"')
    expect(text).toContain('"[""RA-01""]"')
    expect(text.endsWith('"\r\n')).toBe(true)
    const rows = parse(text)
    expect(rows[6]![2]).toBe(`File transfer ${h.pipeNl}`)
  })
  it('newlines: escape writes CR/LF as visible text, so every record is one physical line', async () => {
    const {text} = await csv(buildReport(), {newlines: 'escape'})
    expect(text.split('\r\n').length).toBe(12)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    expect(text).toContain('"File transfer col|with|pipes\\nand a second line\\r\\nand a third"')
    expect(text).toContain('"\\r=1+1"') // a backslash first: no longer formula-like
    expect(text).toContain(`"'\t=1+1"`)
  })
  it('a BOM only when asked', async () => {
    expect((await csv(buildReport())).text.charCodeAt(0)).toBe(0x22)
    expect((await csv(buildReport(), {bom: true})).text.startsWith('\ufeff"datetime"')).toBe(true)
  })
})

describe('CSV: formula neutralisation (§5.3)', () => {
  const col = (name: string) => HEADER.indexOf(name)
  it('on by default: string cells starting with = + - @ TAB CR get a leading quote; numbers do not', async () => {
    const {text, stats} = await csv(buildReport())
    const rows = parse(text)
    const session = rows[2]!
    const transfer = rows[6]!
    expect(session[col('remote_alias')]).toBe(`'${h.hyperlink}`)
    expect(transfer[col('file')]).toBe("'+cmd|' /C calc'!A0")
    expect(transfer[col('size_note')]).toBe("'-2+3")
    expect(transfer[col('label')]).toBe("'@SUM(1+1)*cmd|' /C calc'!A0")
    expect(transfer[col('tab')]).toBe("'\t=1+1")
    expect(transfer[col('cr')]).toBe("'\r=1+1")
    expect(transfer[col('bytes')]).toBe('-5')
    expect(stats.neutralised).toBe(6)
    // nothing else starts like a formula
    for (const r of rows.slice(1)) for (const c of r) expect(/^[=+@\t\r]/.test(c) || (/^-/.test(c) && c !== '-5')).toBe(false)
  })
  it('off on request: values are written as found', async () => {
    const {text, stats} = await csv(buildReport(), {neutraliseFormulas: false})
    const rows = parse(text)
    expect(rows[2]![col('remote_alias')]).toBe(h.hyperlink)
    expect(rows[6]![col('file')]).toBe(h.plusCmd)
    expect(rows[6]![col('size_note')]).toBe('-2+3')
    expect(rows[6]![col('label')]).toBe(h.atSum)
    expect(rows[6]![col('tab')]).toBe('\t=1+1')
    expect(rows[6]![col('cr')]).toBe('\r=1+1')
    expect(stats.neutralised).toBe(0)
  })
})

describe('CSV: cell cap', () => {
  it('no cell over 32,767 characters; cut cells end with a visible marker', async () => {
    const {text, stats} = await csv(buildReport())
    const rows = parse(text)
    const config = rows[9]!
    expect(config[2]!.length).toBe(32_767)
    expect(config[2]).toBe('ad.roster.entry=' + 'A'.repeat(32_724 - 16) + '…[cut by dprk-triage: 7293 more characters]')
    expect(config[HEADER.indexOf('value')]).toBe(LONG.slice(0, 32_724) + '…[cut by dprk-triage: 7277 more characters]')
    expect(config[HEADER.indexOf('raw')]).toBe(LONG.slice(0, 32_724) + '…[cut by dprk-triage: 7277 more characters]')
    expect(stats.truncated).toBe(3)
    for (const r of rows) for (const c of r) expect(c.length).toBeLessThanOrEqual(32_767)
    expect(text).not.toContain('END-OF-LONG')
  })
  it('the guard quote counts towards the cap', async () => {
    const r = buildReport()
    r.cases[1]!.events[0]!.message = '=' + 'B'.repeat(32_766)
    const {text} = await csv(r)
    const msg = parse(text)[10]![2]!
    expect(msg.length).toBe(32_767)
    expect(msg).toBe("'=" + 'B'.repeat(32_724) + '…[cut by dprk-triage: 42 more characters]')
  })
})

describe('CSV: determinism', () => {
  it('two renders are byte-identical', async () => {
    expect((await csv(buildReport())).text).toBe((await csv(buildReport())).text)
    // generatedAt is not part of the timeline at all
    expect((await csv(buildReport(9, {generatedAt: null}))).text).toBe((await csv(buildReport())).text)
  })
})
