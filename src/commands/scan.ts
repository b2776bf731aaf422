// `dprk-triage scan`: a thin command over src/lib/run-scan.ts and the report writers.
import {mkdir, readdir, stat} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {dirname, join, resolve, sep} from 'node:path'
import type {Writable} from 'node:stream'

import {Args, Command, Flags, type Interfaces} from '@oclif/core'

import {DEFAULT_LIMITS} from '../evidence/virtual-file.js'
import {Allowlist, loadAllowFiles} from '../indicators/allow.js'
import {loadIocFiles} from '../indicators/ioc.js'
import {loadPack, PackError} from '../indicators/load.js'
import type {IndicatorPack} from '../indicators/types.js'
import {EXIT, EXIT_CODES_HELP} from '../lib/exit-codes.js'
import {LEVELS, type Level, type Report} from '../lib/model.js'
import {caseIds, runScan} from '../lib/run-scan.js'
import {isValidTimeZone} from '../lib/time.js'
import {eventCount, releaseEvents} from '../report/events.js'
import {makeChalk, oneLine, renderSummary} from '../report/terminal.js'
import {FORMATS, formatFromPath, writeReport, writeTo as writeFile, type Format} from '../report/writers.js'

type ScanFlags = Interfaces.InferredFlags<typeof Scan.flags>

export interface ScanSummary {
  cases: Array<{
    id: string; evidence: string; level: Level; score: number; artifacts: number; events: number; findings: number
    failedArtifacts: number; status: 'ok' | 'failed'; report?: string
  }>
  out: string | null
  failedCases: string[]
  thresholdHit: boolean
  exitCode: number
}

export default class Scan extends Command {
  static override summary = 'Scan evidence folders, files or archives and write a timeline report.'

