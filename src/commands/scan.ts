// `dprk-triage scan`: a thin command over src/lib/run-scan.ts and the report writers.
import {access, constants, lstat, mkdir, readdir, realpath, stat, writeFile} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {basename, dirname, join, resolve, sep} from 'node:path'
import {performance} from 'node:perf_hooks'
import type {Writable} from 'node:stream'

import {Args, Flags, type Interfaces} from '@oclif/core'

import {selectKinds} from '../artifacts/kinds.js'
import {PARSERS} from '../artifacts/registry.js'
import {collectionRootReason} from '../evidence/collection-root.js'
import {DEFAULT_LIMITS} from '../evidence/virtual-file.js'
import {readTextFile} from '../indicators/files.js'
import {Allowlist, loadAllowFiles} from '../indicators/allow.js'
import {loadIocFiles} from '../indicators/ioc.js'
import {loadPack, PackError} from '../indicators/load.js'
import type {IndicatorPack} from '../indicators/types.js'
import {EXIT, EXIT_CODES_HELP} from '../lib/exit-codes.js'
import {LEVELS, type Level, type Report} from '../lib/model.js'
import {isIsoDay, parseCaseInfo} from '../lib/case-info.js'
import {digestFile} from '../lib/parallel-hash.js'
import {caseIds, runScan} from '../lib/run-scan.js'
import {isValidTimeZone, timeSortKey} from '../lib/time.js'
import {parseBound, type TimeRange} from '../lib/time-range.js'
import {CODEPAGE_NAMES, parseCodepage} from '../lib/text.js'
import {eventCount, releaseEvents} from '../report/events.js'
import {makeChalk, oneLine, renderSummary} from '../report/terminal.js'
import {TriageCommand} from './base.js'
import {batchSummaryCsv} from './batch-summary.js'
import {FORMATS, formatFromPath, writeReport, writeTo as writeStreamTo, type Format} from '../report/writers.js'
import {DigestWriter} from '../report/digest-writer.js'
import {fmtInt} from '../report/escape.js'

type ScanFlags = Interfaces.InferredFlags<typeof Scan.flags>

export interface ScanSummary {
  cases: Array<{
    id: string; evidence: string; level: Level; score: number; artifacts: number; events: number; findings: number
    failedArtifacts: number; status: 'ok' | 'failed' | 'not-evaluated'; report?: string; sha256?: string
  }>
  out: string | null
  /** SHA-256 of the report file (also in `<out>.sha256`); for batch runs, of all-cases; on stdout, of the bytes written there. */
  sha256?: string
  failedCases: string[]
  thresholdHit: boolean
  exitCode: number
}

export default class Scan extends TriageCommand {
  static override summary = 'Scan evidence folders, files or archives and write a timeline report.'

  static override description = `Each evidence argument is one case: a folder (walked recursively), a single artifact file, or a ZIP
archive (read in place; Velociraptor and KAPE layouts recognised; archives inside archives followed).
Evidence is never written to. Times are UTC; zone-less source times are treated as UTC (timeBasis
"assumed-utc") unless --host-tz gives the host's zone, which converts only sources that write local
time (CRD host logs, syslog, TeamViewer and Splashtop logs...), never UTC ones such as AnyDesk traces
(--local-time-kinds names a kind that logs local time on an unusual build).

${EXIT_CODES_HELP}`

  static override examples = [
    {description: 'Scan the bundled sample case and write the JSON report', command: '<%= config.bin %> <%= command.id %> artifacts-samples/laptop-farm --format json --out report.json'},
    {description: 'Timesketch-ready JSON lines on stdout', command: '<%= config.bin %> <%= command.id %> collection.zip --format jsonl > timeline.jsonl'},
    {description: 'Two cases; the first host ran on US Eastern time; fail (exit 1) at medium or above', command: '<%= config.bin %> <%= command.id %> host1/ host2.zip --host-tz host1=America/New_York --fail-on medium --format json --out cases.json'},
    {description: 'Batch: every subfolder or ZIP of a share is a case, scanned in parallel; one report per case plus all-cases.html', command: '<%= config.bin %> <%= command.id %> --batch /evidence/share --out reports/ --claimed-tz America/Chicago'},
    {description: 'The worker claims to live in Chicago; sanctioned helpdesk tools and an analyst list of Astrill exits', command: '<%= config.bin %> <%= command.id %> laptop.zip --claimed-tz America/Chicago --allow allow.yaml --ioc astrill-exits.csv --out report.json --format json'},
  ]

