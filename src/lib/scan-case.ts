// One evidence argument (a case) through the pipeline: evidence listing -> recognition ->
// parsing into events -> artifact inventory. Indicator matching and assessment come after.
import {createHash} from 'node:crypto'

import {archiveEvents, ARCHIVE_KIND} from '../artifacts/archive/zip-listing.js'
import {hostZoneFromHives} from '../artifacts/hive/host-zone.js'
import {knownLocationOf} from '../artifacts/known-locations.js'
import {PARSERS} from '../artifacts/registry.js'
import {SNIFF_BYTES, type ArtifactClaim, type ArtifactParser, type ParseContext, type RegisteredParser} from '../artifacts/types.js'
import {pathInfoOf} from '../evidence/paths.js'
import {DEFAULT_LIMITS, readHead, type EvidenceLimits} from '../evidence/virtual-file.js'
import {walkEvidence} from '../evidence/walk.js'
import {contentInfoOf, gunzipFiles} from '../evidence/gzip.js'
import {HashedInput} from './artifact-input.js'
import type {ArtifactRecord, ParsedEvent, TimelineEvent} from './model.js'
import {capEventValues, MAX_FIELD_CHARS} from './field-cap.js'
import {capRaw, TextDecoding, type Codepage} from './text.js'
import {unreadArtifact} from './unread-artifact.js'
import {canonicalIso, precisionOfDigits, timeSortKey} from './time.js'
import {inRange, type TimeRange} from './time-range.js'
import {timesketchLine} from '../report/timesketch-line.js'

export interface ScanOptions {
  caseId: string
  /** The host's zone (`--host-tz`): applied only to local-time sources (see `hostTzFor`). */
  hostTz?: string
  /** Kinds whose zone-less times are local on this build although the parser declares otherwise (`--local-time-kinds`). */
  localTimeKinds?: readonly string[]
  /** Code page of non-UTF-8 text (`--codepage`); else detected per artifact. */
  codepage?: Codepage
  limits?: EvidenceLimits
  /** Registry entries (implementation loaded when a file is claimed) or whole parsers; default PARSERS. */
  parsers?: readonly (RegisteredParser | ArtifactParser)[]
  /** Called once per artifact as it completes (progress display). */
  onArtifact?: (a: ArtifactRecord) => void
  /**
   * Receives every event as soon as its artifact is parsed, in artifact order; the scan then
   * keeps none of them (large timelines stream into an EventStore instead of memory).
   */
  onEvent?: (e: TimelineEvent) => void
  /**
   * Indicator matching, run on each event in the window before it is delivered. With it, a `raw`
   * that a parser builds on demand (`rawOf`) is built only for events that matched an indicator.
   */
  match?: (e: TimelineEvent) => void
  /** Only events in this window are delivered (`--from`/`--to`); ids are given before the test. */
  timeRange?: TimeRange
  /** Kinds to read (`--kinds`/`--exclude-kinds`); files of other kinds are counted as skipped. */
  selectKind?: (kind: string) => boolean
  /**
   * A JSONL-only run's line store, offered to parsers as ParseContext.lines (not with a time
   * window): `quiet` says whether matching and analysis have nothing to do with events like this
   * one, `add` keeps a finished line.
   */
  lines?: {
    quiet(e: TimelineEvent, perRow: readonly string[]): boolean
    add(type: string, line: string): void
  }
}

export interface ScannedCase {
  id: string
  evidence: string
  artifacts: ArtifactRecord[]
  events: TimelineEvent[]
  warnings: string[]
  /** Files at an artifact location (a parser's path test passed) not read: content not recognised, or kind not selected. */
  skipped: number
  /** Events left out by the time window. */
  outsideRange: number
}

const MAX_WARNINGS_PER_ARTIFACT = 50

/**
 * Stable event ids: a hash of case and artifact path, then the event's position in the
 * artifact. Same input, same id; another artifact added to the evidence changes no id.
 */
export function eventIdPrefix(caseId: string, artifactPath: string): string {
  return 'ev-' + createHash('sha256').update(`${caseId}\0${artifactPath}`).digest('hex').slice(0, 12) + '-'
}

