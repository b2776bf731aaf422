// Small readers of a normalised record's values shared by the event handlers.
import type {WinEventRecord} from './record.js'

/** The value of `<Data Name=name>` (or a UserData leaf of that tag), case-insensitive; undefined when absent. */
export function named(r: WinEventRecord, name: string): string | undefined {
  const want = name.toLowerCase()
  for (let i = 0; i < r.dataNames.length; i++) if (r.dataNames[i]?.toLowerCase() === want) return r.data[i]
  return undefined
}

/** Trimmed, with Windows' placeholders (`-`, empty) as undefined. */
export function present(v: string | undefined): string | undefined {
  const t = v?.trim()
  return t && t !== '-' ? t : undefined
}

/** `loopback`, `private` (RFC 1918, link-local, CGNAT, ULA), `public`, or undefined for non-addresses. */
export function addressScope(ip: string | undefined): 'loopback' | 'private' | 'public' | undefined {
  if (!ip) return undefined
  const v = ip.trim().replace(/^::ffff:/i, '')
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v)
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])]
    if (a === 127) return 'loopback'
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || a === 0) return 'private'
    return 'public'
  }
  if (/^[0-9a-f:]+$/i.test(v) && v.includes(':')) {
    if (v === '::1') return 'loopback'
    if (/^(fe80|fc|fd)/i.test(v)) return 'private'
    return 'public'
  }
  return undefined
}
