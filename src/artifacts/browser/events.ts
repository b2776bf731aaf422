// The one-line message every browser event shares. (Fields are written out per event, not spread:
// an object spread per row cost ~40 µs at 1M visits.)
import type {BrowserContext} from './profile-path.js'

export function describe(
  b: BrowserContext,
  what: string,
  url: string | undefined,
  title: string | undefined,
  o: {synced?: boolean; imported?: string; note?: string},
): string {
  const who = `${b.browser}${b.profile ? ` (${b.profile})` : ''}`
  const t = title ? ` "${title.length > 120 ? title.slice(0, 120) + '…' : title}"` : ''
  const tags = [o.note, o.synced ? 'synced from another device' : undefined, o.imported].filter(Boolean)
  return `${who} ${what} ${url ?? '(no URL)'}${t}${tags.length > 0 ? ` [${tags.join(', ')}]` : ''}`
}