  static override strict = false
  static override enableJsonFlag = true

  static override args = {
    // evidence comes only from arguments: oclif would otherwise read a path from a piped stdin
    evidence: Args.string({description: 'evidence folder, file or ZIP archive (one case each; repeatable)', ignoreStdin: true}),
  }

  static override flags = {
    format: Flags.string({char: 'f', description: 'report format (default: from the --out extension, else html)', options: [...FORMATS]}),
    out: Flags.string({char: 'o', description: 'report file (folder created when missing; never inside the evidence); - for stdout. Default: stdout when piped, ./dprk-triage-<case>-<UTC time>.<ext> on a terminal'}),
    force: Flags.boolean({char: 'C', aliases: ['clobber'], description: 'overwrite existing report files (and their .sha256 side files)', default: false}),
    from: Flags.string({description: 'leave out events before this time: 2026-03-01 (UTC day), 2026-03-01T22:00:00Z or with an offset (+09:00)'}),
    to: Flags.string({description: 'leave out events after this time (a bare date includes that whole UTC day); events without a time are kept'}),
    kinds: Flags.string({description: 'read only these artifact kinds or families (comma-separated or repeatable; see dprk-triage artifacts)', multiple: true, multipleNonGreedy: true}),
    'exclude-kinds': Flags.string({description: 'do not read these artifact kinds or families', multiple: true, multipleNonGreedy: true}),
    examiner: Flags.string({description: 'examiner name, recorded in the report (chain of custody)'}),
    'case-number': Flags.string({description: 'case or ticket number, recorded in the report'}),
    organisation: Flags.string({aliases: ['organization'], description: 'organisation, recorded in the report'}),
    'case-info': Flags.string({description: 'CSV with the header case,claimed_tz,host_tz (and optionally termination_date): zones and end of employment per case (batch runs)'}),
    'termination-date': Flags.string({description: 'day the worker\'s employment ended (YYYY-MM-DD, UTC): archives of source files or documents staged from 14 days before to 14 days after it are EXF-09'}),
    batch: Flags.string({description: 'folder whose immediate subfolders and ZIP archives are one case each; reports go to --out DIR'}),
    jobs: Flags.integer({char: 'j', description: 'threads that process cases: this one plus N-1 workers, two cases under way in each in large batches (default: the number of cores)', min: 1, max: 64, default: availableParallelism()}),
    'case-name': Flags.string({description: 'name for a case, in the order of the evidence arguments (repeatable)', multiple: true, multipleNonGreedy: true}),
    'host-tz': Flags.string({
      description: 'IANA zone of the host for zone-less local times: ZONE for every case, or CASE=ZONE (repeatable)',
      multiple: true, multipleNonGreedy: true,
    }),
    'local-time-kinds': Flags.string({
      description: 'artifact kind whose zone-less times are local time on this host although its format is documented as UTC (e.g. anydesk.trace); --host-tz then converts it too (repeatable)',
      multiple: true,
    }),
    codepage: Flags.string({description: 'code page of evidence text that is not UTF-8 (ANSI logs written on non-English Windows): cp949, cp932, gbk, big5, cp1251, cp1252; default: detected per file when one decodes all of it, else shown as \\xNN'}),
    'claimed-tz': Flags.string({description: 'IANA zone the worker claims to live in: enables the hour-of-activity analysis (TIME-01)'}),
    rules: Flags.string({description: 'extra indicator pack file in the pack format (repeatable; same id replaces a default indicator)', multiple: true, multipleNonGreedy: true}),
    ioc: Flags.string({description: 'indicator list: plain lines, CSV type,value,source[,category][,title], STIX 2.1 bundle or MISP event JSON (repeatable)', multiple: true, multipleNonGreedy: true}),
    allow: Flags.string({description: 'allow list of sanctioned tools, helpdesk IDs, egress ranges, domains, accounts (YAML list or CSV type,value,reason; repeatable)', multiple: true, multipleNonGreedy: true}),
    'fail-on': Flags.string({description: 'exit with code 1 when a case reaches this level', options: ['low', 'medium', 'high']}),
    'max-archive-bytes': Flags.integer({description: 'limit on uncompressed bytes read from one evidence argument\'s archives', default: DEFAULT_LIMITS.maxArchiveBytes, min: 1}),
    'max-archive-entries': Flags.integer({description: 'limit on entries read per archive', default: DEFAULT_LIMITS.maxEntries, min: 1}),
    'max-archive-depth': Flags.integer({description: 'how many levels of archives inside archives to follow', default: DEFAULT_LIMITS.maxDepth, min: 0, max: 10}),
    'max-ratio': Flags.integer({description: 'largest compression ratio accepted for archive members over 1 MiB', default: DEFAULT_LIMITS.maxRatio, min: 1}),
    'formula-guard': Flags.boolean({description: 'CSV: prefix cells that start with = + - @ (or tab/CR) with \' so spreadsheets never run them; --no-formula-guard for machine pipelines', default: true, allowNo: true}),
    deterministic: Flags.boolean({description: 'omit the generated-at time (also when SOURCE_DATE_EPOCH is set, which fixes it)', default: false}),
    quiet: Flags.boolean({char: 'q', description: 'no summary or progress on stderr', default: false}),
    debug: Flags.boolean({description: 'show stack traces on internal errors', default: false}),
  }

