// The report formats and their writers, for every command that writes a report (scan, render,
// merge): one table, so a format written from a saved report is the one scan writes. Each writer
// is imported when its format is first written (the HTML and Markdown writers are most of the
// report code; a JSON run does not load them: #17 start-up).
import {createWriteStream} from 'node:fs'
import type {Writable} from 'node:stream'
import {finished} from 'node:stream/promises'

import type {Report} from '../lib/model.js'

export const FORMATS = ['json', 'jsonl', 'html', 'md', 'csv'] as const
export type Format = (typeof FORMATS)[number]

export interface WriteOptions {
  /** CSV: neutralise cells that spreadsheets would run as formulas. */
  formulaGuard: boolean
  /** JSONL: this is the timeline's only reading, so its spilled files are removed as they are read (line-store.ts). */
  readOnce?: boolean
}

export async function writeReport(format: Format, r: Report, out: Writable, opts: WriteOptions): Promise<void> {
  switch (format) {
    case 'html': return void (await (await import('./html/index.js')).writeHtml(r, out))
    case 'md': return void (await (await import('./markdown.js')).writeMarkdown(r, out))
    case 'csv': return void (await (await import('./csv.js')).writeCsv(r, out, {neutraliseFormulas: opts.formulaGuard}))
    case 'json': return (await import('./json.js')).writeJson(r, out)
    case 'jsonl': return (await import('./jsonl.js')).writeJsonl(r, out, {readOnce: opts.readOnce})
  }
}

/** Writes to a file through `write`, resolving once the file is complete on disk. */
export async function writeTo(file: string, write: (out: Writable) => Promise<void>): Promise<void> {
  // a few MiB may wait for the disk while the next blocks are made (16 KiB, the default, made
  // every 1 MiB block of a JSONL timeline wait for its write to finish)
  const out = createWriteStream(file, {highWaterMark: 4 * 1024 * 1024})
  await write(out)
  out.end()
  await finished(out)
}

/** `report.md` -> md, `timeline.jsonl` -> jsonl … (an explicit --format wins). */
export function formatFromPath(out: string | undefined): Format | undefined {
  const ext = out?.toLowerCase().match(/\.([a-z]+)$/)?.[1]
  if (!ext) return undefined
  const map: Record<string, Format> = {html: 'html', htm: 'html', md: 'md', markdown: 'md', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', csv: 'csv'}
  return map[ext]
}
