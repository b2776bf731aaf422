// `--format json`: the contract `dprk-triage/report@1` (shared/contracts/report-json.md),
// written property by property so a case's events stream from memory or disk; pipeline-internal
// data (`internal`) is never written. Layout equals JSON.stringify(report, null, 2).
import type {Writable} from 'node:stream'

import type {CaseReport, Report} from '../lib/model.js'
import {eventsOf} from './events.js'
import {writeChunk} from './output.js'

/** JSON.stringify with 2-space indent, for a value sitting `depth` levels deep. */
function pretty(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, '\n' + '  '.repeat(depth))
}

function props(obj: Record<string, unknown>, depth: number): string[] {
  const pad = '  '.repeat(depth)
  return Object.entries(obj).filter(([, v]) => v !== undefined).map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pretty(v, depth)}`)
}

async function writeCase(c: CaseReport, out: Writable, last: boolean): Promise<void> {
  const {id, evidence, artifacts, events: _events, internal: _internal, ...after} = c
  await writeChunk(out, `    {\n${props({id, evidence, artifacts}, 3).join(',\n')},\n      "events": [`)
  let first = true
  for await (const e of eventsOf(c)) {
    await writeChunk(out, `${first ? '' : ','}\n        ${pretty(e, 4)}`)
    first = false
  }
  await writeChunk(out, `${first ? '' : '\n      '}],\n${props(after, 3).join(',\n')}\n    }${last ? '' : ','}\n`)
}

export async function writeJson(report: Report, out: Writable): Promise<void> {
  const {cases, links, ...top} = report
  await writeChunk(out, `{\n${props(top, 1).join(',\n')},\n  "cases": [${cases.length ? '\n' : ''}`)
  for (const [i, c] of cases.entries()) await writeCase(c, out, i === cases.length - 1)
  await writeChunk(out, `${cases.length ? '  ' : ''}],\n  "links": ${pretty(links, 1)}\n}\n`)
}
