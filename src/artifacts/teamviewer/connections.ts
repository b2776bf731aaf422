// TeamViewer connection tables: Connections_incoming.txt (incoming, Program Files) and
// Connections.txt (outgoing, %AppData%\TeamViewer). One row per connection, times in UTC.
// Reference §3: "TAB fields: remoteID, display name (can contain spaces), start, end
// (DD-MM-YYYY HH:MM:SS), local user, mode, {GUID}; a trailing TAB and a leading blank line occur",
// and Connections.txt "space-padded, UTC" (plaso, dissect). Some versions write UTF-16LE.
import {userFromPath} from '../../evidence/paths.js'
import {decodeText, splitLines} from '../../lib/text.js'
import {durationSeconds, isValidWallTime, wallToIso, type WallTime} from '../../lib/time.js'
import {cleanFields} from '../common.js'
import type {ArtifactParser, PathInfo} from '../types.js'
import {DATE, parseConnectionRow, teamviewerConnectionsClaim, type ConnectionRow} from './claims.js'

export {parseConnectionRow, type ConnectionRow}

const TOOL = 'teamviewer'
const MAX_BYTES = 64 * 1024 * 1024

function wallOf(s: string): WallTime | null {
  const m = DATE.exec(s)
  if (!m) return null
  const t: WallTime = {day: Number(m[1]), month: Number(m[2]), year: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6])}
  return isValidWallTime(t) ? t : null
}

function isIncoming(p: PathInfo): boolean {
  return /incoming/i.test(p.name)
}

export const teamviewerConnections: ArtifactParser = {
  ...teamviewerConnectionsClaim,

  async parse(input, ctx) {
    const {text, encoding} = decodeText(await input.readAll(MAX_BYTES), ctx.text)
    const pathUser = userFromPath(input.info.logicalPath)
    const direction = isIncoming(input.info) ? 'incoming' : 'outgoing'
    const bad: number[] = []
    let badCount = 0
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '') return
      const n = i + 1
      const row = parseConnectionRow(line)
      const start = row ? wallOf(row.start) : null
      const end = row ? wallOf(row.end) : null
      if (!row || !start) {
        if (++badCount <= 5) bad.push(n)
        return
      }
      const startIso = wallToIso(start)
      const endIso = end ? wallToIso(end) : undefined
      const dur = endIso ? durationSeconds(startIso, endIso) : undefined
      const who = `${row.name ? `"${row.name}" ` : ''}${row.id}`
      const common = {
        tool: TOOL, direction, remote_id: row.id, remote_alias: row.name, user: row.user ?? pathUser,
        connection_type: row.mode, session_guid: row.guid, encoding: encoding === 'utf-8' ? undefined : encoding,
      }
      ctx.emit({
        time: startIso, timeBasis: 'utc', timePrecision: 'second', type: 'remote_access.session_start', timestampDesc: 'Session start',
        location: `line ${n}`,
        message: `TeamViewer ${direction} ${row.mode ?? ''} session ${direction === 'incoming' ? 'from' : 'to'} ${who}${row.user ? ` (local user ${row.user})` : ''}${dur !== undefined ? `, ${dur} s` : ''}`.replace('  ', ' '),
        fields: cleanFields({...common, end_time: endIso, duration_s: dur}),
        raw: line.trim(),
      })
      if (endIso) {
        ctx.emit({
          time: endIso, timeBasis: 'utc', timePrecision: 'second', type: 'remote_access.session_end', timestampDesc: 'Session end',
          location: `line ${n}`,
          message: `TeamViewer ${direction} session with ${who} ended after ${dur} s`,
          fields: cleanFields({...common, start_time: startIso, duration_s: dur}),
          raw: line.trim(),
        })
      } else {
        ctx.warn(`line ${n}: end time "${row.end}" is not a valid date`)
      }
    })
    if (badCount > 0) ctx.warn(`${badCount} line(s) not in the TeamViewer connection-table format (first at line ${bad.join(', ')})`)
  },
}
