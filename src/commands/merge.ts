// `dprk-triage merge`: the reduce step of a scan spread over machines or jobs. Per-case JSON
// reports become the report one joint scan of the same cases writes (src/lib/merge-reports.ts).
import {readdir} from 'node:fs/promises'
import {join, relative, resolve, sep} from 'node:path'
import type {Writable} from 'node:stream'

import {Args, Command, Flags} from '@oclif/core'

import {installTempCleanup} from '../core/temp-registry.js'
import {loadPack, PackError} from '../indicators/load.js'
import {EXIT} from '../lib/exit-codes.js'
import {mergeReports, type MergeSummary} from '../lib/merge-reports.js'
import {LEVELS, type Level} from '../lib/model.js'
import {ReportFileError} from '../report/saved-report.js'
import {oneLine} from '../report/terminal.js'
import {formatFromPath, writeTo} from '../report/writers.js'
import {shellQuote} from './scan.js'

export default class Merge extends Command {
  static override summary = 'Combine per-case JSON reports made on any number of machines into one report.'

  static override description = `Cross-case links (the rules of a joint scan), the PER-02 findings they give and every case's
assessment are computed again over all cases, so the result equals one scan of all the cases
(apart from the generated-at line and the command). The reports must come from this version, with
the same indicator inputs and --claimed-tz; give merge the same --rules the scans had. Memory holds
one case at a time: any number of reports can be merged.

--from-dir takes every *.json file of a folder, ordered by case id (the order of scan --batch).
--format jsonl writes one Timesketch JSON-lines file with the case as a field (a combined sketch).

EXIT CODES
  0  merged; no case reached the --fail-on level
  1  merged; a case reached the --fail-on level
  2  usage error, or a report that cannot be merged (schema, version, scan settings, duplicate case id)
  4  internal error
  5  merged, and some cases had failed in their scans`

  static override examples = [
    {description: 'Reports a job runner wrote to one folder', command: '<%= config.bin %> <%= command.id %> --from-dir reports/ --out combined.json'},
    {description: 'Three machines, three reports; one Timesketch timeline of all cases', command: '<%= config.bin %> <%= command.id %> a.json b.json c.json --format jsonl --out combined.jsonl'},
  ]

  static override strict = false

  static override args = {
    report: Args.string({description: 'JSON report written by scan --format json (repeatable)'}),
  }

  static override flags = {
    'from-dir': Flags.string({description: 'merge every *.json report in this folder (not recursive), ordered by case id'}),
    out: Flags.string({char: 'o', description: 'write the merged report to this file (default: stdout)'}),
    format: Flags.string({char: 'f', description: 'json (the report; render makes the other formats from it) or jsonl (one Timesketch timeline of all cases)', options: ['json', 'jsonl']}),
    rules: Flags.string({description: 'the extra indicator pack files the scans were given (repeatable)', multiple: true}),
    'fail-on': Flags.string({description: 'exit with code 1 when a case reaches this level', options: ['low', 'medium', 'high']}),
    deterministic: Flags.boolean({description: 'omit the generated-at time (also when SOURCE_DATE_EPOCH is set, which fixes it)', default: false}),
    quiet: Flags.boolean({char: 'q', description: 'no summary on stderr', default: false}),
    debug: Flags.boolean({description: 'show stack traces on internal errors', default: false}),
  }

  async run(): Promise<MergeSummary> {
    installTempCleanup()
    const {argv, flags} = await this.parse(Merge)
    const usage = (m: string): never => this.error(m, {exit: EXIT.USAGE})
    const files = [...(argv as string[])]
    const dir = flags['from-dir']
    if (dir !== undefined) files.push(...await jsonFiles(dir, usage))
    if (files.length === 0) usage(dir !== undefined ? `--from-dir ${dir}: no *.json report in it` : 'no reports: give JSON reports or --from-dir DIR')
    const format = (flags.format ?? formatFromPath(flags.out) ?? 'json') as 'json' | 'jsonl'
    if (format !== 'json' && format !== 'jsonl') usage('merge writes json or jsonl; render the merged JSON for html, md or csv')
    if (flags.out) {
      const target = resolve(flags.out)
      if (files.some((f) => resolve(f) === target)) usage(`--out ${flags.out} is one of the reports being merged: choose another file`)
      if (dir !== undefined && !relative(resolve(dir), target).startsWith('..') && !relative(resolve(dir), target).includes(sep)) {
        usage(`--out ${flags.out} is inside --from-dir ${dir}, where a later merge would read it as a case report: write it elsewhere`)
      }
    }
    let pack
    try {
      pack = loadPack({rules: flags.rules})
    } catch (error) {
      if (error instanceof PackError) usage(`indicator rules are invalid:\n${error.message}`)
      throw error
    }
    const sourceEpoch = process.env.SOURCE_DATE_EPOCH
    const generatedAt = sourceEpoch && /^\d+$/.test(sourceEpoch)
      ? new Date(Number(sourceEpoch) * 1000).toISOString()
      : flags.deterministic ? undefined : new Date().toISOString()
    const command = ['dprk-triage', 'merge', ...process.argv.slice(3)].map(shellQuote).join(' ')
    let summary: MergeSummary
    try {
      const run = (out: Writable) => mergeReports({files, order: dir !== undefined ? 'case-id' : 'given', pack: pack!, format, out, generatedAt, command}).then((s) => {
        summary = s
      })
      if (flags.out) await writeTo(flags.out, run)
      else await run(process.stdout)
    } catch (error) {
      if (error instanceof ReportFileError) this.error(error.message, {exit: EXIT.USAGE})
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return {cases: [], links: 0, files: files.length}
      if (error instanceof Error && 'oclif' in error) throw error
      const msg = flags.debug && error instanceof Error ? (error.stack ?? error.message) : (error as Error).message
      this.error(`internal error: ${msg}`, {exit: EXIT.INTERNAL})
    }
    const s = summary!
    const failed = s.cases.filter((c) => c.failed).map((c) => c.id)
    const threshold = flags['fail-on'] as Level | undefined
    const hit = threshold !== undefined && s.cases.some((c) => LEVELS.indexOf(c.level) >= LEVELS.indexOf(threshold))
    if (!flags.quiet) {
      const levels = LEVELS.map((l) => `${s.cases.filter((c) => c.level === l).length} ${l}`).join(', ')
      this.logToStderr(`merged ${s.cases.length} cases from ${s.files} reports: ${levels}; ${s.links} cross-case links`)
      if (failed.length > 0) this.logToStderr(`failed cases: ${failed.map(oneLine).join(', ')}`)
    }
    process.exitCode = failed.length > 0 ? EXIT.CASE_FAILED : hit ? EXIT.THRESHOLD : EXIT.OK
    return s
  }
}

/** The *.json files of a folder, in byte order of their names. */
async function jsonFiles(dir: string, fail: (m: string) => never): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    fail(`--from-dir ${dir}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  return names!.filter((n) => /\.json$/i.test(n) && !n.startsWith('.')).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((n) => join(dir, n))
}