  private started = performance.now()

  async run(): Promise<ScanSummary> {
    this.started = performance.now()
    const {argv, flags} = await this.parse(Scan)
    const evidence = argv as string[]
    const format = (flags.format ?? formatFromPath(flags.out) ?? 'html') as Format
    try {
      return await this.scan(evidence, format, flags)
    } catch (error) {
      if (error instanceof Error && 'oclif' in error) throw error
      // the reader of stdout went away (`| head`): stop quietly, as Unix tools do
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return {cases: [], out: null, failedCases: [], thresholdHit: false, exitCode: EXIT.OK}
      const msg = flags.debug && error instanceof Error ? (error.stack ?? error.message) : (error as Error).message
      this.error(`internal error: ${msg}`, {exit: EXIT.INTERNAL})
    }
  }

  private async scan(positional: string[], format: Format, flags: ScanFlags): Promise<ScanSummary> {
    const usage = (m: string, at?: {flag?: string; file?: string}): never => this.usage(m, at)
    const writer = (r: Report, out: Writable, readOnce = false) => writeReport(format, r, out, {formulaGuard: flags['formula-guard'], readOnce})
    const batch = flags.batch !== undefined
    if (batch && (!flags.out || flags.out === '-')) usage('--batch writes one report per case, plus all-cases: give --out DIR', {flag: '--out'})
    if (this.jsonEnabled() && flags.out === '-') usage('--json prints the scan summary on stdout, so the report cannot go there too: give --out FILE', {flag: '--out'})
    if (this.jsonEnabled() && !flags.out && !process.stdout.isTTY) usage('--json prints the scan summary on stdout, so the report needs --out FILE', {flag: '--out'})
    const note = (m: string) => flags.quiet || this.jsonEnabled() ? undefined : this.logToStderr(`note: ${m}`)
    const evidence = [...positional, ...(batch ? await batchChildren(flags.batch!, usage, note) : [])]
    if (evidence.length === 0) usage('no evidence: give evidence paths or --batch DIR')

    const ids = caseIds(evidence, flags['case-name'])
    const hostTz = parseHostTz(flags['host-tz'] ?? [], ids, usage)
    const localTimeKinds = flags['local-time-kinds'] ?? []
    for (const k of localTimeKinds) if (!PARSERS.some((p) => p.kind === k)) usage(`--local-time-kinds: "${k}" is not an artifact kind (kinds: ${PARSERS.map((p) => p.kind).join(', ')})`)
    const codepage = flags.codepage === undefined ? undefined : parseCodepage(flags.codepage)
    if (flags.codepage !== undefined && !codepage) usage(`--codepage: "${flags.codepage}" is not a known code page (${CODEPAGE_NAMES.join(', ')})`)
    if (flags['claimed-tz'] && !isValidTimeZone(flags['claimed-tz'])) usage(`--claimed-tz: "${flags['claimed-tz']}" is not an IANA time zone (e.g. America/Chicago)`)
    const claimedTzByCase: Record<string, string> = {}
    const termination: Record<string, string> = {}
    if (flags['termination-date'] !== undefined) {
      if (!isIsoDay(flags['termination-date'])) usage(`--termination-date: "${flags['termination-date']}" is not a date (YYYY-MM-DD)`, {flag: '--termination-date'})
      termination['*'] = flags['termination-date']
    }
    if (flags['case-info']) {
      const file = flags['case-info']
      const read = readTextFile(file)
      if ('error' in read) usage(`--case-info ${read.error}`, {flag: '--case-info', file})
      const parsed = parseCaseInfo((read as {text: string}).text, file, ids)
      if (parsed.errors.length > 0) usage(`--case-info: ${parsed.errors.join('\n')}`, {flag: '--case-info', file})
      for (const [id, info] of Object.entries(parsed.info)) {
        if (info.claimedTz) claimedTzByCase[id] = info.claimedTz
        if (info.hostTz) hostTz[id] = info.hostTz
        if (info.terminationDate) termination[id] = info.terminationDate
      }
    }
    const bound = (name: 'from' | 'to', v: string | undefined): string | undefined => {
      if (v === undefined) return undefined
      try {
        return parseBound(v, name === 'to')
      } catch (error) {
        return usage(`--${name}: ${(error as Error).message}`, {flag: `--${name}`})
      }
    }
    const timeRange: TimeRange | undefined = flags.from !== undefined || flags.to !== undefined ? {from: bound('from', flags.from), to: bound('to', flags.to)} : undefined
    if (timeRange?.from && timeRange.to && timeSortKey(timeRange.from) > timeSortKey(timeRange.to)) usage(`--from ${flags.from} is after --to ${flags.to}`, {flag: '--from'})
    let kinds: string[] | undefined
    try {
      kinds = selectKinds(flags.kinds, flags['exclude-kinds'])
    } catch (error) {
      const flag = flags['exclude-kinds']?.length && !flags.kinds?.length ? '--exclude-kinds' : '--kinds'
      usage(`${flag}: ${(error as Error).message}`, {flag})
    }
    // validate every indicator input now: a bad rule is a usage error, not a failed case
    const indicators = loadIndicatorInputs(flags, usage, (w) => flags.quiet || this.jsonEnabled() ? undefined : this.logToStderr(`warning: ${w}`))

    // an unreadable evidence path is a failed case (reported, exit 5); all unreadable is exit 3
    const readable = evidence
    const openable = await Promise.all(evidence.map((ev) => stat(ev).then(() => true, () => false)))
    if (!openable.some(Boolean)) {
      for (const ev of evidence) this.logToStderr(`${oneLine(ev)}: cannot be opened`)
      this.error('nothing readable: no evidence path could be opened', {exit: EXIT.NOTHING_READABLE})
    }
    // where the report goes: a file (checked, its folder made, now: before a long scan), or stdout
    const out = flags.out === '-' ? undefined : flags.out ?? (process.stdout.isTTY ? defaultReportName(ids, format) : undefined)
    const targets = batch
      ? [...safeFileNames(ids).map((n) => join(out!, `case-${n}.${format}`)), join(out!, `all-cases.${format}`)]
      : out ? [out] : []
    if (out) await refuseOutputInsideEvidence(out, [...evidence, ...(flags.batch ? [flags.batch] : [])], usage)
    await prepareOutputs(batch ? out! : undefined, targets, flags.force, usage)

    const progress = !flags.quiet && process.stderr.isTTY && !this.jsonEnabled()
    const sourceEpoch = process.env.SOURCE_DATE_EPOCH
    const generatedAt = sourceEpoch && /^\d+$/.test(sourceEpoch)
      ? new Date(Number(sourceEpoch) * 1000).toISOString()
      : flags.deterministic ? undefined : new Date().toISOString()
    let seen = 0
    let done = 0
    const report = await runScan({
      evidence: readable,
      caseNames: readable.map((ev) => ids[evidence.indexOf(ev)]!),
      indicatorFiles: {rules: flags.rules, ioc: flags.ioc, allow: flags.allow},
      indicators,
      claimedTz: flags['claimed-tz'],
      command: ['dprk-triage', 'scan', ...process.argv.slice(3)].map(shellQuote).join(' '),
      hostTz,
      claimedTzByCase,
      termination,
      timeRange,
      kinds,
      metadata: {examiner: flags.examiner, caseNumber: flags['case-number'], organisation: flags.organisation},
      localTimeKinds,
      ...(codepage ? {codepage} : {}),
      jobs: flags.jobs,
      // a JSONL report needs only each event's line: made once, as the event is produced (#17)
      jsonlLines: format === 'jsonl',
      limits: {
        ...DEFAULT_LIMITS,
        maxArchiveBytes: flags['max-archive-bytes'], maxEntries: flags['max-archive-entries'],
        maxDepth: flags['max-archive-depth'], maxRatio: flags['max-ratio'],
      },
      generatedAt,
      onProgress: progress
        ? (id, path) => process.stderr.write(`\r\x1b[K${done}/${readable.length} cases; ${oneLine(id)}: ${++seen} artifacts, last ${oneLine(path).slice(-50)}`)
        : undefined,
      onCaseDone: () => done++,
    })
    if (progress) process.stderr.write('\r\x1b[K')

    try {
      return await this.finish(report, format, writer, flags, batch, out)
    } finally {
      releaseEvents(report)
    }
  }

