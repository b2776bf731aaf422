// The timeline model shared by every stage. Field names follow the report contract
// (`dprk-triage/report@1`, see shared/contracts/report-json.md); extra fields are additive.

import type {TimePrecision} from './time.js'

/** How an event's time was derived (contract vocabulary, plus `date-only` for day-precision sources). */
export type TimeBasis = 'utc' | 'assumed-utc' | 'local-converted' | 'unknown'

export type FieldValue = string | number | boolean
export type Fields = Record<string, FieldValue>

export type ArtifactStatus = 'parsed' | 'partial' | 'failed' | 'unsupported'
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical'
export type Level = 'none' | 'low' | 'medium' | 'high' | 'not-evaluated'

/** Levels in order of suspicion; `not-evaluated` (nothing could be read) is outside the order. */
export const LEVELS: readonly Level[] = ['none', 'low', 'medium', 'high']

/** A case in which no artifact was recognised and read: no verdict, never a clean bill of health. */
export const NOT_EVALUATED: Level = 'not-evaluated'

export const CATEGORIES = [
  'remote-access', 'vpn-proxy', 'virtual-camera', 'ip-kvm', 'payment', 'exfiltration',
  'communication', 'ai-tooling', 'time-of-activity', 'persona-link', 'locale',
] as const
export type Category = (typeof CATEGORIES)[number]

export interface TimelineEvent {
  id: string
  /**
   * ISO 8601 UTC with `Z` and always six fraction digits (`2024-06-03T01:02:03.123000Z`), so
   * times sort as text; null when the source has no usable time.
   */
  time: string | null
  timeBasis: TimeBasis
  /** What the source really recorded (`day` for an install date, `100-nanosecond` for FILETIME); set whenever `time` is. */
  timePrecision?: TimePrecision
  type: string
  /** What the time means, Timesketch `timestamp_desc` style ("Session start", "Visit time"). */
  timestampDesc: string
  artifact: string
  location: string
  message: string
  fields: Fields
  indicators: string[]
  /** The raw evidence text behind the event (line or row), for explainability; capped in length. */
  raw?: string
  /** Hex of the line's bytes when they were not UTF-8 (code page or escaped text; first 2000 bytes). */
  rawHex?: string
}

export interface ArtifactRecord {
  path: string
  /** Natural path on the source machine (`C:/Users/bob/...`), decoded from collection layouts. */
  logicalPath: string
  kind: string
  sha256: string
  size: number
  /** A compressed artifact (`syslog.2.gz`) read to its end: bytes after decompression (`size` and `sha256` are the stored bytes). */
  decompressedSize?: number
  status: ArtifactStatus
  events: number
  warnings: string[]
  /** Code page the artifact's non-UTF-8 text was decoded with (`--codepage` or detected). */
  codepage?: string
  /** Facts about how the artifact was read (a dirty hive and the logs replayed onto it, how its text was decoded); not problems: status is unaffected. */
  notes?: string[]
  /** Files read with the artifact (hive transaction logs), each hashed. */
  sideFiles?: Array<{path: string; size: number; sha256: string}>
  /** What the artifact holds beyond its events (e.g. EVTX records per event id, CRC checks); additive. */
  inventory?: Record<string, unknown>
}

export interface Finding {
  indicator: string
  title: string
  category: Category
  severity: Severity
  events: string[]
  first: string | null
  last: string | null
  /** Indicator weight (0-10) used for the score (additive to the contract). */
  weight?: number
  /** Locale-style signals: reported, but never a level by themselves. */
  modifierOnly?: boolean
  falsePositives?: string
  /** Plain-words explanation (derived findings: what was measured). */
  description?: string
  /** Public sources of the indicator. */
  sources?: Array<{publisher: string; title: string; url: string; grade?: string}>
  /** The first matching events with the field and raw value that matched (explainability). */
  evidence?: Array<{event: string; field: string; value: string}>
}

/** Indicator hits removed by the --allow list, reported rather than silently dropped. */
export interface SuppressionRecord {
  indicator: string
  title: string
  events: number
  reason: string
  origin: string
}

export interface Assessment {
  score: number
  level: Level
  categories: Category[]
  reasons: string[]
  /** Pack combinations that matched, with the indicators that completed each (additive to the contract). */
  combinations?: AssessedCombination[]
  /** Categories the evidence read could not speak to, with what they need (additive). */
  notEvaluable?: Array<{category: Category; needs: string}>
  /** Points per counted category after diminishing returns and the cap (additive). */
  points?: Partial<Record<Category, number>>
}

export interface AssessedCombination {
  id: string
  /** Plain-language title from the pack. */
  title: string
  level: Level
  /** The indicators that fired in each group of the combination (one list per `all_of` group). */
  groups: string[][]
}

/** Hour-of-day x weekday activity in the worker's claimed zone (analysis stage). */
export interface ActivityProfile {
  /** IANA zone the histogram is expressed in (`--claimed-tz`). */
  zone: string
  /** 7 rows (0 = Sunday) x 24 hours: counts of human-activity events. */
  histogram: number[][]
  total: number
  /** Distinct local calendar days with activity. */
  days: number
  /** Share (0-1) of activity in local night hours (22:00-06:00). */
  nightShare: number
  /** UTC offset (hours) whose local working day (09:00-18:00) best fits the activity. */
  bestFitUtcOffset?: number
  /** Whether the evidence is sufficient to report (minimum events and days). */
  sufficient: boolean
}

