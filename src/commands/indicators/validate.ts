// `dprk-triage indicators validate FILE`: checks a rules pack, IOC list or allow list; without
// --as the kind is guessed from the content and said.
import {basename} from 'node:path'

import {Args, Flags} from '@oclif/core'

import {parseAllowText} from '../../indicators/allow.js'
import {readTextFile} from '../../indicators/files.js'
import {guessAnalystFile, type AnalystFileKind} from '../../indicators/guess.js'
import {iocIndicators, parseIocText} from '../../indicators/ioc.js'
import {loadPack, PackError} from '../../indicators/load.js'
import {TriageCommand} from '../base.js'

const NAMES: Record<AnalystFileKind, string> = {rules: 'indicator pack (--rules)', ioc: 'IOC list (--ioc)', allow: 'allow list (--allow)'}

export default class IndicatorsValidate extends TriageCommand {
  static override summary = 'Validate an indicator pack (--rules), an IOC list (--ioc) or an allow list (--allow).'
  static override description = `Without --as the kind of file is guessed from its content (a mapping with "indicators" is a pack,
a STIX bundle or MISP event or a type,value,source CSV is an IOC list, a list of {type, value, reason}
or a type,value,reason CSV is an allow list) and the guess is printed. Exit 0 when the file is valid,
2 with every problem listed (entry and field named) when it is not.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> my-rules.yaml',
    '<%= config.bin %> <%= command.id %> astrill-exits.csv',
    '<%= config.bin %> <%= command.id %> allow.csv --as allow',
  ]
  static override enableJsonFlag = true
  static override args = {file: Args.string({description: 'file to check', required: true})}
  static override flags = {
    as: Flags.string({description: 'what the file is (default: guessed from the content)', options: ['rules', 'ioc', 'allow']}),
  }

  async run() {
    const {args, flags} = await this.parse(IndicatorsValidate)
    const file = args.file
    const read = readTextFile(file)
    if ('error' in read) this.usage(read.error, {file})
    const {text} = read as {text: string}
    let as = flags.as as AnalystFileKind | undefined
    let guessed: string | undefined
    if (!as) {
      const g = guessAnalystFile(text)
      if ('error' in g) this.usage(`${file}: cannot tell what kind of file this is (${g.error}); give --as rules, ioc or allow`, {file})
      as = (g as {kind: AnalystFileKind}).kind
      guessed = (g as {why: string}).why
    }
    let errors: string[] = []
    let warnings: string[] = []
    let count = 0
    if (as === 'rules') {
      try {
        const pack = loadPack({rules: [file]})
        count = pack.indicators.filter((i) => i.origin === file).length
      } catch (error) {
        if (!(error instanceof PackError)) throw error
        errors = error.message.split('\n')
      }
    } else if (as === 'ioc') {
      const p = parseIocText(text, basename(file))
      const b = iocIndicators(p.iocs, file)
      warnings = [...p.errors, ...b.errors]
      count = p.iocs.length
      if (count === 0) errors.push(`${file}: no usable indicator`)
    } else {
      const a = parseAllowText(text, basename(file))
      errors = a.errors
      count = a.entries.length
    }
    const what = `${NAMES[as]}${guessed ? `, guessed from ${guessed}; --as overrides` : ''}`
    for (const w of warnings) this.warn(w)
    if (errors.length > 0) this.usage(`${file} is not a valid ${what}:\n${errors.join('\n')}`, {file})
    this.log(`${file}: valid (${count} ${as === 'allow' ? 'entries' : 'indicators'}): ${what}`)
    return {file, as, ...(guessed ? {guessedFrom: guessed} : {}), valid: true, count, warnings}
  }
}
