// `dprk-triage indicators validate FILE`: checks a rules pack, IOC list or allow list.
import {basename} from 'node:path'

import {Args, Command, Flags} from '@oclif/core'

import {parseAllowText} from '../../indicators/allow.js'
import {readTextFile} from '../../indicators/files.js'
import {iocIndicators, parseIocText} from '../../indicators/ioc.js'
import {loadPack, PackError} from '../../indicators/load.js'
import {EXIT} from '../../lib/exit-codes.js'

export default class IndicatorsValidate extends Command {
  static override summary = 'Validate an indicator pack (--rules), an IOC list (--ioc) or an allow list (--allow).'
  static override description = 'Exit 0 when the file is valid, 2 with every problem listed when it is not.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> my-rules.yaml',
    '<%= config.bin %> <%= command.id %> astrill-exits.csv --as ioc',
    '<%= config.bin %> <%= command.id %> allow.yaml --as allow',
  ]
  static override enableJsonFlag = true
  static override args = {file: Args.string({description: 'file to check', required: true})}
  static override flags = {
    as: Flags.string({description: 'what the file is', options: ['rules', 'ioc', 'allow'], default: 'rules'}),
  }

  async run() {
    const {args, flags} = await this.parse(IndicatorsValidate)
    const read = readTextFile(args.file)
    if ('error' in read) this.error(read.error, {exit: EXIT.USAGE})
    const {text} = read
    let errors: string[] = []
    let warnings: string[] = []
    let count = 0
    if (flags.as === 'rules') {
      try {
        const pack = loadPack({rules: [args.file]})
        count = pack.indicators.filter((i) => i.origin === args.file).length
      } catch (error) {
        if (!(error instanceof PackError)) throw error
        errors = error.message.split('\n')
      }
    } else if (flags.as === 'ioc') {
      const p = parseIocText(text, basename(args.file))
      const b = iocIndicators(p.iocs, args.file)
      warnings = [...p.errors, ...b.errors]
      count = p.iocs.length
      if (count === 0) errors.push(`${args.file}: no usable indicator`)
    } else {
      const a = parseAllowText(text, basename(args.file))
      errors = a.errors
      count = a.entries.length
    }
    for (const w of warnings) this.warn(w)
    if (errors.length > 0) this.error(errors.join('\n'), {exit: EXIT.USAGE})
    this.log(`${args.file}: valid (${count} ${flags.as === 'allow' ? 'entries' : 'indicators'})`)
    return {file: args.file, as: flags.as, valid: true, count, warnings}
  }
}