export interface CaseReport {
  id: string
  evidence: string
  artifacts: ArtifactRecord[]
  events: TimelineEvent[]
  findings: Finding[]
  assessment: Assessment
  /** Evidence-level problems that belong to no single artifact (unreadable archive member names, limits hit). */
  warnings: string[]
  /** Present when `--claimed-tz` was given. */
  activity?: ActivityProfile
  /** Hits suppressed by the allow list. */
  suppressions?: SuppressionRecord[]
  /** True when the case could not be processed at all (see warnings); other cases went on. */
  failed?: boolean
  /** Set when other cases scanned or merged with this one are collections of the same machine (analysis/same-host.ts). */
  sameHost?: SameHostNote
  /** Pipeline-internal data, never written to reports (see report/json.ts). */
  internal?: CaseInternal
}

/** Values a case shares with others are found from these (persona links). */
export interface LinkValue {
  type: string
  value: string
  ids: string[]
  first: string | null
  last: string | null
}

/** A value the machine holds about itself: a remote-tool local ID, the CRD host ID, a host name. */
export interface HostIdentityValue {
  /** `anydesk-id`, `teamviewer-id` (local IDs), `crd-host-id`, `computer-name`, `anydesk-alias`, `crd-host-name`. */
  type: string
  value: string
}

/** "Same host, collected twice": a note, not a link. */
export interface SameHostNote {
  /** Every collection of this machine among the cases, in case order, this one included. */
  cases: string[]
  /** Identity values found in two or more of them. */
  identity: HostIdentityValue[]
  /** This case's artifacts byte-identical (SHA-256) to an artifact of another of them. */
  identicalArtifacts: Array<{logicalPath: string; sha256: string}>
  /** Values shared only between these collections: one machine's own values, not cross-case links. */
  notLinks: Array<{type: string; value: string}>
}

export interface CaseInternal {
  /** Number of events, also when they were spilled to disk. */
  eventCount: number
  /** Distinct event types seen (what could be evaluated). */
  eventTypes: string[]
  /** Set when the timeline was too large to keep in memory (see lib/event-store.ts). */
  spilled?: import('./event-store.js').SpilledEvents
  /** Set when the timeline was kept as its finished JSONL lines (`--format jsonl`; see lib/line-store.ts). */
  lines?: import('./line-store.js').StoredLines
  linkValues?: LinkValue[]
  /** What the machine says about itself (same-host check); written to JSON as `hostIdentity`. */
  hostIdentity?: HostIdentityValue[]
  /** Files at artifact locations not read (content not recognised, kind not selected): the closing line. */
  skippedFiles?: number
  /** Set when the events stay in a saved JSON report (render, merge; see report/saved-report.ts). */
  stored?: import('../report/saved-report.js').StoredEvents
}

/** How the report was made: for the method-and-limitations section and chain of custody. */
export interface ReportMethod {
  indicatorPack: {id: string; version: string; indicators: number; loaded: string[]}
  allowlist?: string[]
  claimedTz?: string
  /** Claimed zone per case id (`--case-info`), where it differs by case. */
  claimedTzByCase?: Record<string, string>
  hostTz?: Record<string, string>
  /** End of employment per case id, or `*` for every case (`--termination-date`, `--case-info` termination_date): YYYY-MM-DD. */
  terminationDate?: Record<string, string>
  /** Every artifact kind the tool can read, so a reader sees what was and was not evaluable. */
  /** Kinds left out with `--kinds`/`--exclude-kinds` (then `parsers` lists only the kinds read). */
  excludedKinds?: string[]
  /** `--from`/`--to`: the timeline window (UTC, inclusive); events without a time are kept. */
  timeRange?: {from?: string; to?: string}
  /** Case metadata for chain of custody (`--examiner`, `--case-number`, `--organisation`). */
  examiner?: string
  caseNumber?: string
  organisation?: string
  /** Kinds `hostTz` was applied to: local-time sources and `--local-time-kinds` (others record UTC or state their offset). */
  hostTzKinds?: string[]
  /** Every artifact kind the tool can read and the time basis of its sources. */
  parsers: Array<{kind: string; title: string; timeSource?: string}>
}

export interface Link {
  type: string
  value: string
  cases: string[]
  events: string[]
}

export interface Report {
  schema: 'dprk-triage/report@1'
  generator: {name: 'dprk-triage'; version: string}
  generatedAt?: string
  command?: string
  method?: ReportMethod
  cases: CaseReport[]
  links: Link[]
}

/** Events as parsers produce them: the pipeline adds id, artifact and indicators. */
export interface ParsedEvent {
  time: string | null
  timeBasis: TimeBasis
  timePrecision?: TimelineEvent['timePrecision']
  type: string
  timestampDesc: string
  location: string
  message: string
  fields: Fields
  raw?: string
  /**
   * `raw` built on demand instead (row-per-event sources with millions of rows): when the scan
   * matches indicators, it is built only for events an indicator matched; the rest keep their
   * locator (`location`: table and rowid). Without matching (parser tests) it is always built.
   */
  rawOf?: () => string
}
