// One evidence argument (a case) through the pipeline: evidence listing -> recognition ->
// parsing into events -> artifact inventory. Indicator matching and assessment come after.
import {createHash} from 'node:crypto'

import {archiveEvents, ARCHIVE_KIND} from '../artifacts/archive/zip-listing.js'
import {PARSERS} from '../artifacts/registry.js'
import {SNIFF_BYTES, type ArtifactParser, type ParseContext} from '../artifacts/types.js'
import {pathInfoOf} from '../evidence/paths.js'
import {DEFAULT_LIMITS, type EvidenceLimits} from '../evidence/virtual-file.js'
import {walkEvidence} from '../evidence/walk.js'
import {HashedInput, readHead} from './artifact-input.js'
import type {ArtifactRecord, ParsedEvent, TimelineEvent} from './model.js'
import {capEventValues, MAX_FIELD_CHARS} from './field-cap.js'
import {capRaw, TextDecoding, type Codepage} from './text.js'
import {timeSortKey} from './time.js'

export interface ScanOptions {
  caseId: string
  hostTz?: string
  /** Code page of non-UTF-8 text (`--codepage`); else detected per artifact. */
  codepage?: Codepage
  limits?: EvidenceLimits
  parsers?: readonly ArtifactParser[]
  /** Called once per artifact as it completes (progress display). */
  onArtifact?: (a: ArtifactRecord) => void
  /**
   * Receives every event as soon as its artifact is parsed, in artifact order; the scan then
   * keeps none of them (large timelines stream into an EventStore instead of memory).
   */
  onEvent?: (e: TimelineEvent) => void
}

export interface ScannedCase {
  id: string
  evidence: string
  artifacts: ArtifactRecord[]
  events: TimelineEvent[]
  warnings: string[]
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
  const deliver = opts.onEvent ?? ((e: TimelineEvent) => void events.push(e))

  try {
    for await (const file of walkEvidence(evidence, limits, (w) => warnings.push(w))) {
      const info = pathInfoOf(file.path)
      if (file.archive) {
        const record: ArtifactRecord = {
          path: file.path, logicalPath: info.logicalPath, kind: ARCHIVE_KIND, sha256: '', size: file.size,
          status: 'parsed', events: 0, warnings: [],
        }
        const prefix = eventIdPrefix(opts.caseId, file.path)
        let n = 0
        try {
          for await (const e of archiveEvents(file.archive.members, opts.hostTz)) deliver(toTimelineEvent(e, prefix, file.path, n++))
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
      const candidates = parsers.filter((p) => p.matchPath(info))
      if (candidates.length === 0) continue
      let head: Buffer
      try {
        head = await readHead(file, SNIFF_BYTES)
      } catch (error) {
        warnings.push(`${file.path}: could not be read (${(error as Error).message})`)
        continue
      }
      const parser = candidates.find((p) => safeSniff(p, head, info))
      if (!parser) continue

      const input = new HashedInput(info, file)
      const record: ArtifactRecord = {
        path: file.path, logicalPath: info.logicalPath, kind: parser.kind, sha256: '', size: file.size,
        status: 'parsed', events: 0, warnings: [],
      }
      let warnCount = 0
      let produced = 0
      const prefix = eventIdPrefix(opts.caseId, file.path)
      const text = new TextDecoding({codepage: opts.codepage, head})
      const ctx: ParseContext = {
        hostTz: opts.hostTz,
        text,
        emit(e: ParsedEvent) {
          const cut = capEventValues(e)
          if (cut.length > 0) ctx.warn(`${e.location}: ${cut.join(', ')} longer than ${MAX_FIELD_CHARS} characters kept as first and last KiB with length and SHA-256`)
          const ev = toTimelineEvent(e, prefix, file.path, produced++)
          const line = /^line (\d+)$/.exec(e.location)
          const hex = line ? text.rawHex(Number(line[1])) : undefined
          if (hex !== undefined) ev.rawHex = hex
          deliver(ev)
        },
        warn(message: string) {
          warnCount++
          if (record.warnings.length < MAX_WARNINGS_PER_ARTIFACT) record.warnings.push(message)
        },
      }
      let failedWith: string | undefined
      try {
        await parser.parse(input, ctx)
      } catch (error) {
        failedWith = (error as Error).message || String(error)
      }
      try {
        record.sha256 = await input.sha256()
      } catch (error) {
        ctx.warn(`could not hash the artifact (${(error as Error).message})`)
      }
      await input.cleanup()
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
  return {id: opts.caseId, evidence, artifacts, events, warnings}
}

function safeSniff(p: ArtifactParser, head: Buffer, info: ReturnType<typeof pathInfoOf>): boolean {
  try {
    return p.sniff(head, info)
  } catch {
    return false
  }
}

function toTimelineEvent(e: ParsedEvent, idPrefix: string, artifactPath: string, seq: number): TimelineEvent {
  const ev: TimelineEvent = {
    id: idPrefix + seq.toString(36),
    time: e.time,
    timeBasis: e.time === null ? 'unknown' : e.timeBasis,
    type: e.type,
    timestampDesc: e.timestampDesc,
    artifact: artifactPath,
    location: e.location,
    message: e.message,
    fields: e.fields,
    indicators: [],
  }
  if (e.timePrecision) ev.timePrecision = e.timePrecision
  if (e.raw !== undefined) ev.raw = capRaw(e.raw)
  return ev
}

/** Contract order: by time, nulls last, stable for equal times (artifact order, then emission order). */
export function sortEvents(events: TimelineEvent[]): void {
  const keyed = events.map((e, i) => ({e, i, k: timeSortKey(e.time)}))
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
  for (let i = 0; i < keyed.length; i++) events[i] = keyed[i]!.e
}
