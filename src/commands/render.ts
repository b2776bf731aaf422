// `dprk-triage render REPORT.json`: any report format from a saved JSON report, the bytes scan
// would have written for the same cases (the saved generated-at line and command are kept).
import {resolve} from 'node:path'

import {Args, Command, Flags} from '@oclif/core'

import {EXIT} from '../lib/exit-codes.js'
import {loadSavedReport, ReportFileError} from '../report/saved-report.js'
import {FORMATS, formatFromPath, writeReport, writeTo, type Format} from '../report/writers.js'

export default class Render extends Command {
  static override summary = 'Write a report in any format from a saved JSON report (scan --format json, merge).'

  static override description = `The report is checked against schemas/report.schema.json as it is read and refused when its schema
or tool version is not this one's. The output is what scan writes for the same cases, byte for byte,
including the saved generated-at line and command. Events are read from the file as they are
written, so large reports need little memory.

EXIT CODES
  0  report written
  2  usage error, or the file is not a report this version can render
  4  internal error`

  static override examples = [
    {description: 'HTML for the client from the JSON a batch job made', command: '<%= config.bin %> <%= command.id %> combined.json --out combined.html'},
    {description: 'One case as Timesketch JSON lines', command: '<%= config.bin %> <%= command.id %> reports/host-17.json --format jsonl --out host-17.jsonl'},
  ]

  static override args = {
    report: Args.string({description: 'JSON report written by scan --format json or merge', required: true}),
  }

  static override flags = {
    format: Flags.string({char: 'f', description: 'output format (default: from the --out extension)', options: [...FORMATS]}),
    out: Flags.string({char: 'o', description: 'write to this file (default: stdout)'}),
    'formula-guard': Flags.boolean({description: 'CSV: prefix cells that start with = + - @ (or tab/CR) with \' (as scan does); --no-formula-guard for machine pipelines', default: true, allowNo: true}),
    debug: Flags.boolean({description: 'show stack traces on internal errors', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Render)
    const format = (flags.format ?? formatFromPath(flags.out)) as Format | undefined
    if (!format) this.error('give --format (html, md, csv, jsonl, json) or an --out file name with one of those extensions', {exit: EXIT.USAGE})
    if (flags.out && resolve(flags.out) === resolve(args.report)) this.error('--out is the report being read: choose another file', {exit: EXIT.USAGE})
    try {
      const report = loadSavedReport(args.report)
      const write = (out: NodeJS.WritableStream) => writeReport(format, report, out as never, {formulaGuard: flags['formula-guard']})
      if (flags.out) await writeTo(flags.out, write)
      else await write(process.stdout)
    } catch (error) {
      if (error instanceof ReportFileError) this.error(error.message, {exit: EXIT.USAGE})
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return
      if (error instanceof Error && 'oclif' in error) throw error
      const msg = flags.debug && error instanceof Error ? (error.stack ?? error.message) : (error as Error).message
      this.error(`internal error: ${msg}`, {exit: EXIT.INTERNAL})
    }
  }
}
