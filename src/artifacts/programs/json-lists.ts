// Program lists as JSON:
// - Velociraptor `Windows.Sys.Programs` results: JSON lines (one object per row, as in an
//   offline collection's `results/Windows.Sys.Programs.json`) or a JSON array (GUI export);
//   columns KeyName, KeyLastWriteTimestamp, DisplayName, DisplayVersion, InstallLocation,
//   InstallSource, Language, Publisher, UninstallString, InstallDate, KeyPath.
// - osquery: `osqueryi --json "SELECT * FROM programs"` (an array of objects whose values are
//   all strings) and osqueryd result-log lines (`{"name":..,"hostIdentifier":..,"unixTime":..,
//   "columns":{..},"action":"added"|"removed"}` or `{"snapshot":[..],"action":"snapshot"}`,
//   osquery docs "Logging: results"), for the tables `programs`, `apps`, `deb_packages`
//   (and `rpm_packages`). The table is told by its columns; a result log's `unixTime` is when
//   osquery looked, not an install time, so it only dates `removed` rows.
import {userFromPath} from '../../evidence/paths.js'
import type {FieldValue} from '../../lib/model.js'
import {cleanFields} from '../common.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {programsJsonClaim} from './claims.js'
import {osqueryRecord, osqueryTableOf, toRow, windowsRecord, windowsShapeOf} from './columns.js'
import {epochSeconds} from './dates.js'
import {normalizeProgramName} from './normalize.js'
import {completeObjectsAt, parseEach} from './json-salvage.js'
import {emitProgram} from './record.js'
import {readListText} from './text-input.js'

const MAX_RECORDS = 2_000_000

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export const programsJson: ArtifactParser = {
  ...programsJsonClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx)
    const pathUser = userFromPath(input.info.logicalPath)
    const trimmed = text.trimStart()
    let count = 0
    const handle = (o: unknown, location: string, raw: string) => {
      if (++count > MAX_RECORDS) return
      if (!isObj(o)) {
        ctx.warn(`${location}: not a JSON object`)
        return
      }
      handleObject(o, location, raw, ctx, pathUser)
    }
    if (trimmed.startsWith('[')) {
      let arr: unknown
      try {
        arr = JSON.parse(trimmed)
      } catch (error) {
        // a cut-off array: keep the complete objects it holds
        ctx.warn(`the JSON array is not valid JSON (${(error as Error).message}); reading the complete objects it holds`)
        parseEach(completeObjectsAt(text, 2)).forEach(({value, text: t}, i) => handle(value, `record ${i + 1}`, t))
        arr = []
      }
      if (!Array.isArray(arr)) throw new Error('JSON array expected')
      arr.forEach((o, i) => handle(o, `record ${i + 1}`, JSON.stringify(o)))
    } else {
      readLines(text, handle, ctx)
    }
    if (count > MAX_RECORDS) ctx.warn(`more than ${MAX_RECORDS} records; the rest were not read`)
  },
}

function readLines(text: string, handle: (o: unknown, location: string, raw: string) => void, ctx: ParseContext): void {
  const lines = text.split(/\r?\n/)
  let bad = 0
  let firstBad = 0
  lines.forEach((line, i) => {
    const l = line.trim()
    if (l === '') return
    let o: unknown
    try {
      o = JSON.parse(l)
    } catch {
      if (bad++ === 0) firstBad = i + 1
      return
    }
    handle(o, `line ${i + 1}`, l)
  })
  if (bad > 0) ctx.warn(`${bad} line(s) are not valid JSON (first at line ${firstBad})`)
}

function handleObject(o: Obj, location: string, raw: string, ctx: ParseContext, pathUser: string | undefined): void {
  // osqueryd result log: differential (`columns`) or snapshot (`snapshot`) rows
  if (isObj(o.columns) || Array.isArray(o.snapshot)) {
    const action = typeof o.action === 'string' ? o.action : undefined
    const observed = typeof o.unixTime === 'number' || typeof o.unixTime === 'string' ? epochSeconds(Number(o.unixTime), String(o.unixTime)) : undefined
    const rows = isObj(o.columns) ? [o.columns] : (o.snapshot as unknown[]).filter(isObj)
    for (const r of rows) {
      const row = toRow(r)
      const table = osqueryTableOf(row)
      if (!table) continue
      const rec = osqueryRecord(row, table, 'osquery-result-log', location, raw)
      if (!rec) continue
      rec.extra = {
        ...rec.extra,
        osquery_action: action,
        osquery_query: typeof o.name === 'string' ? o.name : undefined,
        computer: typeof o.hostIdentifier === 'string' ? o.hostIdentifier : undefined,
        observed: observed?.kind === 'instant' ? observed.iso : undefined,
      }
      if (action === 'removed' && observed?.kind === 'instant') {
        // a differential `removed` row: the program was gone when osquery looked
        emitRemoved(ctx, rec.displayName ?? '', observed.iso, location, raw, rec.extra)
        continue
      }
      emitProgram(ctx, rec)
    }
    return
  }
  const row = toRow(o)
  const shape = windowsShapeOf(new Set(Object.keys(row)))
  if (shape === 'velociraptor' || shape === 'powershell-arp') {
    emitProgram(ctx, windowsRecord(row, shape, shape === 'velociraptor' ? 'velociraptor-json' : 'powershell-arp-json', location, raw, pathUser))
    return
  }
  const table = osqueryTableOf(row)
  if (table) {
    const rec = osqueryRecord(row, table, 'osquery-json', location, raw)
    if (rec) emitProgram(ctx, rec)
    return
  }
  ctx.warn(`${location}: an object with no program columns`)
}

function emitRemoved(ctx: ParseContext, name: string, iso: string, location: string, raw: string, extra: Record<string, FieldValue | undefined | null>): void {
  if (name.trim() === '') return
  ctx.emit({
    time: iso,
    timeBasis: 'utc',
    timePrecision: 'second',
    type: 'program.removed',
    timestampDesc: 'osquery observed the program gone',
    location,
    message: `Program no longer installed (osquery differential "removed"): ${name}`,
    fields: cleanFields({program: name.trim(), program_normalized: normalizeProgramName(name), ...extra}),
    raw,
  })
}
