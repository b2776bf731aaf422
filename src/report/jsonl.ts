// `--format jsonl`: one Timesketch-ready event per line, cases in argument order.
import type {Writable} from 'node:stream'

import type {Report} from '../lib/model.js'
import {writeChunk} from './output.js'
import {timesketchRow} from './timesketch.js'

export async function writeJsonl(report: Report, out: Writable): Promise<void> {
  for (const c of report.cases) {
    for (const e of c.events) await writeChunk(out, JSON.stringify(timesketchRow(c, e)) + '\n')
  }
}
