// What recognises installed-program lists (path tests, content sniffs), apart from the parse code
// so that the registry loads a parser only when a file is claimed (see types.ts ArtifactClaim).
import type {ArtifactClaim} from '../types.js'
import {parseCsv} from './csv.js'
import {windowsShapeOf, type WindowsShape} from './shape.js'
import {headText} from './text-input.js'

export const REG_HEADER = /^(?:Windows Registry Editor Version 5\.00|REGEDIT4)\s*$/

const RECMD_REQUIRED = ['hivepath', 'hivetype', 'keypath', 'valuename', 'valuedata']

/** The lower-cased column names of a KAPE RECmd header line, or undefined. */
export function recmdHeaderOf(line: string): string[] | undefined {
  const names = parseCsv(line)[0]?.fields.map((f) => f.trim().toLowerCase()) ?? []
  return RECMD_REQUIRED.every((r) => names.includes(r)) ? names : undefined
}

const DELIMITERS = [',', ';', '\t'] as const

export interface CsvHeader {
  /** Index in the line list of the header line. */
  index: number
  delimiter: string
  names: string[]
  shape: WindowsShape
  typeLine?: string
}

/** Finds the header: skips blank lines and PowerShell's `#TYPE`/`#` lines (at most 5 lines in). */
export function findCsvHeader(lines: string[]): CsvHeader | undefined {
  let typeLine: string | undefined
  for (let i = 0; i < Math.min(lines.length, 6); i++) {
    const line = lines[i]!.trim()
    if (line === '') continue
    if (line.startsWith('#')) {
      if (/^#TYPE\s/i.test(line)) typeLine = line.slice(6).trim()
      continue
    }
    for (const delimiter of DELIMITERS) {
      const names = parseCsv(line, delimiter)[0]?.fields.map((f) => f.trim()) ?? []
      if (names.length < 2) continue
      const shape = windowsShapeOf(new Set(names.map((n) => n.toLowerCase())))
      if (shape) return {index: i, delimiter, names, shape, typeLine}
    }
    return undefined
  }
  return undefined
}

// Velociraptor (older artifact versions: Name + MTime) and osquery column names
const VR_KEYS = /"(?:KeyLastWriteTimestamp|KeyName|KeyPath|MTime)"\s*:/
const OSQ_KEYS = /"(?:uninstall_string|identifying_number|install_location|bundle_identifier|bundle_short_version|maintainer|admindir|install_time)"\s*:/

export const DPKG_HEADER = /^\|\|\/\s+Name\s+Version\s+(Architecture\s+)?Description\s*$/
export const DPKG_RULER = /^\+\+\+-=+/

export const RPM_QF = /^([^|\t]+)[|\t]([^|\t]*)[|\t]([^|\t]*)[|\t]([^|\t]*)[|\t](\d{9,10})$/

export const RPM_DATE_DMY = /^[A-Za-z]{3},? (\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ?([AP]M))?(?: ([A-Z]{2,5}|[+-]\d{4}))?$/

export const RPM_DATE_MDY = /^[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (?:([A-Z]{2,5}) )?(\d{4})$/

export const RPM_LAST = /^(\S+)\s{2,}(\S.*\S)\s*$/

export const programsRegExportClaim: ArtifactClaim = {
  kind: 'programs.uninstall_reg',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'Registry export (.reg, regedit/reg export) of the Uninstall keys',

  matchPath: (p) => /\.(?:reg|txt)$/i.test(p.name),

  sniff(head, p) {
    const text = headText(head)
    const first = text.split(/\r?\n/, 4).find((l) => l.trim() !== '')
    if (!first || !REG_HEADER.test(first.trim())) return false
    // a .reg of unrelated keys is left to other parsers unless its name says programs
    return /\\CurrentVersion\\Uninstall\\/i.test(text) || /uninstall|program|software|arp|installed/i.test(p.name)
  },
}

export const programsRecmdCsvClaim: ArtifactClaim = {
  kind: 'programs.recmd_csv',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'KAPE/RECmd batch CSV (Uninstall keys grouped into programs)',

  matchPath: (p) => /\.csv$/i.test(p.name),

  sniff(head) {
    const first = headText(head).split(/\r?\n/, 1)[0] ?? ''
    return recmdHeaderOf(first) !== undefined
  },
}

export const programsWindowsCsvClaim: ArtifactClaim = {
  kind: 'programs.windows_csv',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'Installed programs as CSV: PowerShell Export-Csv (Uninstall keys, Win32_Product, Get-Package), wmic /format:csv, Velociraptor Windows.Sys.Programs',

  matchPath: (p) => /\.(?:csv|txt|tsv)$/i.test(p.name),

  sniff(head) {
    return findCsvHeader(headText(head).split(/\r?\n/, 8)) !== undefined
  },
}

export const programsWmicXmlClaim: ArtifactClaim = {
  kind: 'programs.wmic_xml',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'wmic product get ... /format:rawxml (Win32_Product instances)',

  matchPath: (p) => /\.(?:xml|txt)$/i.test(p.name),

  sniff(head) {
    const t = headText(head)
    return /<COMMAND[\s>]/.test(t) && (/CLASSNAME="Win32_Product"/i.test(t) || /<COMMANDLINE>[^<]*\bproduct\b/i.test(t))
  },
}

export const programsClixmlClaim: ArtifactClaim = {
  kind: 'programs.clixml',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'PowerShell Export-Clixml of Uninstall-key or Win32_Product objects',

  matchPath: (p) => /\.(?:xml|clixml|txt)$/i.test(p.name),

  sniff(head) {
    const t = headText(head)
    return /<Objs\s[^>]*schemas\.microsoft\.com\/powershell\/2004\/04/.test(t) &&
      /N="(?:DisplayName|IdentifyingNumber|PSChildName)"/.test(t)
  },
}

export const programsSystemProfilerClaim: ArtifactClaim = {
  kind: 'programs.system_profiler',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'macOS system_profiler SPApplicationsDataType (-xml plist, -json)',

  matchPath: (p) => /\.(?:xml|plist|spx|json|txt)$/i.test(p.name),

  sniff(head) {
    const t = headText(head)
    return /"SPApplicationsDataType"\s*:/.test(t) || (/<plist[\s>]/.test(t) && /<string>SPApplicationsDataType<\/string>/.test(t))
  },
}

export const programsJsonClaim: ArtifactClaim = {
  kind: 'programs.json',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'Installed programs as JSON: Velociraptor Windows.Sys.Programs (JSONL/array), osquery programs/apps/deb_packages (osqueryi --json, result logs)',

  matchPath: (p) => /\.(?:json|jsonl|ndjson|log|txt)$/i.test(p.name),

  sniff(head) {
    const t = headText(head).trimStart()
    if (!t.startsWith('{') && !t.startsWith('[')) return false
    if (/"SPApplicationsDataType"/.test(t.slice(0, 200))) return false
    return (VR_KEYS.test(t) && /"DisplayName"\s*:/.test(t)) || OSQ_KEYS.test(t)
  },
}

export const programsDpkgStatusClaim: ArtifactClaim = {
  kind: 'programs.dpkg_status',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'Debian/Ubuntu dpkg status database (/var/lib/dpkg/status)',

  matchPath: (p) => /^status(?:-old)?$/i.test(p.name) || /dpkg.*\.(?:txt|status)$|\.status$/i.test(p.name),

  sniff(head) {
    const t = headText(head)
    return /^Package: \S+\r?$/m.test(t.split(/\r?\n/, 1)[0] ?? '') && /^Status: \S+ \S+ \S+\r?$/m.test(t)
  },
}

export const programsDpkgListClaim: ArtifactClaim = {
  kind: 'programs.dpkg_list',
  timeSource: 'utc', // registry LastWrite / ISO times with Z; install dates are days
  title: 'dpkg -l (dpkg-query --list) output',

  // saved command output: `.txt`/`.log`/`.out`/`.lst` or no extension
  matchPath: (p) => /\.(?:txt|log|out|lst|list)$/i.test(p.name) || !p.name.includes('.'),

  sniff(head) {
    const lines = headText(head).split(/\r?\n/, 12)
    return lines.some((l) => DPKG_HEADER.test(l)) && lines.some((l) => DPKG_RULER.test(l))
  },
}

export const programsRpmListClaim: ArtifactClaim = {
  kind: 'programs.rpm_list',
  timeSource: 'local', // `rpm -qa --last` prints local time unless it says UTC
  title: 'rpm -qa --queryformat "%{NAME}|%{VERSION}-%{RELEASE}|%{ARCH}|%{VENDOR}|%{INSTALLTIME}\\n" and rpm -qa --last',

  // saved command output: `.txt`/`.log`/`.out`/`.lst` or no extension
  matchPath: (p) => /\.(?:txt|log|out|lst|list)$/i.test(p.name) || !p.name.includes('.'),

  sniff(head) {
    const lines = headText(head).split(/\r?\n/, 20).filter((l) => l.trim() !== '').slice(0, 5)
    const isRow = (l: string) => {
      if (RPM_QF.test(l.trim())) return true
      const m = RPM_LAST.exec(l)
      return m !== null && (RPM_DATE_DMY.test(m[2]!) || RPM_DATE_MDY.test(m[2]!))
    }
    // the first line and most of the first five are rows (a damaged row later is a warning)
    return lines.length > 0 && isRow(lines[0]!) && lines.filter(isRow).length * 2 > lines.length
  },
}
