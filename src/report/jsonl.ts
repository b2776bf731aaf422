// `--format jsonl`: one Timesketch-ready event per line, cases in argument order, streamed; a
// not-evaluated case gets one line of its own first (timesketch.ts `notEvaluatedRow`).
import type {Writable} from 'node:stream'

import type {Report} from '../lib/model.js'
import {eventsOf} from './events.js'
import {writeChunk} from './output.js'
import {notEvaluatedRow, timesketchRow} from './timesketch.js'

export async function writeJsonl(report: Report, out: Writable): Promise<void> {
  for (const c of report.cases) {
    const status = notEvaluatedRow(c)
    let batch = status ? JSON.stringify(status) + '\n' : ''
    for await (const e of eventsOf(c)) {
      batch += JSON.stringify(timesketchRow(c, e)) + '\n'
      // under 128 KB: larger strings go to the old generation (see lib/event-store.ts)
      if (batch.length > 64 * 1024) {
        await writeChunk(out, batch)
        batch = ''
      }
    }
    if (batch) await writeChunk(out, batch)
  }
}
