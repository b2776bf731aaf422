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
  return withTags(`${who} ${what} ${url ?? '(no URL)'}${t}`, o.note, o.synced, o.imported)
}

/** The message's ` [tags]` tail (History visits share the head per URL and add only this). */
export function withTags(head: string, note: string | undefined, synced: boolean | undefined, imported: string | undefined): string {
  let tags = note || ''
  if (synced) tags = tags ? `${tags}, synced from another device` : 'synced from another device'
  if (imported) tags = tags ? `${tags}, ${imported}` : imported
  return tags ? `${head} [${tags}]` : head
}
