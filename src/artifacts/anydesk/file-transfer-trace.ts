// AnyDesk file_transfer_trace.txt (8.x/9.x): UTF-16LE, TAB-separated, minute precision.
// Reference §1.4, real row from dissect's test expectation:
// "Clipboard\t\t2025-01-01, 13:37\tstart \tdownload\t'malware.exe' (~0 B out of 4.20 MiB)".
// Sizes are display-rounded MiB values, kept as written, never converted to exact bytes.
import {userFromPath} from '../../evidence/paths.js'
import {decodeText, splitLines} from '../../lib/text.js'
import {cleanFields, wallFromParts, zonelessTime} from '../common.js'
import type {ArtifactParser} from '../types.js'
import {anydeskFileTransferTraceClaim, FT_LINE} from './claims.js'

export {FT_LINE}

export const anydeskFileTransferTrace: ArtifactParser = {
  ...anydeskFileTransferTraceClaim,

  async parse(input, ctx) {
    const {text} = decodeText(await input.readAll(256 * 1024 * 1024), ctx.text)
    const user = userFromPath(input.info.logicalPath)
    const bad: number[] = []
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '') return
      const g = FT_LINE.exec(line)?.groups
      if (!g) {
        bad.push(i + 1)
        return
      }
      ctx.emit({
        ...zonelessTime(wallFromParts(g.date!, g.hm!), ctx.hostTz),
        timePrecision: 'minute',
        type: 'remote_access.file_transfer',
        timestampDesc: 'File transfer',
        location: `line ${i + 1}`,
        message: `AnyDesk ${g.channel} ${g.dir} ${g.action}: '${g.name}' (~${g.done} of ${g.total})`,
        fields: cleanFields({
          tool: 'anydesk', channel: g.channel, action: g.action, transfer_direction: g.dir, file_name: g.name,
          transferred: g.done, total_size: g.total, user,
        }),
        raw: line.replace(/\t/g, '\\t'),
      })
    })
    if (bad.length > 0) ctx.warn(`${bad.length} row(s) not in the file_transfer_trace format (first at line ${bad[0]})`)
  },
}
