// One installed-program entry from any source, turned into a `program.installed` event with the
// shared field names. The time rule (most reliable first): a registry key last-write time
// (utc), else an install instant (rpm, CIM_DATETIME), else the install day (`YYYYMMDD`: day
// precision at 00:00:00Z, never an invented hour), else null.
import type {FieldValue} from '../../lib/model.js'
import {cleanFields} from '../common.js'
import type {ParseContext} from '../types.js'
import {parseInstallDate, parseKeyLastWrite, type ParsedDate} from './dates.js'
import {normalizeProgramName} from './normalize.js'

export interface ProgramRecord {
  /** Which concrete output shape this came from (`reg-export`, `powershell-arp-csv`, ...). */
  format: string
  displayName?: string
  version?: string
  publisher?: string
  /** Install date/time as written in the source. */
  installDate?: string
  /** Already-parsed install time (epoch sources). */
  installTime?: ParsedDate
  /** How `installTime` was derived when not stated in UTC (rpm --last without a zone). */
  installTimeBasis?: 'utc' | 'assumed-utc' | 'local-converted'
  installLocation?: string
  uninstallString?: string
  sourceKey?: string
  keyName?: string
  /** Registry key last-write time as printed (UTC). */
  keyLastWrite?: string
  user?: string
  scope?: 'machine' | 'user'
  /** Used for the event time when there is no key/install time (e.g. plist lastModified). */
  otherTime?: {parsed: ParsedDate; desc: string}
  extra?: Record<string, FieldValue | undefined | null>
  location: string
  raw: string
}

/** Trimmed value, undefined when empty; `collapse` also folds runs of white space (names). */
const clean = (s: string | undefined, collapse = false): string | undefined => {
  if (s === undefined) return undefined
  const t = (collapse ? s.replace(/\s+/g, ' ') : s).trim()
  return t === '' ? undefined : t
}

/** Emits the event; returns false (and emits nothing) when the entry names no program. */
export function emitProgram(ctx: ParseContext, r: ProgramRecord): boolean {
  const display = clean(r.displayName, true)
  const keyName = clean(r.keyName)
  // Windows lists only keys with a DisplayName; a key without one still names a program when it
  // carries an uninstall command or publisher (hidden components and patches carry neither).
  const program = display ?? (keyName && (clean(r.uninstallString) || clean(r.publisher)) ? keyName : undefined)
  if (!program) return false
  const version = clean(r.version, true)
  const publisher = clean(r.publisher, true)
  const fields: Record<string, FieldValue | undefined | null> = {
    program,
    program_normalized: normalizeProgramName(program, version),
    display_name_raw: r.displayName,
    version,
    publisher,
    install_location: clean(r.installLocation),
    uninstall_string: clean(r.uninstallString),
    source_key: clean(r.sourceKey),
    key_name: keyName,
    user: clean(r.user),
    scope: r.scope,
    source_format: r.format,
  }
  if (!display) fields.display_name_missing = true

  let time: string | null = null
  let timeBasis: 'utc' | 'assumed-utc' | 'local-converted' | 'unknown' = 'unknown'
  let timePrecision: 'day' | 'second' | 'millisecond' | 'microsecond' | undefined
  let timestampDesc = 'Installed program (no time in source)'

  const install = r.installTime ?? parseInstallDate(r.installDate)
  if (install?.kind === 'day') fields.install_date = install.date
  else if (install?.kind === 'instant') fields.install_time = install.iso
  else if (install?.kind === 'invalid') {
    fields.install_date_raw = install.raw
    ctx.warn(`${r.location}: install date "${install.raw}" of "${program}" is not a valid date`)
  }

  const lw = parseKeyLastWrite(r.keyLastWrite)
  if (lw?.kind === 'instant') {
    fields.key_last_write = lw.iso
    time = lw.iso
    timeBasis = 'utc'
    timePrecision = lw.precision
    timestampDesc = 'Registry key last written'
  } else if (lw?.kind === 'invalid' || lw?.kind === 'day') {
    ctx.warn(`${r.location}: key last-write time "${r.keyLastWrite}" is not a valid time`)
  }
  if (time === null && install?.kind === 'instant') {
    time = install.iso
    timeBasis = r.installTimeBasis ?? 'utc'
    timePrecision = install.precision
    timestampDesc = 'Install time'
  } else if (time === null && install?.kind === 'day') {
    // a calendar day in the source: midnight UTC by convention, marked as day precision
    time = install.iso
    timeBasis = 'assumed-utc'
    timePrecision = 'day'
    timestampDesc = 'Install date'
  }
  if (time === null && r.otherTime) {
    const o = r.otherTime.parsed
    if (o.kind === 'instant') {
      time = o.iso
      timeBasis = 'utc'
      timePrecision = o.precision
      timestampDesc = r.otherTime.desc
    } else if (o.kind === 'invalid') {
      ctx.warn(`${r.location}: ${r.otherTime.desc.toLowerCase()} "${o.raw}" is not a valid time`)
    }
  }

  const where = [
    r.scope === 'user' ? `user ${fields.user ?? '(unknown)'}` : r.scope,
    typeof fields.install_date === 'string' ? `install date ${fields.install_date}` : undefined,
  ].filter(Boolean)
  ctx.emit({
    time,
    timeBasis,
    ...(timePrecision ? {timePrecision} : {}),
    type: 'program.installed',
    timestampDesc,
    location: r.location,
    message: `Installed program: ${program}${version ? ' ' + version : ''}${publisher ? ` (${publisher})` : ''}${where.length ? ` [${where.join(', ')}]` : ''}`,
    fields: cleanFields({...fields, ...r.extra}),
    raw: r.raw,
  })
  return true
}
