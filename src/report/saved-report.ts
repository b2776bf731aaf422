// Reading a saved JSON report (`scan --format json`) back, for `render` and `merge`: checked
// against schemas/report.schema.json piece by piece as it is read (top level, each case, each
// event), refused when its schema or tool version is not this one's. Events are never all in
// memory: a case keeps the byte offset of its events and they stream from the file when a
// writer reads them (report/events.ts).
import {readFileSync} from 'node:fs'

import type {ValidateFunction} from 'ajv'

import {lazyRequire} from '../core/lazy-require.js'
import type {CaseReport, HostIdentityValue, Link, LinkValue, Report, TimelineEvent} from '../lib/model.js'
import {TOOL_VERSION} from '../lib/version.js'
import {JsonCursor, JsonSyntaxError} from './json-cursor.js'

export const REPORT_SCHEMA_ID = 'dprk-triage/report@1'

const ajvLib = lazyRequire<typeof import('ajv')>('ajv')

interface Validators {top: ValidateFunction; case: ValidateFunction; event: ValidateFunction; link: ValidateFunction}
let compiled: Validators | undefined
/** The schema's validators, compiled when a report is first read: a scan that only writes
 * reports (it imports this module for readStoredEvents) never loads AJV (#17 start-up). */
function validators(): Validators {
  if (compiled) return compiled
  const SCHEMA = JSON.parse(readFileSync(new URL('../../schemas/report.schema.json', import.meta.url), 'utf8')) as {$id: string}
  const {Ajv} = ajvLib()
  const ajv = new Ajv({allErrors: false, strict: false})
  ajv.addSchema(SCHEMA)
  const part = (name: string) => ajv.compile({$ref: `${SCHEMA.$id}#/definitions/${name}`})
  compiled = {top: ajv.getSchema(SCHEMA.$id)!, case: part('case'), event: part('event'), link: part('link')}
  return compiled
}

/** A saved report that cannot be used: not JSON, not a report, another schema or tool version. */
export class ReportFileError extends Error {}

/** Where a case's events are in a saved report, and what to change in them as they are read. */
export interface StoredEvents {
  file: string
  /** Byte offset of the case's `events` array. */
  offset: number
  caseId: string
  /** An indicator id to remove from every event (merge recomputes it). */
  drop?: string
  /** Indicator ids to add, by event id. */
  extra?: Record<string, string[]>
  /** Called once every event was read, with the distinct event types (sorted): merge assesses then. */
  onEnd?: (eventTypes: string[]) => void
}

/** A case as found in a saved report: its properties (all, or those asked for) and where its events are. */
export interface SavedCase {
  file: string
  /** Byte offset of the case object. */
  start: number
  eventsAt: number
  eventCount: number
  props: Record<string, unknown>
}

export type ReportTop = Omit<Report, 'cases' | 'links'>

