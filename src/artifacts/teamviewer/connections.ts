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

const TOOL = 'teamviewer'
const MAX_BYTES = 64 * 1024 * 1024
const MAX_ROW_CHARS = 4096

/** `16-02-2024 14:16:32` (§3: DD-MM-YYYY HH:MM:SS). */
const DATE = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/
const DATE_SRC = String.raw`\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}`

/**
 * Space-padded row (§3 Connections.txt): ID, optional display name (may hold spaces: it is
 * whatever lies between the ID and the first date), start, end, local user (may hold spaces),
 * one-word mode, optional {GUID}.
 */
const SPACED_ROW = new RegExp(
  String.raw`^\s*(?<id>\S+)\s+(?:(?<name>.*?)\s+)?(?<start>${DATE_SRC})\s+(?<end>${DATE_SRC})\s+(?<user>.*?)\s+(?<mode>\S+?)(?:\s+(?<guid>\{[0-9A-Fa-f-]+\}))?\s*$`,
)

export interface ConnectionRow {
  id: string
  name?: string
  start: string
  end: string
  user?: string
  mode?: string
  guid?: string
}

/** One row of either file, TAB-separated or space-padded; null when it is not a row. */
export function parseConnectionRow(line: string): ConnectionRow | null {
  // real rows are ~200 characters; the lazy groups below must not run on hostile long lines
  if (line.length > MAX_ROW_CHARS) return null
  if (line.includes('\t')) {
    const f = line.split('\t')
    while (f.length > 0 && f.at(-1)!.trim() === '') f.pop() // the trailing TAB (§3)
    const d = f.findIndex((x, i) => i > 0 && DATE.test(x.trim()))
    if (d >= 1 && f.length >= d + 2 && DATE.test(f[d + 1]!.trim())) {
      const name = f.slice(1, d).join('\t').trim()
      return {
        id: f[0]!.trim(), name: name || undefined, start: f[d]!.trim(), end: f[d + 1]!.trim(),
        user: f[d + 2]?.trim() || undefined, mode: f[d + 3]?.trim() || undefined, guid: f[d + 4]?.trim() || undefined,
      }
    }
  }
  const m = SPACED_ROW.exec(line)
  if (!m?.groups) return null
  const g = m.groups
  return {id: g.id!, name: g.name?.trim() || undefined, start: g.start!, end: g.end!, user: g.user?.trim() || undefined, mode: g.mode, guid: g.guid}
}

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
  kind: 'teamviewer.connections',
  timeSource: 'utc', // plaso, dissect (§3)
  title: 'TeamViewer connection tables (Connections_incoming.txt, Connections.txt)',

  matchPath: (p) => /^connections(?:_incoming)?(?:[._-][\w.-]*)?\.txt$/i.test(p.name),

  sniff(head) {
    const lines = splitLines(decodeText(head).text).filter((l) => l.trim() !== '').slice(0, 5)
    return lines.length > 0 && parseConnectionRow(lines[0]!) !== null
  },

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
