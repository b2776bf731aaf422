// `--format html` (the default): one self-contained page, no external resource of any kind, a
// strict CSP first in <head>, readable with scripts disabled and when printed (reference
// ecosystem-and-style.md §5.1, "What dprk-triage should do" item 16). Streams section by section.
import type {Writable} from 'node:stream'

import type {Report} from '../../lib/model.js'
import {writeChunk} from '../output.js'
import {CSS, SCRIPT, cspFor, pageCss} from './assets.js'
import {digestReport} from './digest.js'
import {CHUNK_ROWS, activity, caseOpen, header, inventory, links, metaOf, method, timelineBreak, timelineHead, timelineRow, timelineTail} from './sections.js'
import {html, raw} from './tag.js'

export {CSP, CSS, SCRIPT} from './assets.js'

export interface HtmlOptions {
  /** Timeline rows are written in chunks of about this many characters (back-pressure). */
  chunkChars?: number
}

export async function writeHtml(report: Report, out: Writable, opts: HtmlOptions = {}): Promise<void> {
  const chunkChars = opts.chunkChars ?? 256 * 1024
  const d = await digestReport(report)
  const title = `dprk-triage report: ${report.cases.map((c) => c.id).join(', ')}`.slice(0, 200)
  const caseNo = metaOf(report).find(([k]) => k === 'Case number')?.[1]
  // the printed page header names the case; it is part of the one style block, whose hash is in the CSP
  const css = CSS + pageCss(`${caseNo ? `${caseNo} · ` : ''}${title}`)
  // the CSP meta tag comes first so it governs everything after it (§5.1); the style and script
  // text go in verbatim because their hashes are in it
  await writeChunk(out, html`<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Security-Policy" content="${raw(cspFor(css))}">
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dprk-triage ${report.generator.version}">
<title>${title}</title>
<style>${raw(css)}</style>
</head>
<body>
`.value)
  await writeChunk(out, header(report, d).value + '\n')
  for (const cd of d.cases) {
    await writeChunk(out, caseOpen(cd).value + '\n' + activity(cd).value + '\n' + timelineHead(cd).value + '\n')
    let buf = ''
    for (let i = 0; i < cd.relevant.length; i++) {
      if (i > 0 && i % CHUNK_ROWS === 0) buf += timelineBreak().value + '\n'
      buf += timelineRow(cd, cd.relevant[i]!).value + '\n'
      if (buf.length >= chunkChars) {
        await writeChunk(out, buf)
        buf = ''
      }
    }
    await writeChunk(out, buf + timelineTail(cd).value + '\n' + inventory(cd).value + '</section>\n')
  }
  await writeChunk(out, links(report, d).value + '\n' + method(report, d).value + '\n')
  await writeChunk(out, `<script>${SCRIPT}</script>\n</body>\n</html>\n`)
}
