// `--case-info FILE`: per-case zones for batch runs, a CSV with the header `case,claimed_tz,host_tz`
// (either zone may be empty) and an optional `termination_date` column (the day employment ended,
// YYYY-MM-DD). Problems name the line and the column.
import {isValidTimeZone} from './time.js'

export interface CaseInfo {
  claimedTz?: string
  hostTz?: string
  /** Day the employment ended (`YYYY-MM-DD`): archive staging around it is EXF-09. */
  terminationDate?: string
}

/** A real calendar day written YYYY-MM-DD. */
export function isIsoDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
export function parseCsvRecords(text: string): Array<{line: number; cells: string[]}> {
  const out: Array<{line: number; cells: string[]}> = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  const s = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        cell += ch
      }
    } else if (ch === '"' && cell === '') quoted = true
    else if (ch === ',') (cells.push(cell), (cell = ''))
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++
      cells.push(cell)
      if (cells.some((c) => c.trim() !== '')) out.push({line: start, cells})
      cells = []
      cell = ''
      start = ++line
    } else cell += ch
  }
  cells.push(cell)
  if (cells.some((c) => c.trim() !== '')) out.push({line: start, cells})
  return out
}

export function parseCaseInfo(text: string, file: string, caseIds: string[]): {info: Record<string, CaseInfo>; errors: string[]} {
  const info: Record<string, CaseInfo> = {}
  const errors: string[] = []
  const records = parseCsvRecords(text)
  const header = records.shift()
  const cols = header?.cells.map((c) => c.trim().toLowerCase()) ?? []
  const at = (name: string) => cols.indexOf(name)
  if (at('case') === -1 || (at('claimed_tz') === -1 && at('host_tz') === -1)) {
    return {info, errors: [`${file}: line 1 must be the header case,claimed_tz,host_tz (found: ${cols.join(',') || 'nothing'})`]}
  }
  for (const r of records) {
    const get = (name: string) => (at(name) === -1 ? '' : (r.cells[at(name)] ?? '').trim())
    const id = get('case')
    if (!id) {
      errors.push(`${file}: line ${r.line}: the case column is empty`)
      continue
    }
    if (!caseIds.includes(id)) {
      errors.push(`${file}: line ${r.line}: no case named "${id}" in this scan (cases: ${caseIds.join(', ')})`)
      continue
    }
    if (info[id]) errors.push(`${file}: line ${r.line}: case "${id}" is listed twice`)
    const entry: CaseInfo = {}
    for (const [col, key] of [['claimed_tz', 'claimedTz'], ['host_tz', 'hostTz']] as const) {
      const zone = get(col)
      if (!zone) continue
      if (!isValidTimeZone(zone)) errors.push(`${file}: line ${r.line}: ${col} "${zone}" of case "${id}" is not an IANA time zone (e.g. America/Chicago)`)
      else entry[key] = zone
    }
    const day = get('termination_date')
    if (day && !isIsoDay(day)) errors.push(`${file}: line ${r.line}: termination_date "${day}" of case "${id}" is not a date (YYYY-MM-DD)`)
    else if (day) entry.terminationDate = day
    info[id] = entry
  }
  return {info, errors}
}