  private async finish(report: Report, format: Format, writer: ReportWriter, flags: ScanFlags, batch: boolean, out: string | undefined): Promise<ScanSummary> {
    // every writer reads events through report/events.ts, so spilled timelines stream from disk
    const files: Record<string, string> = {}
    const digests: Record<string, string> = {}
    let sha256: string | undefined
    let stdoutBytes: number | undefined
    if (batch) {
      const names = safeFileNames(report.cases.map((c) => c.id))
      for (const [i, c] of report.cases.entries()) {
        const file = join(out!, `case-${names[i]}.${format}`)
        digests[c.id] = await writeTo(file, {...report, cases: [c], links: report.links.filter((l) => l.cases.includes(c.id))}, writer)
        files[c.id] = file
      }
      sha256 = await writeTo(join(out!, `all-cases.${format}`), report, writer)
    } else if (out) {
      // one report: the timeline is read this once
      sha256 = await writeTo(out, report, writer, true)
    } else {
      // stdout has no side file: the digest of the bytes written, hashed on the way, goes to stderr
      const tee = new DigestWriter(process.stdout)
      await writer(report, tee, true)
      sha256 = await tee.close()
      stdoutBytes = tee.bytes
    }

    const talk = !flags.quiet && !this.jsonEnabled()
    if (talk) process.stderr.write(renderSummary(report, makeChalk(process.stderr)))
    const failedCases = report.cases.filter((c) => c.failed).map((c) => c.id)
    // a case in which nothing was read is no clean result: it counts as failed for the exit code
    const notEvaluated = report.cases.filter((c) => !c.failed && c.assessment.level === 'not-evaluated').map((c) => c.id)
    const status = (c: Report['cases'][number]) => (c.failed ? 'failed' : c.assessment.level === 'not-evaluated' ? 'not-evaluated' : 'ok') as 'ok' | 'failed' | 'not-evaluated'
    if (batch && !this.jsonEnabled()) {
      // a CSV with a header row for scripts (README "Batch runs")
      process.stdout.write(batchSummaryCsv(report, files, digests))
    }

    const parsedAny = report.cases.some((c) => c.artifacts.some((a) => a.status === 'parsed' || a.status === 'partial'))
    const threshold = flags['fail-on'] as Level | undefined
    const hit = threshold !== undefined && report.cases.some((c) => LEVELS.indexOf(c.assessment.level) >= LEVELS.indexOf(threshold))
    const exitCode = !parsedAny ? EXIT.NOTHING_READABLE : failedCases.length + notEvaluated.length > 0 ? EXIT.CASE_FAILED : hit ? EXIT.THRESHOLD : EXIT.OK
    if (!parsedAny && !flags.quiet) this.logToStderr('nothing readable: no artifact was recognised and parsed in the evidence')
    if (failedCases.length > 0 && !flags.quiet) this.logToStderr(`failed cases: ${failedCases.map(oneLine).join(', ')}`)
    if (parsedAny && notEvaluated.length > 0 && !flags.quiet) this.logToStderr(`not evaluated (nothing read): ${notEvaluated.map(oneLine).join(', ')}`)
    if (talk) {
      // sha256sum names stdin/stdout `-`: `… | sha256sum` prints the same line, ready to compare
      if (sha256 && stdoutBytes !== undefined) this.logToStderr(`SHA-256 ${sha256}  - (the ${fmtInt(stdoutBytes)} bytes of the report written to stdout; no side file)`)
      else if (sha256) this.logToStderr(`SHA-256 ${sha256}  ${oneLine(batch ? join(out!, `all-cases.${format}`) : out!)} (also in ${oneLine(basename(batch ? `all-cases.${format}` : out!))}.sha256${batch ? '; every case report has its .sha256 too' : ''})`)
      this.logToStderr(closingLine(report, batch ? `${oneLine(out!)}${sep}` : out ? oneLine(out) : 'stdout', performance.now() - this.started))
    }
    process.exitCode = exitCode
    return {
      cases: report.cases.map((c) => ({
        id: c.id, evidence: c.evidence, level: c.assessment.level, score: c.assessment.score, artifacts: c.artifacts.length,
        events: eventCount(c), findings: c.findings.length, failedArtifacts: c.artifacts.filter((a) => a.status === 'failed').length,
        status: status(c), ...(files[c.id] ? {report: files[c.id], sha256: digests[c.id]} : {}),
      })),
      out: out ?? null,
      ...(sha256 ? {sha256} : {}),
      failedCases,
      thresholdHit: hit,
      exitCode,
    }
  }
}

