// `--format json`: the contract `dprk-triage/report@1` (shared/contracts/report-json.md),
// written property by property so a case's events stream from memory or disk; pipeline-internal
// data (`internal`) is never written, except a case's link values and host identity
// (`linkValues`, `hostIdentity`, before its events), which `merge` needs to find cross-case
// links and collections of one machine without the evidence. Layout equals
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
  const head = {id: c.id, evidence: c.evidence, artifacts: c.artifacts, linkValues: c.internal?.linkValues, hostIdentity: c.internal?.hostIdentity}
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

/**
 * Everything after the last case. `eventLines(i)` may give link i's event ids as already
 * written lines (merge keeps them on disk rather than in memory); `links[i].events` is then unused.
 */
export async function writeJsonTail(links: Link[], out: Writable, hadCases: boolean, eventLines?: (i: number) => AsyncIterable<string>): Promise<void> {
  if (!eventLines || links.length === 0) {
    await writeChunk(out, `${hadCases ? '  ' : ''}],\n  "links": ${pretty(links, 1)}\n}\n`)
    return
  }
  await writeChunk(out, `${hadCases ? '  ' : ''}],\n  "links": [\n`)
  const MARK = '\u0000events'
  for (const [i, l] of links.entries()) {
    const text = `    ${pretty({type: l.type, value: l.value, cases: l.cases, events: [MARK]}, 2)}`
    const at = text.indexOf(`        ${JSON.stringify(MARK)}`)
    await writeChunk(out, text.slice(0, at))
    let first = true
    for await (const lines of eventLines(i)) {
      await writeChunk(out, (first ? '' : ',\n') + lines)
      first = false
    }
    await writeChunk(out, text.slice(at + 8 + JSON.stringify(MARK).length) + (i === links.length - 1 ? '\n' : ',\n'))
  }
  await writeChunk(out, '  ]\n}\n')
}

/** Event ids as the lines writeJsonTail puts them in a link's `events`. */
export function linkEventLines(ids: string[]): string {
  return ids.map((id) => `        ${JSON.stringify(id)}`).join(',\n')
}

export async function writeJson(report: Report, out: Writable): Promise<void> {
  const {cases, links, ...top} = report
  await writeJsonHead(top, out, cases.length > 0)
  for (const [i, c] of cases.entries()) await writeJsonCase(c, out, i === cases.length - 1)
  await writeJsonTail(links, out, cases.length > 0)
}
