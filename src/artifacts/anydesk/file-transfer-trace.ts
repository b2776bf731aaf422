// AnyDesk file_transfer_trace.txt (8.x/9.x): UTF-16LE, TAB-separated, minute precision.
// Reference §1.4, real row from dissect's test expectation:
// "Clipboard\t\t2025-01-01, 13:37\tstart \tdownload\t'malware.exe' (~0 B out of 4.20 MiB)".
// Sizes are display-rounded MiB values, kept as written, never converted to exact bytes.
import {userFromPath} from '../../evidence/paths.js'
import {decodeText, splitLines} from '../../lib/text.js'
import {cleanFields, wallFromParts, zonelessTime} from '../common.js'
import type {ArtifactParser} from '../types.js'

export const FT_LINE =
  /^\s*(?<channel>File Manager|Clipboard)\s+(?<date>\d{4}-\d{2}-\d{2}),\s*(?<hm>\d{2}:\d{2})\s+(?<action>start|finish|cancel\w*|abort\w*|fail\w*)\s+(?<dir>upload|download)\s+'(?<name>.*)'\s+\(~(?<done>\d+(?:\.\d+)?\s*[KMGT]?i?B) out of (?<total>\d+(?:\.\d+)?\s*[KMGT]?i?B)\)\s*$/

export const anydeskFileTransferTrace: ArtifactParser = {
  kind: 'anydesk.file_transfer_trace',
  timeSource: 'utc', // dissect treats it as UTC (§1.4)
  title: 'AnyDesk file_transfer_trace.txt (file transfers)',

  matchPath: (p) => p.name.toLowerCase() === 'file_transfer_trace.txt',

  sniff(head) {
    const first = splitLines(decodeText(head).text).find((l) => l.trim() !== '')
    return first !== undefined && FT_LINE.test(first)
  },

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