/** Writes a report to `out`; `readOnce`: nothing reads the report's timeline after this. */
type ReportWriter = (r: Report, out: Writable, readOnce?: boolean) => Promise<void>

/** Writes one report file and its `<file>.sha256` side file (sha256sum format); returns the digest. */
async function writeTo(file: string, report: Report, writer: ReportWriter, readOnce = false): Promise<string> {
  await writeStreamTo(file, (out) => writer(report, out, readOnce))
  // hashed from disk: the digest is of the bytes a reviewer will hash again
  const {sha256} = await digestFile(file, (await stat(file)).size)
  await writeFile(`${file}.sha256`, `${sha256}  ${basename(file)}\n`)
  return sha256
}

/** The last line on stderr: where the report went, what was read, how long it took (never in a report). */
export function closingLine(report: Report, where: string, elapsedMs: number): string {
  let read = 0
  let failed = 0
  let skipped = 0
  for (const c of report.cases) {
    for (const a of c.artifacts) {
      if (a.status === 'parsed' || a.status === 'partial') read++
      else if (a.status === 'failed') failed++
      else skipped++
    }
    skipped += c.internal?.skippedFiles ?? 0
  }
  const n = report.cases.length
  const secs = elapsedMs < 10_000 ? (elapsedMs / 1000).toFixed(1) : Math.round(elapsedMs / 1000).toString()
  return `done: report ${where}; ${n} case${n === 1 ? '' : 's'}${report.cases.some((c) => c.failed) ? ` (${report.cases.filter((c) => c.failed).length} failed)` : ''}; artifacts ${read} read, ${skipped} skipped (not recognised or kind not selected), ${failed} failed; ${secs} s`
}