  static override description = `Each evidence argument is one case: a folder (walked recursively), a single artifact file, or a ZIP
archive (read in place; Velociraptor and KAPE layouts recognised; archives inside archives followed).
Evidence is never written to. Times are UTC; zone-less source times are treated as UTC (timeBasis
"assumed-utc") unless --host-tz gives the host's zone.

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
    evidence: Args.string({description: 'evidence folder, file or ZIP archive (one case each; repeatable)'}),
  }

  static override flags = {
    format: Flags.string({char: 'f', description: 'report format (default: from the --out extension, else html)', options: [...FORMATS]}),
    out: Flags.string({char: 'o', description: 'write the report to this file (default: stdout); never inside the evidence'}),
    batch: Flags.string({description: 'folder whose immediate subfolders and ZIP archives are one case each; reports go to --out DIR'}),
    jobs: Flags.integer({char: 'j', description: 'threads that process cases: this one plus N-1 workers, two cases under way in each in large batches (default: the number of cores)', min: 1, max: 64, default: availableParallelism()}),
    'case-name': Flags.string({description: 'name for a case, in the order of the evidence arguments (repeatable)', multiple: true}),
    'host-tz': Flags.string({
      description: 'IANA zone of the host for zone-less local times: ZONE for every case, or CASE=ZONE (repeatable)',
      multiple: true,
    }),
    'claimed-tz': Flags.string({description: 'IANA zone the worker claims to live in: enables the hour-of-activity analysis (TIME-01)'}),
    rules: Flags.string({description: 'extra indicator pack file in the pack format (repeatable; same id replaces a default indicator)', multiple: true}),
    ioc: Flags.string({description: 'indicator list: plain lines, CSV type,value,source[,category][,title], STIX 2.1 bundle or MISP event JSON (repeatable)', multiple: true}),
    allow: Flags.string({description: 'allow list of sanctioned tools, helpdesk IDs, egress ranges, domains, accounts (YAML list or CSV type,value,reason; repeatable)', multiple: true}),
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

  async run(): Promise<ScanSummary> {
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
    const usage = (m: string): never => this.error(m, {exit: EXIT.USAGE})
    const writer = (r: Report, out: Writable) => writeReport(format, r, out, {formulaGuard: flags['formula-guard']})
    const batch = flags.batch !== undefined
    if (batch && !flags.out) usage('--batch writes one report per case, plus all-cases: give --out DIR')
    if (this.jsonEnabled() && !flags.out) usage('--json prints the scan summary on stdout, so the report needs --out FILE')
    const evidence = [...positional, ...(batch ? await batchChildren(flags.batch!, usage) : [])]
    if (evidence.length === 0) usage('no evidence: give evidence paths or --batch DIR')

    const ids = caseIds(evidence, flags['case-name'])
    const hostTz = parseHostTz(flags['host-tz'] ?? [], ids, usage)
    if (flags['claimed-tz'] && !isValidTimeZone(flags['claimed-tz'])) usage(`--claimed-tz: "${flags['claimed-tz']}" is not an IANA time zone (e.g. America/Chicago)`)
    // validate every indicator input now: a bad rule is a usage error, not a failed case
    const indicators = loadIndicatorInputs(flags, usage, (w) => flags.quiet || this.jsonEnabled() ? undefined : this.logToStderr(`warning: ${w}`))

    // an unreadable evidence path is a failed case (reported, exit 5); all unreadable is exit 3
    const readable = evidence
    const openable = await Promise.all(evidence.map((ev) => stat(ev).then(() => true, () => false)))
    if (!openable.some(Boolean)) {
      for (const ev of evidence) this.logToStderr(`${oneLine(ev)}: cannot be opened`)
      this.error('nothing readable: no evidence path could be opened', {exit: EXIT.NOTHING_READABLE})
    }
    if (flags.out) await refuseOutputInsideEvidence(flags.out, [...evidence, ...(flags.batch ? [flags.batch] : [])], usage)
    if (batch) await mkdir(flags.out!, {recursive: true})

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
      jobs: flags.jobs,
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
      return await this.finish(report, format, writer, flags, batch)
    } finally {
      releaseEvents(report)
    }
  }

  private async finish(report: Report, format: Format, writer: (r: Report, out: Writable) => Promise<void>, flags: ScanFlags, batch: boolean): Promise<ScanSummary> {
    // every writer reads events through report/events.ts, so spilled timelines stream from disk
    const files: Record<string, string> = {}
    if (batch) {
      const ext = format === 'md' ? 'md' : format
      const names = safeFileNames(report.cases.map((c) => c.id))
      for (const [i, c] of report.cases.entries()) {
        const file = join(flags.out!, `case-${names[i]}.${ext}`)
        await writeTo(file, {...report, cases: [c], links: report.links.filter((l) => l.cases.includes(c.id))}, writer)
        files[c.id] = file
      }
      await writeTo(join(flags.out!, `all-cases.${ext}`), report, writer)
    } else if (flags.out) {
      await writeTo(flags.out, report, writer)
    } else {
      await writer(report, process.stdout)
    }

    if (!flags.quiet && !this.jsonEnabled()) process.stderr.write(renderSummary(report, makeChalk(process.stderr)))
    const failedCases = report.cases.filter((c) => c.failed).map((c) => c.id)
    if (batch && !this.jsonEnabled()) {
      // one line per case for scripts: id, level, score, artifacts, events, findings, status, report file
      for (const c of report.cases) {
        this.log([c.id, c.assessment.level, c.assessment.score, c.artifacts.length, eventCount(c), c.findings.length,
          c.failed ? 'failed' : 'ok', files[c.id]].map((x) => oneLine(String(x)).replace(/\t/g, ' ')).join('\t'))
      }
    }

    const parsedAny = report.cases.some((c) => c.artifacts.some((a) => a.status === 'parsed' || a.status === 'partial'))
    const threshold = flags['fail-on'] as Level | undefined
    const hit = threshold !== undefined && report.cases.some((c) => LEVELS.indexOf(c.assessment.level) >= LEVELS.indexOf(threshold))
    const exitCode = !parsedAny ? EXIT.NOTHING_READABLE : failedCases.length > 0 ? EXIT.CASE_FAILED : hit ? EXIT.THRESHOLD : EXIT.OK
    if (!parsedAny && !flags.quiet) this.logToStderr('nothing readable: no artifact was recognised and parsed in the evidence')
    if (failedCases.length > 0 && !flags.quiet) this.logToStderr(`failed cases: ${failedCases.map(oneLine).join(', ')}`)
    process.exitCode = exitCode
    return {
      cases: report.cases.map((c) => ({
        id: c.id, evidence: c.evidence, level: c.assessment.level, score: c.assessment.score, artifacts: c.artifacts.length,
        events: eventCount(c), findings: c.findings.length, failedArtifacts: c.artifacts.filter((a) => a.status === 'failed').length,
        status: c.failed ? 'failed' : 'ok', ...(files[c.id] ? {report: files[c.id]} : {}),
      })),
      out: flags.out ?? null,
      failedCases,
      thresholdHit: hit,
      exitCode,
    }
  }
}

function writeTo(file: string, report: Report, writer: (r: Report, out: Writable) => Promise<void>): Promise<void> {
  return writeFile(file, (out) => writer(report, out))
}

/** Immediate subfolders and archives of a batch folder, in byte order; each one is a case. */
async function batchChildren(dir: string, fail: (m: string) => never): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    fail(`--batch ${dir}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
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
    if (key !== '*' && !ids.includes(key)) fail(`--host-tz: no case named "${key}" (cases: ${ids.join(', ')})`)
    map[key] = zone
  }
  return map
}

async function refuseOutputInsideEvidence(out: string, evidence: string[], fail: (m: string) => never): Promise<void> {
  const target = resolve(out)
  for (const ev of evidence) {
    const root = resolve(ev)
    let isDir = false
    try {
      isDir = (await stat(root)).isDirectory()
    } catch {
      continue
    }
    if (target === root || (isDir && (target.startsWith(root + sep) || dirname(target) === root))) {
      fail(`--out ${out} is inside the evidence ${ev}; evidence is never written to: choose another path`)
    }
  }
}