export function eventId(caseId: string, artifactPath: string, seq: number): string {
  return eventIdPrefix(caseId, artifactPath) + seq.toString(36)
}

export async function scanCase(evidence: string, opts: ScanOptions): Promise<ScannedCase> {
  const parsers = opts.parsers ?? PARSERS
  const limits = opts.limits ?? DEFAULT_LIMITS
  const warnings: string[] = []
  const artifacts: ArtifactRecord[] = []
  const events: TimelineEvent[] = []
  const sink = opts.onEvent ?? ((e: TimelineEvent) => void events.push(e))
  const inside = inRange(opts.timeRange)
  const select = opts.selectKind ?? (() => true)
  let outsideRange = 0
  let skipped = 0
  const match = opts.match
  const checked = match ? (e: TimelineEvent) => (match(e), sink(e)) : sink
  const deliver = inside ? (e: TimelineEvent) => (inside(e.time) ? checked(e) : void outsideRange++) : checked
  const hostTz = opts.hostTz ?? (await hostZoneFromEvidence(evidence, limits, warnings))

  try {
    const warn = (w: string) => void warnings.push(w)
    for await (const file of gunzipFiles(walkEvidence(evidence, limits, warn), limits, warn)) {
      const info = contentInfoOf(file)
      if (file.archive) {
        if (!select(ARCHIVE_KIND)) {
          skipped++
          continue
        }
        const record: ArtifactRecord = {
          path: file.path, logicalPath: info.logicalPath, kind: ARCHIVE_KIND, sha256: '', size: file.size,
          status: 'parsed', events: 0, warnings: [],
        }
        const prefix = eventIdPrefix(opts.caseId, file.path)
        let n = 0
        try {
          for await (const e of archiveEvents(file.archive.members, hostTz)) deliver(toTimelineEvent(e, prefix, file.path, n++))
        } catch (error) {
          record.warnings.push(`listing stopped after ${n} members: ${(error as Error).message}`)
          record.status = 'partial'
        }
        try {
          record.sha256 = await file.archive.sha256
        } catch (error) {
          record.warnings.push(`could not hash the archive (${(error as Error).message})`)
          record.status = 'partial'
        }
        record.events = n
        artifacts.push(record)
        opts.onArtifact?.(record)
        continue
      }
      // a file at a known artifact location that no parser reads is listed as failed/unsupported (rule 2)
      const known = knownLocationOf(info)
      const listUnread = async (head: Buffer | undefined, readError?: string) => {
        const record = await unreadArtifact(file, file.compressed ? pathInfoOf(file.path).logicalPath : info.logicalPath, known!, head, readError)
        artifacts.push(record)
        opts.onArtifact?.(record)
      }
      const matched = parsers.filter((p) => p.matchPath(info))
      const candidates = matched.filter((p) => select(p.kind))
      const listsUnread = known !== undefined && select(known.kind) && parsers.some((p) => p.kind === known.kind)
      if (candidates.length === 0 && !listsUnread) {
        if (matched.length > 0 || known) skipped++
        continue
      }
      let head: Buffer
      try {
        head = await readHead(file, SNIFF_BYTES)
      } catch (error) {
        if (listsUnread) await listUnread(undefined, (error as Error).message)
        else warnings.push(`${file.path}: could not be read (${(error as Error).message})`)
        continue
      }
      const parser = candidates.find((p) => safeSniff(p, head, info))
      if (!parser) {
        if (listsUnread) await listUnread(head)
        else skipped++
        continue
      }

      const input = new HashedInput(info, file)
      const record: ArtifactRecord = {
        path: file.path, logicalPath: file.compressed ? pathInfoOf(file.path).logicalPath : info.logicalPath, kind: parser.kind, sha256: '', size: file.size,
        status: 'parsed', events: 0, warnings: [],
      }
      let warnCount = 0
      let produced = 0
      const prefix = eventIdPrefix(opts.caseId, file.path)
      const text = new TextDecoding({codepage: opts.codepage, head})
      const ctx: ParseContext = {
        hostTz: hostTzFor(parser, {hostTz, localTimeKinds: opts.localTimeKinds}),
        text,
        emit(e: ParsedEvent) {
          const cut = capEventValues(e)
          if (cut.length > 0) ctx.warn(`${e.location}: ${cut.join(', ')} longer than ${MAX_FIELD_CHARS} characters kept as first and last KiB with length and SHA-256`)
          const ev = toTimelineEvent(e, prefix, file.path, produced++)
          // only line-based locations can carry the line's bytes (a regex per event was measurable)
          const line = e.location.charCodeAt(0) === 108 ? /^line (\d+)$/.exec(e.location) : null
          const hex = line ? text.rawHex(Number(line[1])) : undefined
          if (hex !== undefined) ev.rawHex = hex
          if (e.rawOf && match) {
            // matched here, before delivery, so that the raw row follows the verdict
            if (inside && !inside(ev.time)) return void outsideRange++
            match(ev)
            if (ev.indicators.length > 0) ev.raw = capRaw(e.rawOf())
            return sink(ev)
          }
          if (e.rawOf) ev.raw = capRaw(e.rawOf())
          deliver(ev)
        },
        warn(message: string) {
          warnCount++
          if (record.warnings.length < MAX_WARNINGS_PER_ARTIFACT) record.warnings.push(message)
        },
        summarise(inventory) {
          record.inventory = {...inventory}
        },
        note(message: string) {
          const notes = (record.notes ??= [])
          if (notes.length < MAX_WARNINGS_PER_ARTIFACT) notes.push(message)
        },
      }
      const lines = opts.lines
      if (lines && !inside) {
        ctx.lines = {
          caseJson: JSON.stringify(opts.caseId),
          artifactJson: JSON.stringify(file.path),
          idPrefix: prefix,
          quiet(e, perRow) {
            // a value the cap would cut differs from event to event in what is kept: not quiet
            if (capEventValues(e).length > 0) return undefined
            const ev = toTimelineEvent(e, prefix, file.path, 0)
            return lines.quiet(ev, perRow) ? ev : undefined
          },
          next: () => produced++,
          add: lines.add,
          lineOf(e, seq) {
            capEventValues(e)
            return timesketchLine(opts.caseId, toTimelineEvent(e, prefix, file.path, seq))
          },
        }
      }
      let failedWith: string | undefined
      try {
        await (await implementationOf(parser)).parse(input, ctx)
      } catch (error) {
        failedWith = (error as Error).message || String(error)
      }
      try {
        record.sha256 = await input.sha256()
      } catch (error) {
        ctx.warn(`could not hash the artifact (${(error as Error).message})`)
      }
      if (input.sideFilesUsed.length) record.sideFiles = [...input.sideFilesUsed]
      for (const w of input.sideFileWarnings) ctx.warn(w)
      await input.cleanup()
      const decoded = file.compressed?.decodedSize()
      if (decoded !== undefined) record.decompressedSize = decoded
      if (warnCount > MAX_WARNINGS_PER_ARTIFACT) {
        record.warnings.push(`… ${warnCount - MAX_WARNINGS_PER_ARTIFACT} more warnings not listed`)
      }
      if (failedWith !== undefined) {
        record.warnings.push(`parsing stopped: ${failedWith}`)
        record.status = produced > 0 ? 'partial' : 'failed'
      } else if (warnCount > 0) {
        record.status = 'partial'
      }
      record.events = produced
      const notes = text.notes()
      if (notes.length > 0) record.notes = notes
      if (text.codepage && text.codepageLines > 0) record.codepage = text.codepage
      artifacts.push(record)
      opts.onArtifact?.(record)
    }
  } catch (error) {
    warnings.push(`${evidence}: evidence walk stopped (${(error as Error).message})`)
  }

  sortEvents(events)
  return {id: opts.caseId, evidence, artifacts, events, warnings, skipped, outsideRange}
}

