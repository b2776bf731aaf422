// Splashtop file-transfer log FTCLog.txt (`%ProgramData%\Splashtop\Temp\log\`). Reference §3:
// `2022-09-01 11:42:14 C:\Users\lab\Desktop\mechant.7z 0.0 KB Upload Completed john doe (123.231.123.231)`
// (Synacktiv via DFIRArtifactMuseum). Local, zone-less times. The corpus transcription doubles the
// backslashes; the path is kept as written and the file name is taken across `\`, `\\` or `/`.
import {userFromPath} from '../../evidence/paths.js'
import {decodeText, splitLines} from '../../lib/text.js'
import {cleanFields, wallFromParts, zonelessTime} from '../common.js'
import type {ArtifactParser} from '../types.js'
import {FTC_LINE, matchFtcRow, splashtopFtcLogClaim} from './claims.js'

export {FTC_LINE, matchFtcRow}

const MAX_BYTES = 64 * 1024 * 1024

export const splashtopFtcLog: ArtifactParser = {
  ...splashtopFtcLogClaim,

  async parse(input, ctx) {
    const {text} = decodeText(await input.readAll(MAX_BYTES), ctx.text)
    const pathUser = userFromPath(input.info.logicalPath)
    const bad: number[] = []
    let badCount = 0
    splitLines(text.replace(/\0+/g, '')).forEach((line, i) => {
      const n = i + 1
      if (line.trim() === '') return
      const m = matchFtcRow(line)
      if (!m?.groups) {
        if (++badCount <= 5) bad.push(n)
        return
      }
      const g = m.groups
      const t = zonelessTime(wallFromParts(g.date!, g.time!), ctx.hostTz)
      const action = g.action![0]!.toUpperCase() + g.action!.slice(1).toLowerCase()
      // "Upload" is the connecting client's view: a file sent to this (streamer) host
      const direction = action === 'Upload' ? 'incoming' : 'outgoing'
      const name = g.path!.split(/[\\/]+/).filter(Boolean).at(-1)
      ctx.emit({
        ...t, timePrecision: 'second', type: 'remote_access.file_transfer', timestampDesc: `File ${action.toLowerCase()} ${g.status!.toLowerCase()}`,
        location: `line ${n}`,
        message: `Splashtop file ${action.toLowerCase()} ${g.status!.toLowerCase()}: ${g.path} (${g.size} ${g.unit})${g.user ? ` by ${g.user}` : ''}${g.ip ? ` from ${g.ip}` : ''}`,
        fields: cleanFields({
          tool: 'splashtop', direction, transfer_action: action, status: g.status, path: g.path, file_name: name,
          size_text: `${g.size} ${g.unit}`, remote_user: g.user?.trim(), remote_ip: g.ip, user: pathUser,
        }),
        raw: line.trim(),
      })
    })
    if (badCount > 0) ctx.warn(`${badCount} line(s) not in the FTCLog format (first at line ${bad.join(', ')})`)
  },
}
