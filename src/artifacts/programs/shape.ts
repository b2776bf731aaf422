// Which Windows program-list shape a set of columns is: for the CSV parser's sniff and its rows.
export type WindowsShape = 'powershell-arp' | 'win32_product' | 'get-package' | 'velociraptor' | 'wmic'

/** Which Windows program-list shape a set of (lower-case) column names is, if any. */
export function windowsShapeOf(cols: ReadonlySet<string>): WindowsShape | undefined {
  const has = (c: string) => cols.has(c)
  if (has('hivepath') && has('valuename')) return undefined // RECmd: its own parser
  if (has('displayname') && (has('keylastwritetimestamp') || has('keyname') || (has('mtime') && has('name')))) return 'velociraptor'
  if (has('displayname') && (has('pspath') || has('pschildname') || has('displayversion') || has('uninstallstring'))) return 'powershell-arp'
  if (has('node') && (has('name') || has('caption')) && (has('vendor') || has('version') || has('identifyingnumber'))) return 'wmic'
  if (has('identifyingnumber') && has('name')) return 'win32_product'
  if (has('name') && has('version') && (has('providername') || has('swidtagtext') || has('fastpackagereference'))) return 'get-package'
  return undefined
}