/**
 * Without --host-tz, the zone of the case's SYSTEM hive (when there is exactly one zone) is the
 * host zone of its zone-less local times; the case warnings say so. --host-tz always wins.
 */
async function hostZoneFromEvidence(evidence: string, limits: EvidenceLimits, warnings: string[]): Promise<string | undefined> {
  try {
    const z = await hostZoneFromHives(evidence, limits, (m) => void warnings.push(m))
    if (!z) return undefined
    warnings.push(`host time zone ${z.zone} taken from ${z.path} (TimeZoneKeyName "${z.windowsName}"): zone-less local times are converted with it (timeBasis local-converted); --host-tz overrides`)
    return z.zone
  } catch {
    return undefined
  }
}

/**
 * `--host-tz` converts only sources that write local time: a zone applied to a UTC source (an
 * AnyDesk trace) would move its events by the offset.
 */
export function hostTzFor(parser: Pick<ArtifactParser, 'kind' | 'timeSource'>, opts: Pick<ScanOptions, 'hostTz' | 'localTimeKinds'>): string | undefined {
  if (!opts.hostTz) return undefined
  return convertsLocalTime(parser, opts.localTimeKinds) ? opts.hostTz : undefined
}

export function convertsLocalTime(parser: Pick<ArtifactParser, 'kind' | 'timeSource'>, localTimeKinds: readonly string[] = []): boolean {
  return parser.timeSource === 'local' || localTimeKinds.includes(parser.kind)
}

