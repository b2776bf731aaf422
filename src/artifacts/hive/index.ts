// Raw Windows registry hives (SYSTEM, SOFTWARE, NTUSER.DAT, Amcache.hve), recognised by the `regf`
// magic and the hive's own role: its embedded file name or its top-level keys, never the path
// alone. Dirty hives are read with their logs replayed in memory (see open.ts).
import type {ArtifactParser} from '../types.js'
import {parseAmcache} from './amcache.js'
import {hivePathCandidate, registryHiveClaim} from './claims.js'
import {parseNtuser} from './ntuser.js'
import {openHiveInput} from './open.js'
import {Keys} from './read.js'
import {parseSoftware} from './software.js'
import {parseSystem} from './system.js'

export {hivePathCandidate}

export type HiveRole = 'SYSTEM' | 'SOFTWARE' | 'NTUSER' | 'AMCACHE'

/** The role the base block's file name states (`\??\C:\Users\tony\ntuser.dat`, `SYSTEM`). */
export function roleFromName(name: string): HiveRole | undefined {
  const last = name.split(/[\\/]/).pop()!.toLowerCase()
  if (last === 'system') return 'SYSTEM'
  if (last === 'software') return 'SOFTWARE'
  if (last === 'ntuser.dat') return 'NTUSER'
  if (last === 'amcache.hve') return 'AMCACHE'
  return undefined
}

/** The role from the top-level keys (a hive renamed by a collector, or an empty file name). */
export function roleFromKeys(k: Keys): HiveRole | undefined {
  const names = new Set(k.subkeys(k.open('')).map((s) => s.name.toLowerCase()))
  if (names.has('select') && [...names].some((n) => /^controlset\d{3}$/.test(n))) return 'SYSTEM'
  if (names.has('root') && k.open('Root\\InventoryApplication')) return 'AMCACHE'
  if (names.has('software') && (names.has('control panel') || names.has('keyboard layout'))) return 'NTUSER'
  if (names.has('microsoft') && (names.has('classes') || names.has('wow6432node') || names.has('clients'))) return 'SOFTWARE'
  return undefined
}

/** `C:/Users/bob/NTUSER.DAT` or the base block's `\??\C:\Users\bob\ntuser.dat` -> `bob`. */
function userOf(logicalPath: string, fileName: string): string | undefined {
  for (const s of [logicalPath, fileName]) {
    const m = /(?:^|[\\/])(?:Users|Documents and Settings)[\\/]([^\\/]+)[\\/][^\\/]*$/i.exec(s)
    if (m) return m[1]
  }
  return undefined
}

export const registryHive: ArtifactParser = {
  ...registryHiveClaim,

  async parse(input, ctx) {
    const opened = await openHiveInput(input, ctx)
    try {
      const k = new Keys(opened.hive)
      const byName = roleFromName(opened.hive.base.fileName)
      const role = roleFromKeys(k) ?? byName
      if (!role) {
        ctx.note?.('registry hive of another kind (not SYSTEM, SOFTWARE, NTUSER.DAT or Amcache.hve): not read further')
        return
      }
      ctx.note?.(`hive role ${role}${byName === role ? ' (embedded file name and keys)' : ' (from its keys)'}`)
      if (role === 'SYSTEM') parseSystem(k, ctx, role)
      else if (role === 'SOFTWARE') parseSoftware(k, ctx, role)
      else if (role === 'NTUSER') parseNtuser(k, ctx, role, userOf(input.info.logicalPath, opened.hive.base.fileName))
      else parseAmcache(k, ctx, role)
    } finally {
      opened.close()
    }
  },
}
