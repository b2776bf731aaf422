// `dpkg -l` (dpkg-query --list) output: a legend, then the column header
// `||/ Name  Version  Architecture  Description` (no Architecture column before dpkg 1.16.2)
// and a `+++-====-====-...` ruler, then one row per package whose first two letters are the
// desired action and the package state (dpkg-query(1) "--list": `ii` = install, installed;
// `hi` = hold, installed; `rc` = removed, config files left). Names, versions and architectures
// have no spaces, so rows are split on whitespace and the description keeps the rest.
import type {ArtifactParser} from '../types.js'
import {DPKG_HEADER as HEADER, DPKG_RULER as RULER, programsDpkgListClaim} from './claims.js'
import {emitProgram} from './record.js'
import {readListText} from './text-input.js'

export const programsDpkgList: ArtifactParser = {
  ...programsDpkgListClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx, 64 * 1024 * 1024)
    const lines = text.split(/\r?\n/)
    let withArch = true
    let inBody = false
    let bad = 0
    let firstBad = 0
    lines.forEach((line, i) => {
      if (!inBody) {
        const h = HEADER.exec(line)
        if (h) withArch = h[1] !== undefined
        if (RULER.test(line)) inBody = true
        return
      }
      if (line.trim() === '') return
      const parts = line.trim().split(/\s+/)
      const need = withArch ? 4 : 3
      if (parts.length < need || !/^[uihrp][ncHUFWtiR][R ]?$|^[uihrp][ncHUFWtiR]R?$/.test(parts[0]!)) {
        if (bad++ === 0) firstBad = i + 1
        return
      }
      const [state, name, version] = parts as [string, string, string]
      if (state[1] !== 'i') return // only installed packages
      const arch = withArch ? parts[3] : undefined
      const descStart = withArch ? 4 : 3
      const [pkg, archFromName] = name.split(':') as [string, string | undefined]
      emitProgram(ctx, {
        format: 'dpkg-list',
        displayName: pkg,
        version,
        scope: 'machine',
        location: `line ${i + 1}`,
        raw: line,
        extra: {
          architecture: arch ?? archFromName,
          description: parts.slice(descStart).join(' '),
          package_status: state,
          package_manager: 'dpkg',
        },
      })
    })
    if (!inBody) ctx.warn('no "+++-===" ruler line: not a complete dpkg -l listing')
    if (bad > 0) ctx.warn(`${bad} row(s) are not dpkg -l package rows (first at line ${firstBad})`)
  },
}
