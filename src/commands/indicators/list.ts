// `dprk-triage indicators list`: the loaded indicators with weight, category and sources.
import {Flags} from '@oclif/core'

import {loadIndicatorInputs} from '../scan.js'
import {TriageCommand} from '../base.js'
import {oneLine} from '../../report/terminal.js'

export default class IndicatorsList extends TriageCommand {
  static override summary = 'List the indicators a scan would use (default pack plus --rules and --ioc files).'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --rules my-rules.yaml --json',
  ]
  static override enableJsonFlag = true
  static override flags = {
    rules: Flags.string({description: 'extra indicator pack file (repeatable)', multiple: true}),
    ioc: Flags.string({description: 'indicator list file (repeatable)', multiple: true}),
    category: Flags.string({description: 'only this category'}),
  }

  async run() {
    const {flags} = await this.parse(IndicatorsList)
    const {pack} = loadIndicatorInputs(flags, (m) => this.usage(m), (w) => this.warn(w))
    const list = pack.indicators.filter((i) => !flags.category || i.category === flags.category)
    for (const i of list) {
      this.log(`${i.id.padEnd(10)} ${String(i.weight).padStart(2)} ${i.severity.padEnd(8)} ${i.category.padEnd(16)} ${oneLine(i.title)}`)
      this.log(`${' '.repeat(11)}sources: ${i.sources.map((s) => `${s.publisher} [${s.grade}]`).join('; ')}`)
    }
    this.log(`${list.length} indicators; loaded: ${pack.loaded.join(', ')}`)
    return {
      pack: {id: pack.id, version: pack.version, loaded: pack.loaded},
      indicators: list.map((i) => ({
        id: i.id, title: i.title, category: i.category, weight: i.weight, severity: i.severity, derived: i.derived,
        modifierOnly: i.modifier_only ?? false, appliesTo: i.applies_to, falsePositives: i.false_positives, origin: i.origin,
        sources: i.sources,
      })),
    }
  }
}
