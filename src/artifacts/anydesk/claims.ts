// What recognises AnyDesk artifacts (path tests, sniffs), apart from the parse code so that the
// registry loads a parser only when a file is claimed (see types.ts ArtifactClaim).
import {decodeBytesLossless, decodeText, splitLines} from '../../lib/text.js'
import type {ArtifactClaim, PathInfo} from '../types.js'
import {AD_LINE, AD_SEPARATOR} from './trace-grammar.js'

export const CONN_LINE =
  /^\s*(?<dir>Incoming|Outgoing)\s+(?<date>\d{4}-\d{2}-\d{2}),\s*(?<hm>\d{2}:\d{2})\s+(?<status>\S+)\s+(?<aliasOrId>.+?)\s+(?<id>\d+)\s*$/

export const FT_LINE =
  /^\s*(?<channel>File Manager|Clipboard)\s+(?<date>\d{4}-\d{2}-\d{2}),\s*(?<hm>\d{2}:\d{2})\s+(?<action>start|finish|cancel\w*|abort\w*|fail\w*)\s+(?<dir>upload|download)\s+'(?<name>.*)'\s+\(~(?<done>\d+(?:\.\d+)?\s*[KMGT]?i?B) out of (?<total>\d+(?:\.\d+)?\s*[KMGT]?i?B)\)\s*$/

export const anydeskTraceClaim: ArtifactClaim = {
  kind: 'anydesk.trace',
  timeSource: 'utc', // zone-less, documented as UTC (remote-access-artifacts.md §1.2)
  title: 'AnyDesk trace log (ad.trace, ad_svc.trace, anydesk.trace)',

  matchPath(p: PathInfo): boolean {
    if (!/\.trace(?:\.old|\.\d+|\.bak)?$/i.test(p.name)) return false
    return /^(?:ad|ad_svc|anydesk)\b/i.test(p.name) || /(?:^|\/)(?:\.?anydesk[^/]*|ad_[^/]+)\//i.test(p.logicalPath)
  },

  sniff(head: Buffer): boolean {
    const text = decodeBytesLossless(head).replace(/\0+/g, '\n')
    let seen = 0
    for (const line of text.split(/\r?\n/).slice(0, 200)) {
      if (AD_LINE.test(line)) return true
      if (line.trim() && !AD_SEPARATOR.test(line) && ++seen > 40) break
    }
    return false
  },
}

export const anydeskConnectionTraceClaim: ArtifactClaim = {
  kind: 'anydesk.connection_trace',
  timeSource: 'utc', // minute precision, UTC (§1.3)
  title: 'AnyDesk connection_trace.txt (connection table)',

  matchPath: (p) => p.name.toLowerCase() === 'connection_trace.txt',

  sniff(head) {
    const lines = splitLines(decodeText(head).text).filter((l) => l.trim() !== '').slice(0, 5)
    return lines.length > 0 && CONN_LINE.test(lines[0]!)
  },
}

export const anydeskFileTransferTraceClaim: ArtifactClaim = {
  kind: 'anydesk.file_transfer_trace',
  timeSource: 'utc', // dissect treats it as UTC (§1.4)
  title: 'AnyDesk file_transfer_trace.txt (file transfers)',

  matchPath: (p) => p.name.toLowerCase() === 'file_transfer_trace.txt',

  sniff(head) {
    const first = splitLines(decodeText(head).text).find((l) => l.trim() !== '')
    return first !== undefined && FT_LINE.test(first)
  },
}

export const anydeskConfClaim: ArtifactClaim = {
  kind: 'anydesk.conf',
  timeSource: 'none',
  title: 'AnyDesk configuration (system.conf, service.conf, user.conf)',

  matchPath: (p) =>
    /^(?:system|service|user)\.conf$/i.test(p.name) && /(?:^|\/)(?:\.?anydesk[^/]*|ad_[^/]+)\//i.test(p.logicalPath),

  sniff(head) {
    return /(?:^|\n)ad\.[\w.]+=/.test(decodeText(head).text)
  },
}
