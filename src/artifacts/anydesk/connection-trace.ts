// AnyDesk connection_trace.txt: one row per incoming/outgoing connection, minute precision,
// UTF-16LE on real machines (ASCII transcriptions exist). Reference §1.3:
// "Incoming     2014-11-26, 03:46 User                  user1@ad 654321" (support KB) and
// "Incoming 2022-08-23, 10:23 Passwd 547911884 547911884" (DFIRArtifactMuseum transcription).
import {userFromPath} from '../../evidence/paths.js'
import {decodeText, splitLines} from '../../lib/text.js'
import {cleanFields, wallFromParts, zonelessTime} from '../common.js'
import type {ArtifactParser} from '../types.js'
import {anydeskConnectionTraceClaim, CONN_LINE} from './claims.js'

export {CONN_LINE}

const STATUS: Record<string, string> = {
  User: 'accepted by local user',
  Passwd: 'password',
  Token: 'token',
  REJECTED: 'rejected',
}

export const anydeskConnectionTrace: ArtifactParser = {
  ...anydeskConnectionTraceClaim,

  async parse(input, ctx) {
    const {text} = decodeText(await input.readAll(256 * 1024 * 1024), ctx.text)
    const user = userFromPath(input.info.logicalPath)
    const bad: number[] = []
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '') return
      const m = CONN_LINE.exec(line)
      if (!m?.groups) {
        bad.push(i + 1)
        return
      }
      const g = m.groups
      const t = zonelessTime(wallFromParts(g.date!, g.hm!), ctx.hostTz)
      const direction = g.dir!.toLowerCase()
      const status = STATUS[g.status!] ?? g.status!
      const rejected = g.status === 'REJECTED'
      const alias = g.aliasOrId !== g.id ? g.aliasOrId!.trim() : undefined
      ctx.emit({
        ...t,
        timePrecision: 'minute',
        type: rejected ? 'remote_access.access_denied' : 'remote_access.session_start',
        timestampDesc: rejected ? 'Connection rejected' : 'Connection start',
        location: `line ${i + 1}`,
        message: `AnyDesk ${direction} connection ${direction === 'incoming' ? 'from' : 'to'} ${alias ? `"${alias}" ` : ''}${g.id} (${status})`,
        fields: cleanFields({
          tool: 'anydesk', direction, remote_id: g.id, remote_alias: alias, auth_method: rejected ? undefined : status,
          status: g.status, user,
        }),
        raw: line.trim(),
      })
    })
    if (bad.length > 0) ctx.warn(`${bad.length} row(s) not in the connection_trace format (first at line ${bad[0]})`)
  },
}
