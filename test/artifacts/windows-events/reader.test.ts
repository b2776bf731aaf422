// The shared Windows event-export reader on every form (fixtures built in ./fixtures.ts from the
// documented formats; reference §2.1 derived XML), plus hostile and broken input.
import {Readable} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {detectExportForm, readWindowsEvents} from '../../../src/artifacts/windows-events/reader.js'
import type {WinEventRecord} from '../../../src/artifacts/windows-events/record.js'
import {decodeXmlText, eventTimeToIso} from '../../../src/artifacts/windows-events/record.js'
import {CRD_EVENTS, CRD_MESSAGES, JID_A} from '../crd/scenario.js'
import {clixml, evtxecmdCsv, evtxecmdJson, toXmlLines, utf16le, wevtutilXml, type EvSpec} from './fixtures.js'

async function read(data: string | Buffer, chunk = 7919): Promise<{records: WinEventRecord[]; warnings: string[]; form: string; encoding?: string}> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  // odd-sized chunks: elements, CSV quotes and UTF-16 code units are split across chunks
  const parts: Buffer[] = []
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk))
  const records: WinEventRecord[] = []
  const warnings: string[] = []
  const s = await readWindowsEvents(Readable.from(parts), (r) => records.push(r), {warn: (m) => warnings.push(m)})
  return {records, warnings, form: s.form, encoding: s.encoding}
}

const route: EvSpec = CRD_EVENTS[2]!

