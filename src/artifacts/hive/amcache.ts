// Amcache.hve `Root\InventoryApplication` (reference §4.10): installed programs with their install
// time, kept after an uninstall. `InstallDate` is `MM/DD/YYYY HH:MM:SS` with no zone.
import {zonelessTime} from '../common.js'
import {emitProgram} from '../programs/record.js'
import type {ParseContext} from '../types.js'
import type {Keys} from './read.js'

export function parseAmcache(k: Keys, ctx: ParseContext, role: string): void {
  const path = 'Root\\InventoryApplication'
  for (const app of k.subkeys(k.open(path))) {
    const raw = k.str(app, 'InstallDate')
    const m = raw ? /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(raw) : null
    const t = m
      ? zonelessTime({year: +m[3]!, month: +m[1]!, day: +m[2]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!}, ctx.hostTz)
      : undefined
    const p = `${path}\\${app.name}`
    emitProgram(ctx, {
      format: 'amcache',
      displayName: k.str(app, 'Name'),
      version: k.str(app, 'Version'),
      publisher: k.str(app, 'Publisher'),
      installTime: t?.time ? {kind: 'instant', iso: t.time, precision: 'second'} : undefined,
      installTimeBasis: t?.time && t.timeBasis !== 'unknown' ? t.timeBasis : undefined,
      installDate: t?.time ? undefined : raw,
      installLocation: k.str(app, 'RootDirPath'),
      uninstallString: k.str(app, 'UninstallString'),
      sourceKey: `${role}\\${p}`,
      keyName: app.name,
      scope: 'machine',
      extra: {
        amcache_source: k.str(app, 'Source'),
        install_date_raw: raw,
        msi_product_code: k.str(app, 'MsiProductCode'),
        registry_key_path: k.str(app, 'RegistryKeyPath'),
        key_last_write: k.lastWrite(app) ?? undefined,
        time_source: 'Amcache InstallDate (zone-less local time)',
      },
      location: `${role}\\${p}`,
      raw: k.raw(app, p),
    })
  }
}
