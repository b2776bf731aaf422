// Debian/Ubuntu `/var/lib/dpkg/status`: one RFC 822-style stanza per package (deb-control(5):
// `Field: value`, continuation lines start with a space or TAB, stanzas separated by blank
// lines). Only packages whose `Status` is `install ok installed` (or `hold ok installed`:
// installed and pinned) are installed; `deinstall ok config-files` and the like are not. The
// file holds no install time, so every event has time null.
import type {ArtifactParser} from '../types.js'
import {programsDpkgStatusClaim} from './claims.js'
import {decodedLines} from './decoded-lines.js'
import {emitProgram} from './record.js'

const FIELD = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]?(.*)$/
const MAX_STANZA_LINES = 20_000

export const programsDpkgStatus: ArtifactParser = {
  ...programsDpkgStatusClaim,

  async parse(input, ctx) {
    let fields = new Map<string, string>()
    let startLine = 0
    let raw: string[] = []
    let last: string | undefined
    let bad = 0
    let firstBad = 0

    const flush = () => {
      if (fields.size === 0) return
      const f = fields
      const line = startLine
      const text = raw.join('\n')
      fields = new Map()
      raw = []
      last = undefined
      const status = (f.get('status') ?? '').trim()
      // dpkg(1) package states: want, error flag, status; installed = "... ok installed"
      if (!/^(?:install|hold) ok installed$/.test(status)) return
      const maint = f.get('maintainer')
      emitProgram(ctx, {
        format: 'dpkg-status',
        displayName: f.get('package'),
        version: f.get('version'),
        publisher: maint?.replace(/\s*<[^>]*>\s*$/, ''),
        scope: 'machine',
        location: `line ${line}`,
        raw: text,
        extra: {
          architecture: f.get('architecture'),
          maintainer: maint,
          description: f.get('description')?.split('\n')[0],
          package_source: f.get('source'),
          package_status: status,
          package_manager: 'dpkg',
        },
      })
    }

    const stream = await input.stream()
    try {
      for await (const {number, text} of decodedLines(stream, (m) => ctx.warn(m), ctx.text)) {
        if (text.trim() === '') {
          flush()
          continue
        }
        if (fields.size === 0) startLine = number
        if (raw.length < MAX_STANZA_LINES) raw.push(text)
        if (/^[ \t]/.test(text)) {
          // continuation of the previous field (Description, Conffiles)
          if (last !== undefined && (fields.get(last)?.length ?? 0) < 64 * 1024) fields.set(last, `${fields.get(last)}\n${text.trim()}`)
          continue
        }
        const m = FIELD.exec(text)
        if (!m) {
          if (bad++ === 0) firstBad = number
          continue
        }
        last = m[1]!.toLowerCase()
        if (!fields.has(last)) fields.set(last, m[2]!)
      }
    } finally {
      flush()
    }
    if (bad > 0) ctx.warn(`${bad} line(s) are not "Field: value" lines (first at line ${firstBad})`)
  },
}
