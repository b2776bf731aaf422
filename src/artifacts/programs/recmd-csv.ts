// KAPE/RECmd batch output (`RECmd --bn Kroll_Batch.reb --csv ...`): one CSV row per registry
// value, header (RECmd BatchCsvOut) `HivePath,HiveType,Description,Category,KeyPath,ValueName,
// ValueType,ValueData,ValueData2,ValueData3,Comment,Recursive,Deleted,LastWriteTimestamp,
// PluginDetailFile` (older builds: `PluginDetailValues`). KeyPath is relative to the hive
// (`ROOT\Microsoft\Windows\CurrentVersion\Uninstall\AnyDesk`); LastWriteTimestamp is the key's
// last write in UTC as `yyyy-MM-dd HH:mm:ss.fffffff`. Rows of one Uninstall subkey are grouped
// into one program; rows of other keys in the same batch file are ignored.
import {userFromPath} from '../../evidence/paths.js'
import type {ArtifactParser} from '../types.js'
import {programsRecmdCsvClaim, recmdHeaderOf as headerOf} from './claims.js'
import {parseCsv, rowObject} from './csv.js'
import {emitProgram} from './record.js'
import {keyInfoFromHive, type KeyInfo} from './registry-path.js'
import {readListText} from './text-input.js'

const MAX_KEYS = 500_000

interface Group {
  line: number
  info: KeyInfo
  hivePath: string
  values: Map<string, string>
  lastWrite?: string
  deleted: boolean
  raw: string[]
}

export const programsRecmdCsv: ArtifactParser = {
  ...programsRecmdCsvClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx)
    const rows = parseCsv(text)
    const header = rows[0] ? headerOf(rows[0].text) : undefined
    if (!header) throw new Error('no RECmd batch header row')
    const groups = new Map<string, Group>()
    let shifted = 0
    let firstShifted = 0
    for (const row of rows.slice(1)) {
      if (row.fields.length === 1 && row.fields[0]!.trim() === '') continue
      if (row.fields.length !== header.length || row.unterminated) {
        if (shifted++ === 0) firstShifted = row.line
        if (row.fields.length < 8) continue
      }
      const o = rowObject(header, row.fields)
      const info = keyInfoFromHive(o.hivetype ?? '', o.keypath ?? '')
      if (!info.keyName) continue
      const id = `${o.hivepath}\0${info.key}`
      let g = groups.get(id)
      if (!g) {
        if (groups.size >= MAX_KEYS) continue
        g = {line: row.line, info, hivePath: o.hivepath ?? '', values: new Map(), deleted: false, raw: []}
        groups.set(id, g)
      }
      const name = (o.valuename ?? '').trim().toLowerCase()
      if (name !== '' && !g.values.has(name)) g.values.set(name, o.valuedata ?? '')
      if (!g.lastWrite && o.lastwritetimestamp?.trim()) g.lastWrite = o.lastwritetimestamp.trim()
      if (/^true$/i.test(o.deleted ?? '')) g.deleted = true
      if (g.raw.length < 40) g.raw.push(row.text)
    }
    for (const g of groups.values()) {
      const v = (n: string) => g.values.get(n.toLowerCase())
      const hiveUser = userFromPath(g.hivePath.replace(/\\/g, '/').replace(/^[A-Za-z]:\//, (d) => d.toUpperCase()))
      emitProgram(ctx, {
        format: 'recmd-csv',
        displayName: v('DisplayName'),
        version: v('DisplayVersion'),
        publisher: v('Publisher'),
        installDate: v('InstallDate'),
        installLocation: v('InstallLocation'),
        uninstallString: v('UninstallString') ?? v('QuietUninstallString'),
        sourceKey: g.info.key,
        keyName: g.info.keyName,
        keyLastWrite: g.lastWrite,
        scope: g.info.scope,
        user: g.info.scope === 'user' ? hiveUser : undefined,
        location: `line ${g.line}`,
        raw: g.raw.join('\n'),
        extra: {
          hive_path: g.hivePath,
          registry_view: g.info.view === '32-bit' ? '32-bit' : undefined,
          install_source: v('InstallSource'),
          deleted_key: g.deleted ? true : undefined,
        },
      })
    }
    if (shifted > 0) ctx.warn(`${shifted} row(s) do not have the header's ${header.length} columns (first at line ${firstShifted})`)
  },
}
