// `--format jsonl`: one Timesketch-ready event per line, cases in argument order, streamed; a
// not-evaluated case gets one line of its own first (timesketch.ts `notEvaluatedRow`).
import type {Writable} from 'node:stream'

import type {Report} from '../lib/model.js'
import {storedLines} from '../lib/line-store.js'
import {eventsOf} from './events.js'
import {writeChunk} from './output.js'
import {notEvaluatedRow, timesketchRow} from './timesketch.js'

const BLOCK = 1024 * 1024

export async function writeJsonl(report: Report, out: Writable, opts: {readOnce?: boolean} = {}): Promise<void> {
  // lines are encoded into 1 MiB buffers as they are made: a string batch handed to the file
  // stream lived until its asynchronous write ended, so 855 MB of text for 1,000,000 History
  // events went through the old generation (heap and RSS grew during the write; issue #17)
  let block = Buffer.allocUnsafe(BLOCK)
  let used = 0
  const put = async (line: string | Buffer) => {
    // UTF-8 needs at most 3 bytes per UTF-16 unit
    const most = typeof line === 'string' ? line.length * 3 : line.length
    if (used + most > block.length) {
      if (used > 0) await writeChunk(out, block.subarray(0, used))
      block = Buffer.allocUnsafe(Math.max(BLOCK, most))
      used = 0
    }
    // bytes are copied: a stored line is a view of its reader's buffer, reused for the next one
    used += typeof line === 'string' ? block.write(line, used) : line.copy(block, used)
  }
  for (const c of report.cases) {
    const status = notEvaluatedRow(c)
    if (status) await put(JSON.stringify(status) + '\n')
    const lines = c.internal?.lines
    if (!lines) {
      for await (const e of eventsOf(c)) await put(JSON.stringify(timesketchRow(c, e)) + '\n')
      continue
    }
    // lines made as the events were produced (lib/line-store.ts); a timeline that is one run in
    // time order comes as its file's bytes
    for (const chunk of storedLines(lines, undefined, opts.readOnce)) await put(chunk)
  }
  if (used > 0) await writeChunk(out, block.subarray(0, used))
}