/** A registry entry's implementation (imported on its first claimed file), or a parser given whole. */
async function implementationOf(p: RegisteredParser | ArtifactParser): Promise<ArtifactParser> {
  if (!('load' in p)) return p
  try {
    return await p.load()
  } catch (error) {
    throw new Error(`the ${p.kind} parser could not be loaded (${(error as Error).message || String(error)})`)
  }
}

function safeSniff(p: ArtifactClaim, head: Buffer, info: ReturnType<typeof pathInfoOf>): boolean {
  try {
    return p.sniff(head, info)
  } catch {
    return false
  }
}

/** A field value that is a whole UTC ISO time is a time the parser extracted (`end_time`, `key_last_write`). */
const looksIso = (v: string) => v.length >= 20 && v.length <= 30 && v.charCodeAt(10) === 84 && v.charCodeAt(v.length - 1) === 90

/**
 * Parsers keep the source's fraction digits (0, 3, 6 or 7); the model has one fixed precision
 * (µs) so every output sorts as text, and `timePrecision` says what the source had.
 */
function outputTime(e: ParsedEvent): Pick<TimelineEvent, 'time' | 'timePrecision'> {
  if (e.time === null) return {time: null}
  const c = canonicalIso(e.time)
  // not a UTC ISO time (a parser bug): kept as written, the schema test shows it up
  if (!c) return {time: e.time, timePrecision: e.timePrecision}
  return {time: c.iso, timePrecision: e.timePrecision ?? precisionOfDigits(c.digits)}
}

function outputFields(fields: ParsedEvent['fields']): ParsedEvent['fields'] {
  let out = fields
  for (const k in fields) {
    const v = fields[k]
    if (typeof v !== 'string' || !looksIso(v)) continue
    const c = canonicalIso(v)
    if (!c || c.iso === v) continue
    if (out === fields) out = {...fields}
    out[k] = c.iso
  }
  return out
}

function toTimelineEvent(e: ParsedEvent, idPrefix: string, artifactPath: string, seq: number): TimelineEvent {
  const t = outputTime(e)
  const ev: TimelineEvent = {
    id: idPrefix + seq.toString(36),
    time: t.time,
    timeBasis: t.time === null ? 'unknown' : e.timeBasis,
    type: e.type,
    timestampDesc: e.timestampDesc,
    artifact: artifactPath,
    location: e.location,
    message: e.message,
    fields: outputFields(e.fields),
    indicators: [],
  }
  if (t.timePrecision) ev.timePrecision = t.timePrecision
  if (e.raw !== undefined) ev.raw = capRaw(e.raw)
  return ev
}

/** Contract order: by time, nulls last, stable for equal times (artifact order, then emission order). */
export function sortEvents(events: TimelineEvent[]): void {
  const keyed = events.map((e, i) => ({e, i, k: timeSortKey(e.time)}))
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
  for (let i = 0; i < keyed.length; i++) events[i] = keyed[i]!.e
}
