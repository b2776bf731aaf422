// `--format json`: the contract `dprk-triage/report@1` (shared/contracts/report-json.md),
// written property by property so a case's events stream from memory or disk; pipeline-internal
// data (`internal`) is never written, except a case's link values (`linkValues`, before its
// events), which `merge` needs to find cross-case links without the evidence. Layout equals
// JSON.stringify(report, null, 2).
import type {Writable} from 'node:stream'

import type {CaseReport, Link, Report} from '../lib/model.js'
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

/**
 * One case object. The properties after the events are read once the events are written, so
 * a streamed case (merge) can complete its findings and assessment from what it read.
 */
export async function writeJsonCase(c: CaseReport, out: Writable, last: boolean): Promise<void> {
  const head = {id: c.id, evidence: c.evidence, artifacts: c.artifacts, linkValues: c.internal?.linkValues}
  await writeChunk(out, `    {\n${props(head, 3).join(',\n')},\n      "events": [`)
  let first = true
  for await (const e of eventsOf(c)) {
    await writeChunk(out, `${first ? '' : ','}\n        ${pretty(e, 4)}`)
    first = false
  }
  const {id: _id, evidence: _evidence, artifacts: _artifacts, events: _events, internal: _internal, ...after} = c
  await writeChunk(out, `${first ? '' : '\n      '}],\n${props(after, 3).join(',\n')}\n    }${last ? '' : ','}\n`)
}

/** Everything before the first case. */
export async function writeJsonHead(top: Omit<Report, 'cases' | 'links'>, out: Writable, hasCases: boolean): Promise<void> {
  await writeChunk(out, `{\n${props(top as Record<string, unknown>, 1).join(',\n')},\n  "cases": [${hasCases ? '\n' : ''}`)
}

/** Everything after the last case. */
export async function writeJsonTail(links: Link[], out: Writable, hadCases: boolean): Promise<void> {
  await writeChunk(out, `${hadCases ? '  ' : ''}],\n  "links": ${pretty(links, 1)}\n}\n`)
}

export async function writeJson(report: Report, out: Writable): Promise<void> {
  const {cases, links, ...top} = report
  await writeJsonHead(top, out, cases.length > 0)
  for (const [i, c] of cases.entries()) await writeJsonCase(c, out, i === cases.length - 1)
  await writeJsonTail(links, out, cases.length > 0)
}
