// Browser, profile and OS user from where a history DB sits (reference browser-history.md §2.1,
// §3.1, §4): `…/Google/Chrome/User Data/Profile 2/History`, `~/.mozilla/firefox/<p>/places.sqlite`,
// `~/Library/Safari/History.db`, Opera's flat `Opera Stable/History`, Epic's `HiddenReflex/Epic`.
import {userFromPath} from '../../evidence/paths.js'

export type Family = 'chromium' | 'firefox' | 'safari'

export interface BrowserContext {
  browser: string
  profile?: string
  user?: string
  /** Chrome `User Data/Snapshots/<version>/<profile>` copies (§2.1). */
  snapshot?: string
}

// Ordered: the first pattern found in the lower-cased logical path names the browser.
const CHROMIUM: Array<[RegExp, string]> = [
  [/\/google\/chrome sxs\/|\/google\/chrome canary\//, 'Chrome Canary'],
  [/\/google\/chrome beta\/|\/google-chrome-beta\//, 'Chrome Beta'],
  [/\/google\/chrome dev\/|\/google-chrome-unstable\//, 'Chrome Dev'],
  [/\/google\/chrome\/|\/google-chrome\/|\/com\.google\.chrome\//, 'Chrome'],
  [/\/microsoft\/edge[^/]*\/|\/microsoft edge[^/]*\/|\/microsoft-edge[^/]*\/|\/com\.microsoft\.edge\//, 'Edge'],
  [/\/bravesoftware\/brave-browser[^/]*\/|\/com\.brave\.browser\//, 'Brave'],
  [/\/opera software\/opera gx stable\/|\/com\.operasoftware\.operagx\//, 'Opera GX'],
  [/\/opera software\/|\/com\.operasoftware\.opera[^/]*\/|\/\.config\/opera[^/]*\//, 'Opera'],
  [/\/vivaldi[^/]*\//, 'Vivaldi'],
  [/\/epic privacy browser\/|\/hiddenreflex\/epic\//, 'Epic'],
  [/\/yandex\/yandexbrowser\//, 'Yandex'],
  [/\/chromium\//, 'Chromium'],
]

const FIREFOX: Array<[RegExp, string]> = [
  [/\/\.?librewolf\//, 'LibreWolf'],
  [/\/\.?waterfox\//, 'Waterfox'],
  [/\/tor ?browser\//, 'Tor Browser'],
  [/\/\.?floorp\//, 'Floorp'],
  [/\/firefox\/|\/\.mozilla\/|\/mozilla\//, 'Firefox'],
]

// Dirs that hold History directly, with no profile folder (§2.1 Opera flat layout, Linux ~/.config/opera).
const FLAT_ROOTS = /^(opera stable|opera gx stable|opera|opera-beta|opera-developer|com\.operasoftware\.opera\w*)$/

export function browserContext(logicalPath: string, family: Family): BrowserContext {
  const lower = '/' + logicalPath.toLowerCase() + '/'
  const segs = logicalPath.split('/')
  const parent = segs.length >= 2 ? segs[segs.length - 2]! : undefined
  const user = userFromPath(logicalPath)
  if (family === 'safari') {
    // Safari 17 profiles: Safari/Profiles/<id>/History.db; the main profile is Safari/History.db
    const i = segs.findIndex((s, k) => s.toLowerCase() === 'profiles' && segs[k - 1]?.toLowerCase() === 'safari')
    return {browser: 'Safari', profile: i !== -1 && segs[i + 1] && i + 1 < segs.length - 1 ? segs[i + 1] : 'Default', user}
  }
  const table = family === 'chromium' ? CHROMIUM : FIREFOX
  const browser = table.find(([re]) => re.test(lower))?.[1] ?? (family === 'chromium' ? 'Chromium-based' : 'Firefox-based')
  let profile = parent
  let snapshot: string | undefined
  if (family === 'chromium' && parent) {
    if (FLAT_ROOTS.test(parent.toLowerCase())) profile = 'Default'
    const s = segs.findIndex((x) => x.toLowerCase() === 'snapshots')
    if (s !== -1 && s + 3 === segs.length - 1) snapshot = segs[s + 1]
  }
  return {browser, profile, user, snapshot}
}
