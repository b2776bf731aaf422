// Windows program lists as CSV, recognised by their header row:
// - PowerShell `Get-ItemProperty HKLM:\...\Uninstall\* | Export-Csv` (optional first line
//   `#TYPE System.Management.Automation.PSCustomObject`; ARP value names + PSPath, PSChildName);
// - `Get-WmiObject/Get-CimInstance Win32_Product | Export-Csv` (Name, Version, Vendor,
//   InstallDate, InstallLocation, IdentifyingNumber) and `Get-Package | Export-Csv`;
// - `wmic product get ... /format:csv` (a blank first line, then `Node,...`; UTF-16LE when
//   redirected from cmd; values are not quoted, so a comma inside a value shifts the row);
// - Velociraptor `Windows.Sys.Programs` CSV (KeyName, KeyLastWriteTimestamp, ..., KeyPath).
// `Export-Csv -UseCulture` writes `;` in many locales, so the delimiter is taken from the header.
import {userFromPath} from '../../evidence/paths.js'
import type {ArtifactParser} from '../types.js'
import {findCsvHeader as findHeader, programsWindowsCsvClaim} from './claims.js'
import {parseCsv, rowObject} from './csv.js'
import {windowsRecord, type WindowsShape} from './columns.js'
import {emitProgram} from './record.js'
import {readListText} from './text-input.js'

const FORMAT: Record<WindowsShape, string> = {
  'powershell-arp': 'powershell-arp-csv',
  win32_product: 'win32_product-csv',
  'get-package': 'get-package-csv',
  velociraptor: 'velociraptor-csv',
  wmic: 'wmic-csv',
}

export const programsWindowsCsv: ArtifactParser = {
  ...programsWindowsCsvClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx)
    const lines = text.split(/\r?\n/, 8)
    const h = findHeader(lines)
    if (!h) throw new Error('no program-list header row found')
    // offset: characters before the header line, so CSV records keep physical line numbers
    let offset = 0
    let lineNo = 1
    for (let i = 0; i < h.index; i++) {
      const nl = text.indexOf('\n', offset)
      offset = nl + 1
      lineNo++
    }
    const rows = parseCsv(text.slice(offset), h.delimiter)
    const pathUser = userFromPath(input.info.logicalPath)
    const format = FORMAT[h.shape]
    const shifted: number[] = []
    for (const row of rows.slice(1)) {
      const line = row.line + lineNo - 1
      if (row.fields.length === 1 && row.fields[0]!.trim() === '') continue
      if (row.unterminated) {
        ctx.warn(`line ${line}: the file ends inside a quoted value (truncated); the last row is incomplete`)
      }
      if (row.fields.length !== h.names.length) {
        shifted.push(line)
        if (row.fields.length > h.names.length) continue
      }
      const o = rowObject(h.names, row.fields)
      const rec = windowsRecord(o, h.shape, format, `line ${line}`, row.text, pathUser)
      emitProgram(ctx, rec)
    }
    if (shifted.length > 0) {
      ctx.warn(`${shifted.length} row(s) do not have the header's ${h.names.length} columns (first at line ${shifted[0]})` +
        (h.shape === 'wmic' ? '; wmic does not quote values, so a comma inside a value shifts the columns: longer rows were skipped' : ''))
    }
  },
}