function problems(v: ValidateFunction): string {
  return (v.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')
}

function checkTop(file: string, top: Record<string, unknown>): void {
  if (top.schema !== REPORT_SCHEMA_ID) {
    throw new ReportFileError(`${file}: not a ${REPORT_SCHEMA_ID} report (its schema is ${JSON.stringify(top.schema ?? null)})`)
  }
  const version = (top.generator as {version?: unknown} | undefined)?.version
  if (version !== TOOL_VERSION) {
    throw new ReportFileError(`${file}: written by dprk-triage ${JSON.stringify(version ?? null)}, this is ${TOOL_VERSION}; scan the evidence again with this version (writers and rules differ between versions)`)
  }
}

/**
 * Walks a saved report once: the top-level properties are returned, each case is handed to
 * `onCase` with the properties named in `caseKeys` (all when absent) and its events skipped
 * (counted, and checked against the schema when `checkEvents`). Links are returned when `links`.
 */
export function walkReport(
  file: string,
  opts: {onCase: (c: SavedCase) => void; caseKeys?: ReadonlySet<string>; links?: boolean; checkEvents?: boolean},
): {top: ReportTop; links?: Link[]} {
  let cur: JsonCursor
  try {
    cur = new JsonCursor(file)
  } catch (error) {
    throw new ReportFileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  const top: Record<string, unknown> = {}
  let links: Link[] | undefined
  let sawCases = false
  try {
    if (cur.peek() !== 0x7b) throw new ReportFileError(`${file}: not a JSON report (it does not start with "{"; give the file written by scan --format json)`)
    cur.object((key) => {
      if (key === 'cases') {
        sawCases = true
        cur.array(() => opts.onCase(readCase(cur, file, opts.caseKeys, opts.checkEvents ?? false)))
      } else if (key === 'links') {
        if (!opts.links) return cur.skip()
        links = cur.value() as Link[]
        if (!Array.isArray(links)) throw new ReportFileError(`${file}: "links" is not an array`)
        const validateLink = validators().link
        for (const [i, l] of links.entries()) if (!validateLink(l)) throw new ReportFileError(`${file}: link ${i} does not match the report schema: ${problems(validateLink)}`)
      } else {
        top[key] = cur.value()
        // refuse another schema or version before reading any case
        if (key === 'generator' && 'schema' in top) checkTop(file, top)
      }
    })
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new ReportFileError(error.message)
    throw error
  } finally {
    cur.close()
  }
  checkTop(file, top)
  if (!sawCases) throw new ReportFileError(`${file}: has no "cases"`)
  const validateTop = validators().top
  if (!validateTop({...top, cases: [], links: []})) throw new ReportFileError(`${file}: does not match the report schema: ${problems(validateTop)}`)
  return {top: top as unknown as ReportTop, ...(links ? {links} : {})}
}

function readCase(cur: JsonCursor, file: string, keys: ReadonlySet<string> | undefined, checkEvents: boolean): SavedCase {
  cur.peek()
  const c: SavedCase = {file, start: cur.pos, eventsAt: -1, eventCount: 0, props: {}}
  cur.object((key) => {
    if (key === 'events') {
      cur.peek()
      c.eventsAt = cur.pos
      cur.array(() => {
        if (checkEvents) checkEvent(file, c.props.id, c.eventCount, cur.value())
        else cur.skip()
        c.eventCount++
      })
    } else if (!keys || keys.has(key)) {
      c.props[key] = cur.value()
    } else {
      cur.skip()
    }
  })
  if (c.eventsAt < 0) throw new ReportFileError(`${file}: case ${JSON.stringify(c.props.id ?? '?')} has no "events"`)
  const validateCase = validators().case
  if (!keys && !validateCase({...c.props, events: []})) {
    throw new ReportFileError(`${file}: case ${JSON.stringify(c.props.id ?? '?')} does not match the report schema: ${problems(validateCase)}`)
  }
  if (keys && typeof c.props.id !== 'string') throw new ReportFileError(`${file}: a case has no "id"`)
  return c
}

function checkEvent(file: string, caseId: unknown, n: number, e: unknown): asserts e is TimelineEvent {
  const validateEvent = validators().event
  if (!validateEvent(e)) throw new ReportFileError(`${file}: case ${JSON.stringify(caseId)} event ${n} does not match the report schema: ${problems(validateEvent)}`)
}

/** Re-reads one case (all properties) at the offset `walkReport` gave. */
export function readCaseAt(file: string, start: number): SavedCase {
  const cur = new JsonCursor(file)
  try {
    cur.seek(start)
    return readCase(cur, file, undefined, false)
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new ReportFileError(error.message)
    throw error
  } finally {
    cur.close()
  }
}

/** A case report whose events stay in the file (see StoredEvents); `linkValues` and `hostIdentity` go back to `internal`. */
export function toCaseReport(s: SavedCase): CaseReport {
  const {linkValues, hostIdentity, events: _events, ...rest} = s.props
  const c = {...rest, events: []} as unknown as CaseReport
  c.internal = {
    eventCount: s.eventCount,
    eventTypes: [],
    ...(linkValues ? {linkValues: linkValues as LinkValue[]} : {}),
    ...(hostIdentity ? {hostIdentity: hostIdentity as HostIdentityValue[]} : {}),
    stored: {file: s.file, offset: s.eventsAt, caseId: c.id},
  }
  return c
}

/** A case's events from the file, checked against the schema, with indicator changes applied. */
export function* readStoredEvents(s: StoredEvents): Generator<TimelineEvent> {
  const cur = new JsonCursor(s.file)
  try {
    cur.seek(s.offset)
    let n = 0
    const types = new Set<string>()
    for (const e of cur.items()) {
      checkEvent(s.file, s.caseId, n++, e)
      types.add(e.type)
      if (s.drop && e.indicators.includes(s.drop)) e.indicators = e.indicators.filter((i) => i !== s.drop)
      const add = s.extra?.[e.id]
      if (add) for (const i of add) if (!e.indicators.includes(i)) e.indicators.push(i)
      yield e
    }
    s.onEnd?.([...types].sort())
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new ReportFileError(error.message)
    throw error
  } finally {
    cur.close()
  }
}

/** A whole saved report for the writers (render): cases in memory, events left in the file. */
export function loadSavedReport(file: string): Report {
  const cases: CaseReport[] = []
  const {top, links} = walkReport(file, {onCase: (c) => cases.push(toCaseReport(c)), links: true, checkEvents: true})
  return {...top, cases, links: links ?? []} as Report
}
