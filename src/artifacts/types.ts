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
  /** All bytes, refused (throws) above `maxBytes`. */
  readAll(maxBytes: number): Promise<Buffer>
  /**
   * Copies the file and its SQLite side files (`-wal`, `-journal`) into a private temp folder
   * and returns the copy's path. The copy is deleted by the pipeline after `parse` returns.
   */
  localCopy(sideSuffixes?: readonly string[]): Promise<string>
}

export interface ParseContext {
  /** IANA zone for this host's zone-less local times (`--host-tz`), if given. */
  hostTz?: string
  /**
   * The artifact's text decoding (code page from `--codepage` or detected, raw bytes of lines
   * that were not UTF-8): pass it to decodeText / decodeBytesLossless / forEachDecodedLine.
   */
  text?: TextDecoding
  emit(event: ParsedEvent): void
  /** A problem with part of the artifact; the artifact becomes `partial` unless `failed`. */
  warn(message: string): void
}

export interface ArtifactParser {
  /** Dotted lower-case kind, e.g. `anydesk.trace` (contract `Artifact.kind`). */
  kind: string
  /** One line for `--help` and the report's method section. */
  title: string
  /** Cheap test on the path; only files passing it are sniffed. */
  matchPath(p: PathInfo): boolean
  /** Content test on the first bytes (up to `SNIFF_BYTES`); recognition is never by name alone. */
  sniff(head: Buffer, p: PathInfo): boolean
  /** Parses the artifact, emitting events; throwing marks the artifact `failed`. */
  parse(input: ArtifactInput, ctx: ParseContext): Promise<void>
}

export const SNIFF_BYTES = 64 * 1024
