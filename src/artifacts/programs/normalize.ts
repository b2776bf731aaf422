// Program-name normalisation for indicator matching: `AnyDesk 9.0.4`, `Astrill VPN (x64)` and
// `Mozilla Firefox (x64 en-US)` become `anydesk`, `astrill vpn`, `mozilla firefox`. The raw
// display name is always kept next to it (`display_name_raw`).

// Architecture markers as vendors write them in ARP DisplayName and package names.
const ARCH = String.raw`(?:x86[_-]64|x64|x86|amd64|arm64|aarch64|ia64|i[3-6]86|win64|win32|(?:64|32)[- ]?bit)`
const VERSION = String.raw`v?(?:ersion)?\.?\s*\d+(?:[.,_]\d+)+[a-z0-9.+~_-]*`
const LANG = String.raw`[a-z]{2}(?:-[a-z]{2,4})?`

const ARCH_TOKEN = new RegExp(String.raw`^${ARCH}$`, 'u')
const VERSION_TOKEN = new RegExp(String.raw`^(?:${VERSION}|v\d+)$`, 'u')
const LANG_TOKEN = new RegExp(String.raw`^${LANG}$`, 'u')
const STANDALONE_ARCH = new RegExp(String.raw`(^|[\s,;/-])${ARCH}(?=$|[\s,;/)-])`, 'gu')
const TRAILING_VERSION = new RegExp(String.raw`[\s,:–-]+(?:version\s+|v)?\d+(?:[.,_]\d+)+[a-z0-9.+~_-]*$`, 'u')
const TRAILING_LANG = /\s+[-–]\s+[a-z]{2}-[a-z]{2,4}$/u
const GROUP = /[([]([^()[\]]*)[)\]]/gu

/** Lower-case name without version suffixes, architecture markers or a trailing language tag. */
export function normalizeProgramName(displayName: string, version?: string): string {
  const base = displayName.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
  let s = base
  // "(x64)", "(64-bit)", "(x64 en-US)", "(9.0.4)": groups that only hold markers
  s = s.replace(GROUP, (whole, inner: string) => {
    const tokens = inner.split(/[\s,;/]+/).filter((t) => t !== '' && t !== 'bit' && t !== 'version')
    return tokens.length > 0 && tokens.every((t) => ARCH_TOKEN.test(t) || VERSION_TOKEN.test(t) || LANG_TOKEN.test(t)) ? ' ' : whole
  })
  s = s.replace(STANDALONE_ARCH, '$1')
  if (version) {
    const v = version.normalize('NFKC').toLowerCase().trim()
    if (v.length > 0 && s.endsWith(' ' + v)) s = s.slice(0, -v.length)
    // "TeamViewer 15" with DisplayVersion 15.51.5: a trailing major version (but "Microsoft 365" stays)
    const major = /^\D*?(\d+)[.,]/.exec(v)?.[1]
    if (major && s.endsWith(' ' + major)) s = s.slice(0, -major.length)
  }
  for (let i = 0; i < 4; i++) {
    const before = s
    s = s.replace(/[\s,:;–-]+$/u, '').replace(TRAILING_VERSION, '').replace(TRAILING_LANG, '')
    if (s === before) break
  }
  s = s.replace(/\s+/g, ' ').replace(/[\s,:;–-]+$/u, '').trim()
  return s === '' ? base : s
}
