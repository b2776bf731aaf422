// Chrome Remote Desktop host event messages (reference §2.1 table, §2.2 syslog/journald list;
// Chromium host_event_logger_posix.cc / host_messages.mc). The same sentences appear in the
// Linux syslog, in journald, in Windows rendered messages (with a final '.') and in host logs.

/** `<email>/chromoting_ftl_<uuid>` (§2.1 "Observed"); older clients use other resources. */
export interface Jid {
  jid: string
  email?: string
  resource?: string
}

export function splitJid(jid: string): Jid {
  const j = jid.trim()
  const slash = j.indexOf('/')
  const account = slash === -1 ? j : j.slice(0, slash)
  return {
    jid: j,
    email: /^[^\s@/]+@[^\s@/]+$/.test(account) ? account : undefined,
    resource: slash === -1 ? undefined : j.slice(slash + 1),
  }
}

export type CrdMessageKind = 'connect' | 'disconnect' | 'denied' | 'route' | 'host_started'

export interface CrdMessage {
  kind: CrdMessageKind
  /** Client JID (connect/disconnect/denied/route) or owner e-mail (host_started). */
  subject: string
  remote?: string
  hostAddr?: string
  channel?: string
  route?: string
}

// §2.2: `Client connected: <jid>` · `Client disconnected: <jid>` · `Access denied for client: <jid>` ·
// `Channel IP for client: <jid> ip='…' host_ip='…' channel='…' connection='…'` · `Host started for user: <email>`.
// Windows renders the .mc templates with a final '.' (§2.1 table), so it is optional here.
const SIMPLE: Array<[CrdMessageKind, RegExp]> = [
  ['connect', /^Client connected: (\S+?)\.?$/],
  ['disconnect', /^Client disconnected: (\S+?)\.?$/],
  ['denied', /^Access denied for client: (\S+?)\.?$/],
  ['host_started', /^Host started for user: (\S+?)\.?$/],
]
const ROUTE = /^Channel IP for client: (\S+) ip='([^']*)' host_ip='([^']*)' channel='([^']*)' connection='([^']*)'\.?$/

/** Recognises one of the five host event sentences (whitespace at the ends ignored). */
export function parseCrdMessage(text: string): CrdMessage | undefined {
  const t = text.trim()
  for (const [kind, re] of SIMPLE) {
    const m = re.exec(t)
    if (m) return {kind, subject: m[1]!}
  }
  const r = ROUTE.exec(t)
  if (r) return {kind: 'route', subject: r[1]!, remote: r[2], hostAddr: r[3], channel: r[4], route: r[5]}
  return undefined
}

/** `ip:port` or `unknown`/'' (§2.1: the remote address is `unknown` behind a relay). */
export function addressOf(v: string | undefined): {ip?: string; port?: number} {
  if (!v || v === 'unknown') return {}
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(v)
  if (v6) return {ip: v6[1], port: Number(v6[2])}
  const m = /^([^:]+):(\d+)$/.exec(v)
  if (m) return {ip: m[1], port: Number(m[2])}
  return {ip: v}
}