/** `./dprk-triage-<case>-<UTC time>.<ext>` for a terminal run without --out (no HTML on the screen). */
export function defaultReportName(ids: string[], format: Format, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')
  const [first] = safeFileNames([ids[0] ?? 'case'])
  const label = ids.length > 1 ? `${first}-and-${ids.length - 1}-more` : first
  return `.${sep}dprk-triage-${label}-${stamp}.${format}`
}

/**
 * Checks report files before the scan: existing ones (and side files) are kept unless --force;
 * the folder is created when missing, or refused with the reason.
 */
async function prepareOutputs(dir: string | undefined, files: string[], force: boolean, fail: (m: string, at?: {flag?: string; file?: string}) => never): Promise<void> {
  const folders = new Set(files.map((f) => dirname(f)))
  if (dir) folders.add(dir)
  for (const f of folders) {
    try {
      await mkdir(f, {recursive: true})
      await access(f, constants.W_OK)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'no permission to write there' : code
      fail(`--out: the folder ${f} cannot be created or written (${why}; ${code})`, {flag: '--out', file: f})
    }
  }
  for (const f of files) {
    for (const p of [f, `${f}.sha256`]) {
      const st = await lstat(p).catch(() => undefined)
      if (!st) continue
      if (st.isDirectory()) fail(`--out: ${p} is a folder, not a report file`, {flag: '--out', file: p})
      if (!force) fail(`--out: ${p} exists; choose another path or add --force to overwrite it`, {flag: '--out', file: p})
    }
  }
}

/**
 * Immediate subfolders and archives of a batch folder, in byte order; each one is a case. A
 * folder that is itself one collection (KAPE, Velociraptor, a volume root) is one case.
 */
