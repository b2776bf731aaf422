// Registry key paths as the collectors print them, reduced to what a program entry needs:
// the full key, the Uninstall subkey name, machine vs user scope and the user (SID).

export interface KeyInfo {
  /** Full key path, `HKEY_LOCAL_MACHINE\SOFTWARE\...\Uninstall\AnyDesk`. */
  key: string
  /** Subkey name directly below `Uninstall` (`AnyDesk`, `{GUID}`), when the key is one. */
  keyName?: string
  scope?: 'machine' | 'user'
  /** `HKEY_USERS\<SID>`: the SID, or the name a hive was loaded under (`HKEY_USERS\bob`). */
  sid?: string
  /** `32-bit` for WOW6432Node (32-bit programs on 64-bit Windows), else `native`. */
  view?: '32-bit' | 'native'
}

const ROOTS: Array<[RegExp, string]> = [
  [/^HKLM(?=\\|:|$)/i, 'HKEY_LOCAL_MACHINE'],
  [/^HKCU(?=\\|:|$)/i, 'HKEY_CURRENT_USER'],
  [/^HKU(?=\\|:|$)/i, 'HKEY_USERS'],
]

// Direct subkey of ...\CurrentVersion\Uninstall (Velociraptor Windows.Sys.Programs globs `Uninstall\*`).
const UNINSTALL_CHILD = /\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\([^\\]+)$/i

/** Normalises a key path: PowerShell provider prefixes removed, `HKLM:` spelled out, `/` kept. */
export function normalizeKeyPath(path: string): string {
  let s = path.trim().replace(/^Microsoft\.PowerShell\.Core\\Registry::/i, '').replace(/^Registry::/i, '')
  for (const [re, full] of ROOTS) s = s.replace(re, full)
  return s.replace(/^(HKEY_[A-Z_]+):\\?/i, '$1\\').replace(/\\+$/, '')
}

export function keyInfo(path: string): KeyInfo {
  const key = normalizeKeyPath(path)
  const info: KeyInfo = {key}
  const child = UNINSTALL_CHILD.exec(key)
  if (child) info.keyName = child[1]
  info.view = /\\WOW6432Node\\/i.test(key) ? '32-bit' : 'native'
  if (/^HKEY_LOCAL_MACHINE\\/i.test(key)) info.scope = 'machine'
  else if (/^HKEY_CURRENT_USER\\/i.test(key)) info.scope = 'user'
  else {
    const u = /^HKEY_USERS\\([^\\]+)\\/i.exec(key)
    if (u) {
      info.scope = 'user'
      info.sid = u[1]!.replace(/_Classes$/i, '')
    }
  }
  return info
}

/**
 * RECmd prints keys relative to the hive (`ROOT\Microsoft\...`, with HiveType `Software` or
 * `NtUser`/`UsrClass`); rebuild the natural key so that scope and matching work the same way.
 */
export function keyInfoFromHive(hiveType: string, keyPath: string): KeyInfo {
  const rel = keyPath.replace(/^(?:ROOT|CsiTool-CreateHive-\{[^}]+\}|CMI-CreateHive\{[^}]+\})\\?/i, '')
  const t = hiveType.trim().toLowerCase()
  if (/^HKEY_/i.test(rel)) return keyInfo(rel)
  if (t === 'software') return keyInfo(`HKEY_LOCAL_MACHINE\\SOFTWARE\\${rel}`)
  if (t === 'ntuser' || t === 'usrclass') return keyInfo(`HKEY_CURRENT_USER\\${rel}`)
  return keyInfo(rel)
}
