// Turns collection-layout paths into the natural path on the source machine, so that parsers
// recognise `ad.trace` whether it sits in a plain folder, a KAPE target folder or a
// Velociraptor offline-collector ZIP (URL-encoded names).
import type {PathInfo} from '../artifacts/types.js'

const WINDOWS_TOP = new Set([
  'users', 'programdata', 'windows', 'program files', 'program files (x86)', 'documents and settings',
  '$recycle.bin', 'inetpub', 'perflogs', 'recovery', 'system volume information',
])

function decodeSegment(seg: string): string {
  if (!seg.includes('%')) return seg
  try {
    return decodeURIComponent(seg)
  } catch {
    return seg
  }
}

/**
 * A `\` that separates path segments; not the `\xNN` of a non-UTF-8 name byte (>= 0x80) that
 * the folder walk escaped (walk.ts displayName).
 */
const SEPARATOR_BACKSLASH = /\\(?!x[89a-f][0-9a-f])/g

/**
 * Logical path of an evidence-relative path (archive members joined with `!`). Velociraptor:
 * `uploads/auto/C%3A/Users/x` and `uploads/ntfs/%5C%5C.%5CC%3A/Users/x` become `C:/Users/x`;
 * KAPE: `.../C/Users/x` becomes `C:/Users/x`. Other paths are kept, with `\` turned into `/`.
 */
export function logicalPathOf(evidencePath: string): string {
  // Only the innermost archive member's path describes the source machine's file system;
  // an outer collection ZIP's own path does not.
  const parts = evidencePath.split('!')
  let inner = parts.at(-1) ?? evidencePath
  inner = inner.replace(SEPARATOR_BACKSLASH, '/')
  let segs = inner.split('/').filter((s) => s !== '' && s !== '.')
  segs = segs.map(decodeSegment).flatMap((s) => s.replace(SEPARATOR_BACKSLASH, '/').split('/')).filter((s) => s !== '' && s !== '.')

  const up = segs.findIndex((s, i) => s === 'uploads' && i + 1 < segs.length)
  if (up !== -1) {
    // Velociraptor: uploads/<accessor>/<device>/...; the device is `C:` or `\\.\C:` decoded.
    for (let i = up + 1; i < Math.min(segs.length, up + 6); i++) {
      const m = /^(?:\?|\.)?([A-Za-z]):$/.exec(segs[i]!)
      if (m) return [m[1]!.toUpperCase() + ':', ...segs.slice(i + 1)].join('/')
    }
    // Linux/macOS collections: uploads/<accessor>/var/lib/dpkg/status -> var/lib/dpkg/status
    if (/^(?:auto|file|ntfs|raw_file|mft|lazy_ntfs)$/.test(segs[up + 1]!) && segs.length > up + 2) return segs.slice(up + 2).join('/')
  }
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i]!
    if (/^[A-Za-z]:$/.test(s)) return [s.toUpperCase(), ...segs.slice(i + 1)].join('/')
    if (/^[A-Za-z]$/.test(s) && WINDOWS_TOP.has(segs[i + 1]!.toLowerCase())) {
      return [s.toUpperCase() + ':', ...segs.slice(i + 1)].join('/')
    }
  }
  return segs.join('/')
}

export function pathInfoOf(evidencePath: string): PathInfo {
  const logicalPath = logicalPathOf(evidencePath)
  const name = logicalPath.split('/').at(-1) ?? logicalPath
  return {path: evidencePath, logicalPath, name, lower: logicalPath.toLowerCase()}
}

/** The OS user a path belongs to: `Users/<u>`, `home/<u>`, `Documents and Settings/<u>`. */
export function userFromPath(logicalPath: string): string | undefined {
  const segs = logicalPath.split('/')
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i]!.toLowerCase()
    if ((s === 'users' || s === 'home' || s === 'documents and settings') && segs[i + 1]) {
      const u = segs[i + 1]!
      if (!['public', 'default', 'all users', 'default user'].includes(u.toLowerCase())) return u
    }
  }
  if (/^root\//.test(logicalPath) || logicalPath.includes('/root/')) return 'root'
  if (/systemprofile/i.test(logicalPath)) return 'SYSTEM'
  return undefined
}
