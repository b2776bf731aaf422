// `--format jsonl`: one Timesketch-ready event per line, cases in argument order, streamed; a
// not-evaluated case gets one line of its own first (timesketch.ts `notEvaluatedRow`).
import type {Writable} from 'node:stream'

import type {Report} from '../lib/model.js'
import {eventsOf} from './events.js'
import {writeChunk} from './output.js'
import {notEvaluatedRow, timesketchRow} from './timesketch.js'

const BLOCK = 1024 * 1024

export async function writeJsonl(report: Report, out: Writable): Promise<void> {
  // lines are encoded into 1 MiB buffers as they are made: a string batch handed to the file
  // stream lived until its asynchronous write ended, so 855 MB of text for 1,000,000 History
  // events went through the old generation (heap and RSS grew during the write; issue #17)
  let block = Buffer.allocUnsafe(BLOCK)
  let used = 0
  const put = async (line: string) => {
    // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (used + line.length * 3 > block.length) {
      if (used > 0) await writeChunk(out, block.subarray(0, used))
      block = Buffer.allocUnsafe(Math.max(BLOCK, line.length * 3))
      used = 0
    }
    used += block.write(line, used)
  }
  for (const c of report.cases) {
    const status = notEvaluatedRow(c)
    if (status) await put(JSON.stringify(status) + '\n')
    for await (const e of eventsOf(c)) await put(JSON.stringify(timesketchRow(c, e)) + '\n')
  }
  if (used > 0) await writeChunk(out, block.subarray(0, used))
}
