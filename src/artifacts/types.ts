// The contract between the evidence layer and the artifact parsers. One module per artifact kind
// implements `ArtifactParser`; `registry.ts` lists them explicitly.
import type {Readable} from 'node:stream'

import type {ParsedEvent} from '../lib/model.js'
import type {TextDecoding} from '../lib/text.js'

export interface PathInfo {
  /** Evidence-relative path as found (`outer.zip!uploads/auto/C%3A/...`). */
  path: string
  /** Natural path on the source machine, `/`-separated (`C:/Users/bob/AppData/...`, `home/u/.anydesk/...`). */
  logicalPath: string
  /** Last segment of the logical path. */
  name: string
  /** `logicalPath` lower-cased, for case-insensitive Windows path tests. */
  lower: string
}

export interface ArtifactInput {
  info: PathInfo
  size: number
  mtime?: Date
  /** The artifact's bytes as a stream; the pipeline hashes what flows through it. Call once. */
  stream(): Promise<Readable>
  /**
   * The artifact's bytes in blocks, hashed as `stream()` is (call one of the two, once). A large
   * file on disk is read into two reused buffers, so a block is valid only until the next one is
   * asked for: copy what must outlive it. For gigabyte logs, where a stream allocates (and the
   * kernel zero-fills) a fresh buffer per chunk.
   */
  blocks?(): AsyncIterable<Buffer>
  /** All bytes, refused (throws) above `maxBytes`. */
  readAll(maxBytes: number): Promise<Buffer>
  /**
   * Copies the file and its SQLite side files (`-wal`, `-journal`) into a private temp folder
   * and returns the copy's path. The copy is deleted by the pipeline after `parse` returns.
   * Refused (throws) above `maxBytes` (default 1 GiB) before anything is written; side files are
   * taken as the walk takes files (no symlink out of the evidence) and listed with their SHA-256.
   */
  localCopy(sideSuffixes?: readonly string[], maxBytes?: number): Promise<string>
  /**
   * A host path to open read-only for random access: the evidence file itself on disk, else a
   * private temp copy (refused above `maxBytes`, deleted by the pipeline after `parse`).
   */
  randomAccessPath?(maxBytes: number): Promise<string>
  /**
   * A file next to the artifact named `name` ignoring case (same folder, or same folder of the same
   * archive; a symlink only when it stays inside the evidence). Every side file opened is listed with its SHA-256 in the inventory.
   */
  sideFile?(name: string): SideFile | undefined
}

export interface SideFile {
  /** Evidence-relative path. */
  path: string
  size: number
  /** As `ArtifactInput.randomAccessPath`; the file is hashed and recorded when opened. */
  randomAccessPath(maxBytes: number): Promise<string>
}

export interface ParseContext {
  /**
   * IANA zone for this host's zone-less local times (`--host-tz`): given only to parsers whose
   * `timeSource` is `local` (or a kind the responder named with `--local-time-kinds`).
   */
  hostTz?: string
  /**
   * The artifact's text decoding (code page from `--codepage` or detected, raw bytes of lines
   * that were not UTF-8): pass it to decodeText / decodeBytesLossless / forEachDecodedLine.
   */
  text?: TextDecoding
  emit(event: ParsedEvent): void
  /** A problem with part of the artifact; the artifact becomes `partial` unless `failed`. */
  warn(message: string): void
  /**
   * What the artifact holds beyond its events (record counts per event id, integrity checks):
   * kept on the artifact as `inventory` (additive to the report contract). Optional.
   */
  summarise?(inventory: ArtifactInventory): void
  /** A fact about the artifact for the inventory (e.g. a hive was dirty and which logs were replayed). */
  note?(message: string): void
  /** Given when the run writes only Timesketch lines: see LineSink. */
  lines?: LineSink
}

/**
 * For a JSONL-only run (#17): a parser may write the finished Timesketch lines of events that
 * nothing but the timeline needs (no indicator, link or identity value), e.g. in SQL, instead of
 * emitting each as an object. `quiet` tells which events those are; the lines must be the bytes
 * `timesketchLine` gives (`lineOf`), which the parser checks on its first lines.
 */
export interface LineSink {
  /** JSON text of the case id and of the artifact path, as a line writes them. */
  readonly caseJson: string
  readonly artifactJson: string
  /** The id prefix of this artifact's events: an event's id is the prefix and its sequence number in base 36. */
  readonly idPrefix: string
  /**
   * The event as the timeline gets it (values capped, times canonical), when every event like it
   * would pass untouched: the same type and fields except `perRow` (names that differ from event
   * to event, the message among them), its own time, location and id. Undefined otherwise.
   */
  quiet(e: ParsedEvent, perRow: readonly string[]): TimelineEventLike | undefined
  /** The sequence number of the next event (the same count as `emit`'s). */
  next(): number
  /** A finished line (with its newline) of an event of `type`; it sorts by the time in its `datetime`. */
  add(type: string, line: string): void
  /** The line `emit` would give the event with sequence number `seq` (without its newline), delivering nothing. */
  lineOf(e: ParsedEvent, seq: number): string
}

/** What a parser may read of a settled event (lib/model.ts TimelineEvent). */
export interface TimelineEventLike {
  message: string
  fields: ParsedEvent['fields']
}

/**
 * The time basis of a kind's sources, declared by every parser (no default): `utc` (the source
 * states UTC, or its format is documented as UTC although it writes no zone, e.g. AnyDesk traces),
 * `local` (zone-less local wall time: the only sources `--host-tz` converts), `stated-offset` (each
 * time carries its offset), `unknown` (zone-less, basis not known), `none` (the source has no times).
 */
export type TimeSource = 'utc' | 'local' | 'stated-offset' | 'unknown' | 'none'

/** JSON-safe artifact inventory (see ParseContext.summarise). */
export type ArtifactInventory = Record<string, unknown>

/**
 * What recognition needs of a parser (kind, time basis, title, path test, sniff). Lives in a small
 * module apart from the parse code, so that a scan loads a parser's implementation only when a
 * file is claimed.
 */
export interface ArtifactClaim {
  /** Dotted lower-case kind, e.g. `anydesk.trace` (contract `Artifact.kind`). */
  kind: string
  /** What the source's times are (see TimeSource); decides whether `--host-tz` applies. */
  timeSource: TimeSource
  /** One line for `--help` and the report's method section. */
  title: string
  /** Cheap test on the path; only files passing it are sniffed. */
  matchPath(p: PathInfo): boolean
  /** Content test on the first bytes (up to `SNIFF_BYTES`); recognition is never by name alone. */
  sniff(head: Buffer, p: PathInfo): boolean
}

/** A parser: its claim and the parse code. Implementation modules export `{...claim, parse}`. */
export interface ArtifactParser extends ArtifactClaim {
  /** Parses the artifact, emitting events; throwing marks the artifact `failed`. */
  parse(input: ArtifactInput, ctx: ParseContext): Promise<void>
}

/** A registry entry: the claim, and the implementation imported on first use (cached). */
export interface RegisteredParser extends ArtifactClaim {
  load(): Promise<ArtifactParser>
}

export const SNIFF_BYTES = 64 * 1024
