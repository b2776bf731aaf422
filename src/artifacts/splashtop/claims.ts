// What recognises Splashtop logs (path tests, sniffs), apart from the parse code so that the registry
// loads a parser only when a file is claimed (see types.ts ArtifactClaim).
import {decodeText, splitLines} from '../../lib/text.js'
import type {ArtifactClaim} from '../types.js'
import {withoutRotation} from '../rotation.js'

/** date, time, path (may hold spaces), size + unit, Upload/Download, status, user (may hold spaces), (IP). */
export const FTC_LINE =
  /^(?<date>\d{4}-\d{2}-\d{2}) (?<time>\d{2}:\d{2}:\d{2})\s+(?<path>.+?)\s+(?<size>\d+(?:[.,]\d+)?)\s?(?<unit>B|Bytes|KB|MB|GB|TB)\s+(?<action>Upload|Download)\s+(?<status>\S+)(?:\s+(?<user>.*?))?\s*(?:\((?<ip>[^()\s]*)\))?\s*$/i

const MAX_ROW_CHARS = 8192

/** FTC_LINE on one trimmed row; over-long rows are refused before the lazy groups run. */
export function matchFtcRow(line: string): RegExpExecArray | null {
  const t = line.trim()
  return t.length > MAX_ROW_CHARS ? null : FTC_LINE.exec(t)
}

/** §3 line; the day is space-padded (`Sep  1`) in the old format and glued (`Jul14`) in the new one. */
export const SP_LINE =
  /^<(?<level>\d)>(?<mon>[A-Z][a-z]{2})\s*(?<day>\d{1,2}) (?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:\.(?<ms>\d{3}))?\s+(?<body>.*)$/
/** `[SM_04020]:[Auth-L] text` (old) or `SM_03280[Network] text` (new). */
export const SP_BODY = /^\[?(?<thread>[A-Z]{2}_\d+)\]?:?\s*\[(?<component>[^\]]*)\]\s?(?<text>.*)$/

export const splashtopFtcLogClaim: ArtifactClaim = {
  kind: 'splashtop.ftclog',
  timeSource: 'local',
  title: 'Splashtop file-transfer log (FTCLog.txt)',

  matchPath: (p) => /^ftclog(?:[._-][\w.-]*)?\.(?:txt|log)$/i.test(withoutRotation(p.name)),

  sniff(head) {
    const lines = splitLines(decodeText(head).text).filter((l) => l.trim() !== '').slice(0, 5)
    return lines.length > 0 && matchFtcRow(lines[0]!) !== null
  },
}

export const splashtopSpLogClaim: ArtifactClaim = {
  kind: 'splashtop.splog',
  timeSource: 'local', // zone-less, no year (§3)
  title: 'Splashtop Streamer log (SPLog.txt)',

  matchPath: (p) => /^splog(?:[._-][\w.-]*)?\.(?:txt|log)$/i.test(withoutRotation(p.name)),

  sniff(head) {
    const lines = splitLines(decodeText(head).text).filter((l) => l.trim() !== '').slice(0, 30)
    return lines.some((l) => {
      const m = SP_LINE.exec(l)
      return !!m && SP_BODY.test(m.groups!.body!)
    })
  },
}
