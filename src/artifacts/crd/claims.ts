// What recognises Chrome Remote Desktop artifacts (path tests, sniffs), apart from the parse code
// so that the registry loads a parser only when a file is claimed (see types.ts ArtifactClaim).
import {decodeBytesLossless, decodeText} from '../../lib/text.js'
import type {WallTime} from '../../lib/time.js'
import type {ArtifactClaim} from '../types.js'
import {withoutRotation} from '../rotation.js'
import {isUsbKernelMessage} from '../usb/kernel-line.js'

// §2.2 "classic `Mon DD HH:MM:SS host chromoting[pid]: ...` prefix"; an optional `<PRI>` as some relays keep it
export const CLASSIC = /^(?:<\d{1,3}>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/
export const RFC3339 = /^(?:<\d{1,3}>)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})) (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/
export const SYSLOG_NAMES = /^(?:syslog|messages|kern\.log|user\.log|daemon\.log)$/i
export const isSyslogName = (name: string) => SYSLOG_NAMES.test(withoutRotation(name))
// macOS unified log (§2.3: the host's syslog() messages go there), as `log show` prints it in
// its default and `--style syslog` forms: a local timestamp with its offset, then the process
// `remoting_me2me_host` (or the ident `chromoting`) and the message, sometimes after a
// `(library)` tag. Derived from `log show` output conventions, no captured CRD sample.
export const MACOS = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-]\d{2}):?(\d{2})\s.*?\b(?:remoting_me2me_host|chromoting)(?:\[(\d+)\])?: (?:\([^)]*\) )?(.*)$/

export function isKernelUsbLine(l: string): boolean {
  const r = RFC3339.exec(l)
  if (r) return r[3] === 'kernel' && isUsbKernelMessage(r[5]!)
  const c = CLASSIC.exec(l)
  return c !== null && c[8] === 'kernel' && isUsbKernelMessage(c[10]!)
}

export function isJournalLine(s: string): boolean {
  return s.startsWith('{') && s.includes('"__REALTIME_TIMESTAMP"') && s.includes('"MESSAGE"')
}

export const crdSyslogClaim: ArtifactClaim = {
  kind: 'crd.syslog',
  timeSource: 'local', // classic syslog prefixes are local time; journald/macOS exports state their offset
  title: 'Chrome Remote Desktop host events in syslog / journald / macOS unified log exports (ident chromoting); USB device connections in kernel messages',

  matchPath: (p) => isSyslogName(p.name) || /\.(?:json|jsonl|ndjson|txt|log)$/i.test(withoutRotation(p.name)) || !p.name.includes('.'),

  sniff(head, p) {
    const lines = decodeBytesLossless(head).split(/\r?\n/).slice(0, 400)
    if (lines.some((l) => isJournalLine(l))) return lines.some((l) => isJournalLine(l) && l.includes('"__REALTIME_TIMESTAMP"'))
    if (lines.some((l) => MACOS.test(l) || (l.includes('"eventMessage"') && /remoting_me2me_host|chromoting/.test(l)))) return true
    const syslogLines = lines.filter((l) => CLASSIC.test(l) || RFC3339.test(l))
    if (syslogLines.length === 0) return false
    // a syslog-named file is claimed by its line format; anything else must show chromoting lines
    return isSyslogName(p.name) || syslogLines.some((l) => /\schromoting(?:\[\d+\])?:/.test(l) || isKernelUsbLine(l))
  },
}

// §2.2 Python launcher: `2024-02-17 23:37:32,851:INFO:Using host_id: xxx`
export const PY_LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}),(\d{3}):(\w+):(.*)$/
// §2.2 Chromium host: `[1119/210646.762082:INFO:remoting_user_session.cc(759)] …`, optional `pid:tid:` prefix
export const CR_LINE = /^\[(?:(\d+):(\d+):)?(\d{2})(\d{2})\/(\d{2})(\d{2})(\d{2})\.(\d{6}):(\w+):([^()]+)\((\d+)\)\] (.*)$/
// §2.1 Windows file log (host_event_file_logger.cc): `[YYYYMMDD/HHMMSS.mmm:PPPPP:TTTTT:SEVERITY:file_name(line)] message`
export const WIN_LINE = /^\[(\d{4})(\d{2})(\d{2})\/(\d{2})(\d{2})(\d{2})\.(\d{3}):(\d+):(\d+):(\w+):([^()]+)\((\d+)\)\] (.*)$/

export interface Line {
  wall?: WallTime
  /** Chromium lines: month/day known, year to be resolved. */
  needsYear?: {month: number; day: number}
  severity: string
  source?: string
  pid?: string
  message: string
  grammar: 'python' | 'chromium' | 'windows-file'
}

export function parseHostLogLine(s: string): Line | undefined {
  let m = PY_LINE.exec(s)
  if (m) {
    return {
      wall: {year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, fraction: m[7]},
      severity: m[8]!, message: m[9]!, grammar: 'python',
    }
  }
  m = CR_LINE.exec(s)
  if (m) {
    return {
      wall: {year: 0, month: +m[3]!, day: +m[4]!, hour: +m[5]!, minute: +m[6]!, second: +m[7]!, fraction: m[8]},
      needsYear: {month: +m[3]!, day: +m[4]!}, pid: m[1], severity: m[9]!, source: `${m[10]}(${m[11]})`, message: m[12]!, grammar: 'chromium',
    }
  }
  m = WIN_LINE.exec(s)
  if (m) {
    return {
      wall: {year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, fraction: m[7]},
      pid: String(Number(m[8])), severity: m[10]!, source: `${m[11]}(${m[12]})`, message: m[13]!, grammar: 'windows-file',
    }
  }
  return undefined
}

export const crdHostLogClaim: ArtifactClaim = {
  kind: 'crd.host_log',
  timeSource: 'local', // Chromium host and Python launcher lines are local time (§2.2)
  title: 'Chrome Remote Desktop host log (Linux /tmp/chrome_remote_desktop_*, Windows chrome_remote_desktop_*.log)',

  matchPath: (p) =>
    /^chrome_remote_desktop(?:_\d{8}_\d{6}_\w+(?:\.log)?|\.latest)$/i.test(p.name) ||
    (/^latest\.log$/i.test(p.name) && /chrome remote desktop\//i.test(p.logicalPath)),

  sniff(head) {
    const lines = decodeBytesLossless(head).split(/\r?\n/).slice(0, 300)
    return lines.some((l) => parseHostLogLine(l) !== undefined)
  },
}

export const crdHostConfigClaim: ArtifactClaim = {
  kind: 'crd.host_config',
  timeSource: 'none',
  title: 'Chrome Remote Desktop host configuration (host.json, host#<hash>.json, org.chromium.chromoting.json)',

  matchPath: (p) =>
    (p.name.toLowerCase() === 'host.json' && /chrome remote desktop\//.test(p.lower)) ||
    (/^(?:host#[^/]*\.json|auth\.json)$/i.test(p.name) && /chrome-remote-desktop\//.test(p.lower)) ||
    p.name.toLowerCase() === 'org.chromium.chromoting.json',

  sniff(head) {
    const t = decodeText(head).text.trimStart()
    return t.startsWith('{') && /"(?:host_id|host_owner|xmpp_login|host_secret_hash)"\s*:/.test(t)
  },
}
