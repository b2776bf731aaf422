// `--format csv`: a Timesketch-importable timeline that also opens safely in a spreadsheet
// (reference ecosystem-and-style.md §1.1, §5.3, item 18).
//
// Columns: the fixed Timesketch/dprk-triage columns first (`datetime`, `timestamp_desc`, `message`
// are Timesketch's mandatory ones, §1.1), then the union of every event's field names in code-unit
// order, so the header is one row and the same for the same report. Values come from
// `timesketchRow`, shared with the JSONL writer.
//
// Newlines: evidence text can hold CR/LF. Fields are always quoted and CR/LF stay inside the quotes
// (RFC 4180 §2.6); records end with CRLF (§2.1). Timesketch's server reads CSV with
// `pandas.read_csv(..., sep=",")` in chunks (google/timesketch timesketch/lib/utils.py,
// `read_and_validate_csv`); pandas honours RFC 4180 quoting, so a quoted line break stays inside
// its field and the event keeps its full message. Tools that split the file on raw line breaks
// (the warning in Hayabusa's Timesketch guide, §1.1) would break a row in two; pass
// `newlines: 'escape'` to write them as the visible text `\n`/`\r` instead. Timesketch also drops
// rows whose `datetime` is empty or unparseable (§1.1): events without a time are still written
// (spreadsheet users want them) with an empty `datetime`. A case with no verdict (not-evaluated)
// gets one row of its own (timesketch.ts `notEvaluatedRow`), so it does not vanish from the file.
import type {Writable} from 'node:stream'

import type {Report} from '../lib/model.js'
import {CSV_CELL_MAX, capCell, isFormulaLike, quoteCsv} from './escape.js'
import {eventsOf} from './events.js'
import {byCode} from './html/digest.js'
import {writeChunk} from './output.js'
import {notEvaluatedRow, timesketchRow} from './timesketch.js'

/** Leading columns in this order; everything else is an event field. */
export const FIXED_COLUMNS = [
  'datetime', 'timestamp_desc', 'message', 'timestamp', 'data_type', 'tag', 'event_id', 'case', 'artifact',
  'location', 'time_basis', 'time_precision', 'raw',
] as const

export interface CsvOptions {
  /** Prefix `'` to string cells that start with `= + - @`, TAB, CR or NUL (on by default, §5.3). */
  neutraliseFormulas?: boolean
  /** `quote` (default): CR/LF kept inside quoted fields; `escape`: written as the text `\r`/`\n`. */
  newlines?: 'quote' | 'escape'
  /** Start with a UTF-8 BOM for Excel (off by default: it is not part of the data). */
  bom?: boolean
  /** Cell cap (Excel's limit, 32,767). */
  maxCell?: number
}

export interface CsvStats {
  rows: number
  columns: string[]
  /** Cells given a leading `'`. */
  neutralised: number
  /** Cells cut to the cap. */
  truncated: number
}

function cellText(v: unknown): {text: string; isString: boolean} {
  if (v === null || v === undefined) return {text: '', isString: false}
  if (Array.isArray(v)) return {text: JSON.stringify(v), isString: false} // `tag`: a JSON array, which Timesketch parses (§1.1)
  if (typeof v === 'number' || typeof v === 'boolean') return {text: String(v), isString: false}
  return {text: String(v), isString: true}
}

export async function writeCsv(report: Report, out: Writable, opts: CsvOptions = {}): Promise<CsvStats> {
  const guard = opts.neutraliseFormulas ?? true
  const max = opts.maxCell ?? CSV_CELL_MAX
  const escapeNl = opts.newlines === 'escape'
  const stats: CsvStats = {rows: 0, columns: [], neutralised: 0, truncated: 0}

  const fixed = new Set<string>(FIXED_COLUMNS)
  const extra = new Set<string>()
  // two passes over the events (in memory or spilled to disk): the header needs the union first
  for (const c of report.cases) {
    for (const k of Object.keys(notEvaluatedRow(c) ?? {})) if (!fixed.has(k)) extra.add(k)
    for await (const e of eventsOf(c)) for (const k of Object.keys(timesketchRow(c, e))) if (!fixed.has(k)) extra.add(k)
  }
  const columns = [...FIXED_COLUMNS, ...[...extra].sort(byCode)]
  stats.columns = columns

  const cell = (v: unknown): string => {
    let {text, isString} = cellText(v)
    if (escapeNl) text = text.replace(/\r/g, '\\r').replace(/\n/g, '\\n')
    // typed numbers keep their sign: only string cells are guarded (§5.3)
    if (guard && isString && isFormulaLike(text)) {
      text = `'${text}`
      stats.neutralised++
    }
    const capped = capCell(text, max)
    if (capped.cut) stats.truncated++
    return quoteCsv(capped.text)
  }

  await writeChunk(out, (opts.bom ? '\ufeff' : '') + columns.map(cell).join(',') + '\r\n')
  let buf = ''
  for (const c of report.cases) {
    const status = notEvaluatedRow(c)
    if (status) {
      buf += columns.map((k) => cell(status[k])).join(',') + '\r\n'
      stats.rows++
    }
    for await (const e of eventsOf(c)) {
      const row = timesketchRow(c, e)
      buf += columns.map((k) => cell(row[k])).join(',') + '\r\n'
      stats.rows++
      if (buf.length >= 256 * 1024) {
        await writeChunk(out, buf)
        buf = ''
      }
    }
  }
  if (buf) await writeChunk(out, buf)
  return stats
}
