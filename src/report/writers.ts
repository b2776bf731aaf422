// The report formats and their writers, for every command that writes a report (scan, render,
// merge): one table, so a format written from a saved report is the one scan writes.
import {createWriteStream} from 'node:fs'
import type {Writable} from 'node:stream'
import {finished} from 'node:stream/promises'

import type {Report} from '../lib/model.js'
import {writeCsv} from './csv.js'
import {writeHtml} from './html/index.js'
import {writeJson} from './json.js'
import {writeJsonl} from './jsonl.js'
import {writeMarkdown} from './markdown.js'

export const FORMATS = ['json', 'jsonl', 'html', 'md', 'csv'] as const
export type Format = (typeof FORMATS)[number]

export interface WriteOptions {
  /** CSV: neutralise cells that spreadsheets would run as formulas. */
  formulaGuard: boolean
}

export function writeReport(format: Format, r: Report, out: Writable, opts: WriteOptions): Promise<void> {
  switch (format) {
    case 'html': return writeHtml(r, out).then(() => undefined)
    case 'md': return writeMarkdown(r, out).then(() => undefined)
    case 'csv': return writeCsv(r, out, {neutraliseFormulas: opts.formulaGuard}).then(() => undefined)
    case 'json': return writeJson(r, out)
    case 'jsonl': return writeJsonl(r, out)
  }
}

/** Writes to a file through `write`, resolving once the file is complete on disk. */
export async function writeTo(file: string, write: (out: Writable) => Promise<void>): Promise<void> {
  const out = createWriteStream(file)
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