async function batchChildren(dir: string, fail: (m: string) => never, note: (m: string) => void): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    fail(`--batch ${oneLine(dir)}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  const root = await collectionRootReason(dir)
  if (root) {
    note(`--batch ${oneLine(dir)}: ${root}; scanned as one case, not as a folder of cases`)
    return [dir]
  }
  const out: string[] = []
  for (const name of names!.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
    if (name.startsWith('.')) continue
    const p = join(dir, name)
    const st = await stat(p).catch(() => undefined)
    if (st?.isDirectory() || (st?.isFile() && /\.zip$/i.test(name))) out.push(p)
  }
  return out
}

/** File-system-safe, unique names from case ids (never from evidence content). */
export function safeFileNames(ids: string[]): string[] {
  const used = new Map<string, number>()
  return ids.map((id) => {
    let base = id.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.-]+/, '_').slice(0, 100) || 'case'
    const n = (used.get(base.toLowerCase()) ?? 0) + 1
    used.set(base.toLowerCase(), n)
    if (n > 1) base = `${base}-${n}`
    return base
  })
}

/** Default pack + --rules + --ioc, and the --allow list; problems are usage errors. */
export function loadIndicatorInputs(
  flags: {rules?: string[]; ioc?: string[]; allow?: string[]},
  fail: (m: string) => never,
  warn: (m: string) => void,
): {pack: IndicatorPack; allow?: Allowlist} {
  let pack: IndicatorPack
  try {
    pack = loadPack({rules: flags.rules})
  } catch (error) {
    if (error instanceof PackError) fail(`indicator rules are invalid:\n${error.message}`)
    throw error
  }
  if (flags.ioc?.length) {
    const iocs = loadIocFiles(flags.ioc)
    const unreadable = iocs.errors.filter((e) => e.includes('cannot be read'))
    if (unreadable.length > 0) fail(unreadable.join('\n'))
    for (const e of iocs.errors) warn(e)
    if (iocs.indicators.length === 0) fail(`--ioc: no usable indicator in ${flags.ioc.join(', ')}`)
    pack.indicators.push(...iocs.indicators)
    pack.loaded.push(...flags.ioc.map((f) => `IOC list ${f}`))
  }
  let allow: Allowlist | undefined
  if (flags.allow?.length) {
    const a = loadAllowFiles(flags.allow)
    if (a.errors.length > 0) fail(`--allow: ${a.errors.join('\n')}`)
    allow = new Allowlist(a.entries)
  }
  return {pack, allow}
}

/** The command line as run, for the report's method section (quoted for a POSIX shell). */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

export {formatFromPath}

export function parseHostTz(values: string[], ids: string[], fail: (m: string) => never): Record<string, string> {
  const map: Record<string, string> = {}
  for (const v of values) {
    const eq = v.indexOf('=')
    const [key, zone] = eq === -1 ? ['*', v] : [v.slice(0, eq), v.slice(eq + 1)]
    if (!isValidTimeZone(zone)) fail(`--host-tz: "${zone}" is not an IANA time zone (e.g. America/New_York, Asia/Seoul, UTC)`)
    if (key !== '*' && !ids.includes(key)) fail(`--host-tz: no case named "${oneLine(key)}" (cases: ${ids.map(oneLine).join(', ')})`)
    map[key] = zone
  }
  return map
}

async function refuseOutputInsideEvidence(out: string, evidence: string[], fail: (m: string) => never): Promise<void> {
  // real paths on both sides: a symlink (in --out's folders or the evidence path) must not
  // lead the report into the evidence
  const target = await realTarget(resolve(out))
  for (const ev of evidence) {
    let root: string
    let isDir = false
    try {
      root = await realpath(resolve(ev))
      isDir = (await stat(root)).isDirectory()
    } catch {
      continue
    }
    if (target === root || (isDir && (target.startsWith(root + sep) || dirname(target) === root))) {
      fail(`--out ${oneLine(out)} is inside the evidence ${oneLine(ev)}; evidence is never written to: choose another path`)
    }
  }
}

/** Real path of a file that may not exist yet: its nearest existing ancestor resolved, the rest appended. */
async function realTarget(p: string): Promise<string> {
  const rest: string[] = []
  let cur = p
  for (;;) {
    try {
      return join(await realpath(cur), ...rest.reverse())
    } catch {
      const up = dirname(cur)
      if (up === cur) return p
      rest.push(cur.slice(up.length).replace(/^[\\/]+/, ''))
      cur = up
    }
  }
}