describe('windows-events reader: every export form gives the same normalised records', () => {
  const expectRoute = (r: WinEventRecord) => {
    expect(r).toMatchObject({
      provider: 'chromoting', eventId: 4, level: 4, timeCreated: '2024-05-16T09:40:58.2000000Z', computer: 'DESKTOP-7QK2F',
      processId: 6544, recordId: '1202', data: [JID_A, 'unknown', '10.7.192.38:22205', '', 'relay'],
    })
  }

  it('wevtutil /f:xml (single quotes, no root, no separator), split across chunks', async () => {
    const {records, warnings, form} = await read(wevtutilXml(CRD_EVENTS), 101)
    expect(form).toBe('event-xml')
    expect(warnings).toEqual([])
    expect(records).toHaveLength(9)
    expectRoute(records[2]!)
    expect(records[2]!.location).toBe('line 1')
    expect(records[2]!.dataNames).toEqual([null, null, null, null, null])
    expect(records[5]).toMatchObject({eventId: 3, level: 2, timeCreated: '2024-05-16T11:00:00.5000000Z'})
    expect(records[2]!.raw.startsWith("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='chromoting'/>")).toBe(true)
  })

  it('Get-WinEvent ToXml() (double quotes, one per line): locations are lines', async () => {
    const {records, form} = await read(toXmlLines(CRD_EVENTS))
    expect(form).toBe('event-xml')
    expect(records).toHaveLength(9)
    expectRoute(records[2]!)
    expect(records.map((r) => r.location)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6', 'line 7', 'line 8', 'line 9'])
  })

  it('wevtutil output redirected in PowerShell: UTF-16LE with BOM', async () => {
    const {records, encoding, warnings} = await read(utf16le(wevtutilXml(CRD_EVENTS, '\r\n')), 333)
    expect(encoding).toBe('utf-16le')
    expect(warnings).toEqual([])
    expect(records).toHaveLength(9)
    expectRoute(records[2]!)
    expect(records[4]!.location).toBe('line 5')
  })

  it('Export-Clixml: typed members, DT with +02:00 converted to UTC, Properties values in order, Message', async () => {
    const {records, form, warnings} = await read(clixml(CRD_EVENTS, CRD_MESSAGES, 120), 257)
    expect(form).toBe('clixml')
    expect(warnings).toEqual([])
    expect(records).toHaveLength(9)
    expectRoute(records[2]!)
    expect(records[2]!.message).toBe(CRD_MESSAGES[2])
    expect(records[2]!.channel).toBe('Application')
    expect(records[0]!.location).toBe('object 1 (line 2)')
    expect(records[1]!.location).toMatch(/^object 2 \(line \d+\)$/)
  })

  it('Export-Clixml with a negative offset and _x000D__x000A_ escapes in strings', async () => {
    const e: EvSpec = {...CRD_EVENTS[1]!, data: ['line1\r\nline2']}
    const {records} = await read(clixml([e], ['Client connected: x.\r\n'], -300))
    expect(records[0]!.timeCreated).toBe('2024-05-16T09:40:58.1234567Z')
    expect(records[0]!.data).toEqual(['line1\r\nline2'])
    expect(records[0]!.message).toBe('Client connected: x.\r\n')
  })

  it('EvtxECmd CSV (27 columns, BOM, quoted JSON Payload), UTC time with 7 digits', async () => {
    const {records, form, warnings} = await read(evtxecmdCsv(CRD_EVENTS), 64)
    expect(form).toBe('evtxecmd-csv')
    expect(warnings).toEqual([])
    expect(records).toHaveLength(9)
    expectRoute(records[2]!)
    expect(records[2]!.location).toBe('row 4')
    expect(records[5]).toMatchObject({level: 2, eventId: 3})
  })

  it('EvtxECmd CSV with named Data (Payload objects with @Name/#text)', async () => {
    const e: EvSpec = {...CRD_EVENTS[0]!, provider: 'Some-Provider', data: ['a, b', 'x"y'], names: ['First', 'Second']}
    const {records} = await read(evtxecmdCsv([e]))
    expect(records[0]!.data).toEqual(['a, b', 'x"y'])
    expect(records[0]!.dataNames).toEqual(['First', 'Second'])
  })

  it('EvtxECmd JSON lines', async () => {
    const {records, form, warnings} = await read(evtxecmdJson(CRD_EVENTS))
    expect(form).toBe('evtxecmd-json')
    expect(warnings).toEqual([])
    expect(records).toHaveLength(9)
    expectRoute(records[2]!)
    expect(records[2]!.location).toBe('line 3')
  })

  it('recognises the forms by content only', () => {
    expect(detectExportForm('hello,world\n1,2\n')).toBeUndefined()
    expect(detectExportForm('<root><Event>no system</Event></root>')).toBeUndefined()
    expect(detectExportForm('{"a":1}\n')).toBeUndefined()
    expect(detectExportForm('<Objs Version="1.1.0.1"><Obj RefId="0"><S>hello</S></Obj></Objs>')).toBeUndefined()
  })

  it('time and entity helpers', () => {
    expect(eventTimeToIso('2024-05-16 09:41:00.1234567')).toBe('2024-05-16T09:41:00.1234567Z')
    expect(eventTimeToIso('2024-01-01T01:30:00.5+02:00')).toBe('2023-12-31T23:30:00.5Z')
    expect(eventTimeToIso('1601-01-01T00:00:00.0000000Z')).toBeNull()
    expect(eventTimeToIso('1970-01-01T00:00:00Z')).toBeNull()
    expect(decodeXmlText('a&amp;b&lt;&#65;&#x42;&lol;')).toBe('a&b<AB&lol;')
  })
})

describe('windows-events reader: broken and hostile exports', () => {
  it('a malformed event is a warning with its line; the others are read', async () => {
    const good = wevtutilXml([CRD_EVENTS[1]!])
    const bad = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='chromoting'/><EventID>1</EventID></Event>"
    const {records, warnings} = await read(`${good}\r\n${bad}\r\n${good}\r\n`)
    expect(records).toHaveLength(2)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^line 2: malformed event XML \(Expected closing tag 'System'.*\); record skipped$/)
  })

  it('a truncated export warns where the last event starts', async () => {
    const text = wevtutilXml(CRD_EVENTS.slice(0, 3), '\n')
    const {records, warnings} = await read(text.slice(0, text.length - 40))
    expect(records).toHaveLength(2)
    expect(warnings).toEqual(['line 3: the export ends inside an <Event> element (truncated file?)'])
  })

  it('billion laughs: entities are not expanded and the parse finishes at once', async () => {
    const lol = ['<!ENTITY lol0 "lol">']
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`)
    const doc = `<?xml version="1.0"?>\n<!DOCTYPE Event [\n${lol.join('\n')}\n]>\n` +
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='chromoting'/><EventID>1</EventID>" +
      "<TimeCreated SystemTime='2024-05-16T09:40:58.1234567Z'/></System><EventData><Data>&lol9;</Data></EventData></Event>"
    const t0 = Date.now()
    const {records, warnings} = await read(doc)
    expect(Date.now() - t0).toBeLessThan(2000)
    expect(records).toHaveLength(1)
    expect(records[0]!.data).toEqual(['&lol9;'])
    expect(warnings).toEqual(['the export contains DOCTYPE/ENTITY declarations; they were ignored and no entity was expanded'])
  })

  it('deeply nested XML is a warning, not a crash', async () => {
    const deep = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='x'/></System><UserData>" +
      '<a>'.repeat(10000) + '</a>'.repeat(10000) + '</UserData></Event>'
    const {records, warnings} = await read(deep + wevtutilXml([CRD_EVENTS[1]!]))
    expect(records).toHaveLength(1)
    expect(warnings[0]).toMatch(/^line 1: unreadable event XML \(.*nested.*\); record skipped$/i)
  })

  it('an EvtxECmd row with a wrong column count or broken Payload is a warning with its row', async () => {
    const csv = evtxecmdCsv(CRD_EVENTS.slice(0, 2)).replace(/\r\n$/, '') + '\r\n1,2,3\r\n'
    const {records, warnings} = await read(csv)
    expect(records).toHaveLength(2)
    expect(warnings).toEqual(['row 4: 3 columns where the header has 27; record skipped'])
  })

  it('a truncated EvtxECmd JSON line is a warning', async () => {
    const json = evtxecmdJson(CRD_EVENTS.slice(0, 2))
    const {records, warnings} = await read(json.slice(0, json.length - 30))
    expect(records).toHaveLength(1)
    expect(warnings).toEqual(['line 2: not a JSON object; record skipped'])
  })
})
