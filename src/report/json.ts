// `--format json`: the contract `dprk-triage/report@1` (shared/contracts/report-json.md).
import type {Writable} from 'node:stream'

import type {Report} from '../lib/model.js'
import {writeChunk} from './output.js'

export async function writeJson(report: Report, out: Writable): Promise<void> {
  await writeChunk(out, JSON.stringify(report, null, 2) + '\n')
}
