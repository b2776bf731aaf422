// The shared tabular core: one row of named columns (CSV header, JSON object keys, XML property
// names) to a ProgramRecord. The same column names recur across PowerShell Get-ItemProperty
// (ARP values + PSPath/PSChildName), Win32_Product/wmic (Name, Vendor, IdentifyingNumber),
// Get-Package (Name, Version, ProviderName), Velociraptor Windows.Sys.Programs (KeyName,
// KeyLastWriteTimestamp, KeyPath; older versions Name + MTime) and osquery `programs`.
import {userFromPath} from '../../evidence/paths.js'
import {epochSeconds} from './dates.js'
import type {ProgramRecord} from './record.js'
import {keyInfo} from './registry-path.js'
import {windowsShapeOf, type WindowsShape} from './shape.js'

export {windowsShapeOf, type WindowsShape}

export type Row = Record<string, string | undefined>

const val = (o: Row, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = o[n]
    if (v !== undefined && v.trim() !== '') return v
  }
  return undefined
}

/** Lower-cases keys and turns non-string JSON values into strings (arrays and objects dropped). */
export function toRow(obj: Record<string, unknown>): Row {
  const o: Row = {}
  for (const [k, v] of Object.entries(obj)) {
    const key = k.toLowerCase()
    if (key in o) continue
    if (typeof v === 'string') o[key] = v
    else if (typeof v === 'number' || typeof v === 'boolean') o[key] = String(v)
  }
  return o
}

/**
 * A Windows row to a record. `pathUser` is the OS user the evidence path belongs to, used for
 * HKEY_CURRENT_USER keys (the export does not name the user otherwise).
 */
export function windowsRecord(o: Row, shape: WindowsShape, format: string, location: string, raw: string, pathUser?: string): ProgramRecord {
  const hasDisplay = 'displayname' in o
  let keyPath = val(o, 'pspath', 'keypath', 'key')
  if (!keyPath && o.psparentpath && o.pschildname) keyPath = `${o.psparentpath}\\${o.pschildname}`
  const ki = keyPath ? keyInfo(keyPath) : undefined
  const rec: ProgramRecord = {
    format,
    displayName: hasDisplay ? o.displayname : val(o, 'name', 'caption'),
    version: val(o, 'displayversion', 'version'),
    publisher: val(o, 'publisher', 'vendor'),
    installDate: val(o, 'installdate', 'install_date'),
    installLocation: val(o, 'installlocation', 'install_location'),
    uninstallString: val(o, 'uninstallstring', 'uninstall_string'),
    sourceKey: ki?.key,
    keyName: val(o, 'pschildname', 'keyname') ?? (hasDisplay ? val(o, 'name') : undefined) ?? ki?.keyName,
    keyLastWrite: val(o, 'keylastwritetimestamp') ?? (shape === 'velociraptor' ? val(o, 'mtime') : undefined),
    scope: ki?.scope,
    user: ki?.sid ?? (ki?.scope === 'user' ? pathUser : undefined),
    location,
    raw,
    extra: {
      product_code: val(o, 'identifyingnumber', 'identifying_number'),
      install_source: val(o, 'installsource', 'install_source'),
      language: val(o, 'language'),
      registry_view: ki?.view === '32-bit' ? '32-bit' : undefined,
      computer: val(o, 'pscomputername', 'node'),
      package_provider: val(o, 'providername'),
      install_date2: val(o, 'installdate2'),
    },
  }
  if (!rec.installDate && o.installdate2) rec.installDate = o.installdate2
  return rec
}

export type OsqueryTable = 'programs' | 'apps' | 'deb_packages' | 'rpm_packages'

/** osquery table from a row's column names (result logs name the query, not the table). */
export function osqueryTableOf(o: Row): OsqueryTable | undefined {
  if ('bundle_identifier' in o || 'bundle_executable' in o) return 'apps'
  if ('uninstall_string' in o || 'identifying_number' in o || 'install_location' in o) return 'programs'
  if ('maintainer' in o || 'admindir' in o) return 'deb_packages'
  if ('release' in o && 'arch' in o && ('vendor' in o || 'install_time' in o)) return 'rpm_packages'
  return undefined
}

/** osquery rows (schema: osquery.io/schema `programs`, `apps`, `deb_packages`, `rpm_packages`). */
export function osqueryRecord(o: Row, table: OsqueryTable, format: string, location: string, raw: string): ProgramRecord | undefined {
  const base = {format: `${format}-${table}`, location, raw}
  switch (table) {
    case 'programs':
      return {
        ...windowsRecord(o, 'win32_product', base.format, location, raw),
        keyName: undefined,
      }
    case 'apps': {
      const path = val(o, 'path')
      const last = val(o, 'last_opened_time')
      const lastNum = last === undefined ? NaN : Number(last)
      const lastOpened = lastNum > 0 ? epochSeconds(lastNum, last!) : undefined
      const user = path ? userFromPath(path.replace(/^\//, '')) : undefined
      return {
        ...base,
        displayName: val(o, 'bundle_name', 'display_name') ?? val(o, 'name')?.replace(/\.app$/i, ''),
        version: val(o, 'bundle_short_version', 'bundle_version'),
        installLocation: path,
        scope: user ? 'user' : 'machine',
        user,
        extra: {
          bundle_identifier: val(o, 'bundle_identifier'),
          last_opened: lastOpened?.kind === 'instant' ? lastOpened.iso : undefined,
          bundle_file: val(o, 'name'),
        },
      }
    }
    case 'deb_packages': {
      const status = val(o, 'status')
      if (status !== undefined && !/^install ok installed$/i.test(status.trim())) return undefined
      return {
        ...base,
        displayName: val(o, 'name'),
        version: val(o, 'version'),
        publisher: val(o, 'maintainer'),
        scope: 'machine',
        extra: {architecture: val(o, 'arch'), package_source: val(o, 'source'), package_manager: 'dpkg'},
      }
    }
    case 'rpm_packages': {
      const it = val(o, 'install_time')
      const version = [val(o, 'version'), val(o, 'release')].filter(Boolean).join('-')
      return {
        ...base,
        displayName: val(o, 'name'),
        version: version || undefined,
        publisher: val(o, 'vendor'),
        installTime: it && Number(it) > 0 ? epochSeconds(Number(it), it) : undefined,
        scope: 'machine',
        extra: {architecture: val(o, 'arch'), package_manager: 'rpm'},
      }
    }
  }
}

