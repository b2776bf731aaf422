// What recognises TeamViewer logs (path tests, sniffs), apart from the parse code so that the registry
// loads a parser only when a file is claimed (see types.ts ArtifactClaim).
import {decodeText, splitLines} from '../../lib/text.js'
import type {ArtifactClaim} from '../types.js'
import {withoutRotation} from '../rotation.js'
import {startWall, TV_COLUMNS, TV_LINE, TV_START} from './logfile-grammar.js'

const MAX_ROW_CHARS = 4096

/** `16-02-2024 14:16:32` (§3: DD-MM-YYYY HH:MM:SS). */
export const DATE = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/
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

export function looksLikeTeamViewerLog(text: string): boolean {
  let records = 0
  let columns = 0
  let start = false
  for (const line of text.split(/\r?\n/).slice(0, 400)) {
    const s = TV_START.exec(line)
    if (s && startWall(s.groups!.date!, s.groups!.time!)) start = true
    const m = TV_LINE.exec(line)
    if (!m) continue
    records++
    if (TV_COLUMNS.test(m.groups!.rest ?? '')) columns++
  }
  // TeamViewer's own column layout, or a Start header with dated records (older formats)
  return columns >= 2 || (start && records >= 1) || (columns >= 1 && /teamviewer/i.test(text))
}

export const teamviewerConnectionsClaim: ArtifactClaim = {
  kind: 'teamviewer.connections',
  timeSource: 'utc', // plaso, dissect (§3)
  title: 'TeamViewer connection tables (Connections_incoming.txt, Connections.txt)',

  matchPath: (p) => /^connections(?:_incoming)?(?:[._-][\w.-]*)?\.txt$/i.test(p.name),

  sniff(head) {
    const lines = splitLines(decodeText(head).text).filter((l) => l.trim() !== '').slice(0, 5)
    return lines.length > 0 && parseConnectionRow(lines[0]!) !== null
  },
}

export const teamviewerLogfileClaim: ArtifactClaim = {
  kind: 'teamviewer.logfile',
  timeSource: 'local', // local time; the `Start:` header offset wins where present (§3)
  title: 'TeamViewer application log (TeamViewer<NN>_Logfile.log)',

  matchPath(p) {
    // `TeamViewer15_Logfile_OLD.log` is TeamViewer's own rotation; `.log.1` a collected copy
    const name = withoutRotation(p.name)
    if (!/\.log$/i.test(name)) return false
    return /^teamviewer.*log.*\.log$/i.test(name) || /(?:^|\/)teamviewer[^/]*\//i.test(p.logicalPath)
  },

  sniff(head) {
    return looksLikeTeamViewerLog(decodeText(head).text.replace(/\0+/g, ''))
  },
}
