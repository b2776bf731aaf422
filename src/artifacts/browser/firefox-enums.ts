// Firefox download states and file URIs (reference browser-history.md §3.4).

/**
 * §3.4 download state, shared by `downloads/metaData` JSON (DownloadHistory.sys.mjs) and legacy
 * `moz_downloads.state` (nsIDownloadManager: -1 not started … 9 blocked by policy).
 */
const STATE: Record<number, string> = {
  [-1]: 'not_started', 0: 'downloading', 1: 'finished', 2: 'failed', 3: 'canceled', 4: 'paused', 5: 'queued',
  6: 'blocked_parental', 7: 'scanning', 8: 'dirty', 9: 'blocked_policy',
}

export function firefoxDownloadState(v: number): string {
  return STATE[v] ?? `unknown_${v}`
}

/** `file:///C:/Users/x/Downloads/AnyDesk.exe` → `C:/Users/x/Downloads/AnyDesk.exe`; `file:///home/u/a` → `/home/u/a`. */
export function fileUriToPath(uri: string): string {
  const m = /^file:\/\/([^/]*)(\/.*)$/i.exec(uri)
  if (!m) return uri
  let p = m[2]!
  try {
    p = decodeURIComponent(p)
  } catch {
    // keep the percent-encoded form when it is not valid UTF-8
  }
  if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1)
  return m[1] ? `//${m[1]}${p}` : p
}
