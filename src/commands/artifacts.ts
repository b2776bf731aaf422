// `dprk-triage artifacts`: every artifact kind with where it is found and the formats read,
// like `log2timeline --parsers list`; the names are what --kinds / --exclude-kinds take.
import {Flags} from '@oclif/core'

import {ARTIFACT_CATALOG} from '../artifacts/catalog.js'
import {allKinds, kindsMatching} from '../artifacts/kinds.js'
import {ARCHIVE_KIND} from '../artifacts/archive/zip-listing.js'
import {PARSERS} from '../artifacts/registry.js'
import {TriageCommand} from './base.js'

export default class Artifacts extends TriageCommand {
  static override summary = 'List every artifact kind with its paths and formats (the names --kinds and --exclude-kinds take).'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --kind browser',
    '<%= config.bin %> <%= command.id %> --json',
  ]
  static override enableJsonFlag = true
  static override flags = {
    kind: Flags.string({description: 'only this kind or family (browser, programs.*, anydesk.trace)'}),
  }

  async run() {
    const {flags} = await this.parse(Artifacts)
    let kinds = allKinds()
    if (flags.kind) {
      try {
        kinds = kindsMatching(flags.kind, kinds)
      } catch (error) {
        this.usage(`--kind: ${(error as Error).message}`, {flag: '--kind'})
      }
    }
    const title = (k: string) => k === ARCHIVE_KIND ? 'ZIP archive inside the evidence (member listing)' : PARSERS.find((p) => p.kind === k)!.title
    const list = kinds.map((kind) => ({kind, title: title(kind), paths: ARTIFACT_CATALOG[kind]?.paths ?? [], formats: ARTIFACT_CATALOG[kind]?.formats ?? []}))
    for (const a of list) {
      this.log(`${a.kind}`)
      this.log(`  ${a.title}`)
      for (const p of a.paths) this.log(`  path:   ${p}`)
      for (const f of a.formats) this.log(`  format: ${f}`)
    }
    this.log(`${list.length} kinds; recognition is by path and content together, never by name alone`)
    return {kinds: list}
  }
}
