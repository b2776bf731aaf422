// What recognises RustDesk logs (path tests, sniffs), apart from the parse code so that the registry
// loads a parser only when a file is claimed (see types.ts ArtifactClaim).
import {decodeText, splitLines} from '../../lib/text.js'
import type {ArtifactClaim} from '../types.js'
import {withoutRotation} from '../rotation.js'

/** §3: `^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+ [+-]\d{2}:\d{2})\] (\w+) \[(.*?)\] (.*)$` (dissect). */
export const RD_LINE =
  /^\[(?<date>\d{4}-\d{2}-\d{2}) (?<time>\d{2}:\d{2}:\d{2})\.(?<frac>\d+) (?<off>[+-]\d{2}:\d{2})\] (?<level>\w+) \[(?<src>.*?)\] (?<message>.*)$/

export const rustdeskLogClaim: ArtifactClaim = {
  kind: 'rustdesk.log',
  timeSource: 'stated-offset', // explicit offset on each line (§3)
  title: 'RustDesk log (RustDesk_rCURRENT.log, log/server/*.log)',

  matchPath: (p) => /\.log$/i.test(withoutRotation(p.name)) && (/^rustdesk/i.test(p.name) || /(?:^|\/)rustdesk\//i.test(p.lower)),

  sniff(head) {
    const lines = splitLines(decodeText(head).text).filter((l) => l.trim() !== '').slice(0, 20)
    return lines.some((l) => RD_LINE.test(l.trim()))
  },
}
