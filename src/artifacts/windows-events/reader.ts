// One entry point over every Windows event-log export form responders hold: recognise the form
// by content, then stream normalised records to the caller. Problems with single records are
// warnings (with their location); the rest of the export is still read.
import type {Readable} from 'node:stream'

import {splitClixmlObjects, parseClixmlObject} from './clixml.js'
import {csvRows} from './csv.js'
import {decodeStream} from './decode.js'
import {recordFromEvtxECmd} from './evtxecmd.js'
import {detectExportForm, type ExportForm} from './export-form.js'
import {decodeXmlText, type WinEventRecord} from './record.js'
import {parseEventXml, splitEventElements} from './xml-events.js'

// the provider name read from raw text, before the full parse
const XML_PROVIDER = /<Provider\s[^>]*?\bName\s*=\s*(['"])(.*?)\1/
const CLIXML_PROVIDER = /<S N="ProviderName">([^<]*)<\/S>/

export {detectExportForm, type ExportForm}

export interface ReadOptions {
  warn: (m: string) => void
  /**
   * Records of other providers are skipped before the full parse when the provider can be read
   * cheaply from the raw text (XML, CLIXML, EvtxECmd): an Application log is mostly other sources.
   */
  wantProvider?: (name: string) => boolean
  /** At most this many per-record warnings are passed on; the rest are counted. */
  maxRecordWarnings?: number
}

export interface ReadSummary {
  form: ExportForm
  records: number
  bad: number
  encoding?: string
}

/** Streams the export's records to `onRecord`. Throws only when the form cannot be recognised. */
export async function readWindowsEvents(
  stream: Readable,
  onRecord: (r: WinEventRecord) => void,
  opts: ReadOptions,
): Promise<ReadSummary> {
  const decoded = decodeStream(stream)
  // the first 64 Ki characters decide the form; they are then replayed to the form's reader
  const it = decoded.chunks[Symbol.asyncIterator]()
  const head: string[] = []
  let headLen = 0
  let done = false
  while (headLen < 64 * 1024) {
    const n = await it.next()
    if (n.done) {
      done = true
      break
    }
    head.push(n.value)
    headLen += n.value.length
  }
  const form = detectExportForm(head.join(''))
  if (!form) throw new Error('not a recognised Windows event-log export')
  async function* replay(): AsyncGenerator<string> {
    yield* head
    if (done) return
    for (;;) {
      const n = await it.next()
      if (n.done) return
      yield n.value
    }
  }
  const chunks = replay()
  const maxW = opts.maxRecordWarnings ?? 20
  let bad = 0
  let records = 0
  const badRecord = (where: string, why: string) => {
    bad++
    if (bad <= maxW) opts.warn(`${where}: ${why}; record skipped`)
  }
  const take = (r: WinEventRecord | string | null, where: string) => {
    if (r === null) return
    if (typeof r === 'string') return badRecord(where, r)
    records++
    onRecord(r)
  }

  const skip = (name: string | undefined) => name !== undefined && opts.wantProvider !== undefined && !opts.wantProvider(decodeXmlText(name))
  if (form === 'event-xml') {
    for await (const piece of splitEventElements(chunks, opts.warn)) {
      if (skip(XML_PROVIDER.exec(piece.xml)?.[2])) continue
      const where = `line ${piece.line}`
      take(parseEventXml(piece.xml, where), where)
    }
  } else if (form === 'clixml') {
    for await (const piece of splitClixmlObjects(chunks, opts.warn)) {
      if (skip(CLIXML_PROVIDER.exec(piece.xml)?.[1])) continue
      const where = `object ${piece.index} (line ${piece.line})`
      take(parseClixmlObject(piece.xml, where), where)
    }
  } else if (form === 'evtxecmd-csv') {
    let header: string[] | undefined
    for await (const row of csvRows(chunks, opts.warn)) {
      if (!header) {
        header = row.fields.map((f) => f.trim())
        continue
      }
      const where = `row ${row.line}`
      if (row.fields.length !== header.length) {
        badRecord(where, `${row.fields.length} columns where the header has ${header.length}`)
        continue
      }
      const obj: Record<string, string> = {}
      header.forEach((h, i) => (obj[h] = row.fields[i]!))
      if (skip(obj.Provider)) continue
      take(recordFromEvtxECmd(obj, where, row.text), where)
    }
  } else {
    let lineNo = 0
    let carry = ''
    const handleLine = (text: string) => {
      lineNo++
      const l = text.replace(/\r$/, '')
      if (l.trim() === '') return
      const where = `line ${lineNo}`
      let obj: unknown
      try {
        obj = JSON.parse(l)
      } catch {
        return badRecord(where, 'not a JSON object')
      }
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return badRecord(where, 'not a JSON object')
      const prov = (obj as Record<string, unknown>).Provider
      if (typeof prov === 'string' && skip(prov)) return
      take(recordFromEvtxECmd(obj as Record<string, unknown>, where, l), where)
    }
    const MAX_LINE = 4 * 1024 * 1024
    let skippingLong = false
    for await (const chunk of chunks) {
      let text = carry + chunk
      let nl: number
      while ((nl = text.indexOf('\n')) !== -1) {
        if (skippingLong) {
          skippingLong = false
          lineNo++
        } else handleLine(text.slice(0, nl))
        text = text.slice(nl + 1)
      }
      if (text.length > MAX_LINE) {
        badRecord(`line ${lineNo + 1}`, `longer than ${MAX_LINE} characters`)
        skippingLong = true
        text = ''
      }
      carry = text
    }
    if (carry && !skippingLong) handleLine(carry)
  }
  if (bad > maxW) opts.warn(`${bad - maxW} more unreadable record(s) not listed`)
  return {form, records, bad, encoding: decoded.encoding()}
}
