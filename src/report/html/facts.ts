// What a client reads first, derived from the findings and events of one case (never written by
// hand per case): the executive summary, key-facts tables (sessions, identifiers, VPN, cameras,
// payments, uploads), what each finding does to the level, and the distinct matched values. Both
// the HTML and the Markdown writer render these, so the two formats carry the same content.
// Evidence text is kept apart from tool text (`{ev}` parts) so each writer escapes it its way.
import type {AssessedCombination, Category, Finding, Level, TimelineEvent} from '../../lib/model.js'
import {humanDateRange, humanDuration, isoMs, plural} from '../human.js'
import {type CaseDigest, byCode} from './digest.js'

/** A piece of a generated sentence: tool wording, or evidence text the writer must escape. */
export type Part = string | {ev: string}
export type Sentence = Part[]

export const TOOL_NAMES: Record<string, string> = {
  anydesk: 'AnyDesk', chrome_remote_desktop: 'Chrome Remote Desktop', teamviewer: 'TeamViewer', rustdesk: 'RustDesk',
  screenconnect: 'ScreenConnect', splashtop: 'Splashtop', vnc: 'VNC', rdp: 'Remote Desktop (RDP)', parsec: 'Parsec',
  atera: 'Atera', netsupport: 'NetSupport', quickassist: 'Quick Assist', ultraviewer: 'UltraViewer', zoho_assist: 'Zoho Assist',
}

/** `anydesk` → `AnyDesk`; unknown names are shown as found (they are evidence). */
export const toolName = (t: string): string => TOOL_NAMES[t.toLowerCase()] ?? t

export const CATEGORY_NAMES: Record<Category, string> = {
  'remote-access': 'remote control', 'vpn-proxy': 'VPN or proxy', 'virtual-camera': 'virtual camera', 'ip-kvm': 'IP-KVM hardware',
  payment: 'payment services', exfiltration: 'data leaving the company', communication: 'communication and freelance platforms',
  'ai-tooling': 'AI tools', 'time-of-activity': 'time of activity', 'persona-link': 'links to other cases', locale: 'language settings',
}

export const LEVEL_MEANING: Record<Level, string> = {
  none: 'no indicator of the scheme was found in the evidence that could be read',
  low: 'isolated indicators that are individually benign',
  medium: 'a combination of indicators that warrants identity and employment-eligibility checks',
  high: 'a combination of indicators strongly consistent with the reported North Korean IT-worker scheme',
  'not-evaluated': 'nothing in this evidence could be read, so there is no verdict; this is not a clean result',
}

export interface Session {
  tool: string
  direction: string
  remoteId?: string
  alias?: string
  account?: string
  addresses: string[]
  start: string
  startMs: number
  precision?: TimelineEvent['timePrecision']
  durationS?: number
  /** Distinct file names moved while the session was open. */
  files: string[]
  /** The event the row links to (the most detailed record of the session). */
  event: string
  /** Every record of the same session (several logs describe one session). */
  events: string[]
}

export interface IdRow {
  kind: string
  value: string
  tools: string[]
  first: string | null
  /** Precision of the record the first sighting comes from (a minute-precision log shows no seconds). */
  precision?: TimelineEvent['timePrecision']
  count: number
  event: string
}

export interface EvidenceRow {
  time: string | null
  precision?: TimelineEvent['timePrecision']
  what: string
  indicators: string[]
  event: string
}

export interface FactTable {
  key: string
  title: string
  rows: EvidenceRow[]
  more: number
}

export type Role =
  | {kind: 'completes'; combos: AssessedCombination[]; level: Level}
  | {kind: 'counts'; category: Category; points?: number}
  | {kind: 'context'}

export interface ValueCount {
  field: string
  value: string
  count: number
  event: string
}

export interface CaseFacts {
  sessions: Session[]
  ids: IdRow[]
  tables: FactTable[]
  verdict: Sentence
  /** What set the level (combinations or areas). */
  decidedBy: Sentence
  facts: Sentence[]
  notEvaluated: Sentence[]
  caveat: string
  roles: Map<string, Role>
  values: Map<string, ValueCount[]>
  /** Findings in the order a reader needs them: the ones that decide the level first. */
  findings: Finding[]
}

const REVIEW =
  'Requires human review: indicators are consistent with reported DPRK IT-worker tradecraft; they are not proof of identity or nationality.'
const LEVEL_RANK: Record<Level, number> = {'not-evaluated': -1, none: 0, low: 1, medium: 2, high: 3}
/** Records of one session in different logs start within this many seconds of each other. */
const SAME_SESSION_S = 120
const MAX_FACT_ROWS = 15

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined)

/** Groups the session-start records of all logs into sessions (one row per real session). */
export function sessionsOf(events: readonly TimelineEvent[]): Session[] {
  const starts = events.filter((e) => e.type === 'remote_access.session_start' && e.time !== null)
    .map((e) => ({e, ms: isoMs(e.time)!})).filter((x) => x.ms !== null).sort((a, b) => a.ms - b.ms)
  const extra = events.filter((e) => e.type === 'remote_access.login' && e.time !== null)
  const sessions: Session[] = []
  for (const {e, ms} of starts) {
    const f = e.fields
    const tool = str(f.tool) ?? 'unknown tool'
    const rid = str(f.remote_id)
    const who = rid ?? str(f.email) ?? str(f.remote_ip)
    const same = sessions.find((s) => s.tool === tool && Math.abs(s.startMs - ms) <= SAME_SESSION_S * 1000 &&
      (who === undefined || s.remoteId === undefined || s.remoteId === rid || s.account === str(f.email)))
    const s: Session = same ?? {tool, direction: str(f.direction) ?? '', addresses: [], start: e.time!, startMs: ms, precision: e.timePrecision, files: [], event: e.id, events: []}
    if (!same) sessions.push(s)
    s.events.push(e.id)
    if (rid && !s.remoteId) s.remoteId = rid
    const alias = str(f.remote_alias)
    if (alias && !s.alias) s.alias = alias
    const account = str(f.email) ?? str(f.account) ?? str(f.remote_account)
    if (account && !s.account) s.account = account
    if (!s.direction) s.direction = str(f.direction) ?? ''
    const ip = str(f.remote_ip)
    if (ip && !s.addresses.includes(ip)) s.addresses.push(ip)
    const dur = typeof f.duration_s === 'number' ? f.duration_s : undefined
    const end = isoMs(str(f.end_time))
    const d = dur ?? (end !== null ? (end - ms) / 1000 : undefined)
    if (d !== undefined && (s.durationS === undefined || d > s.durationS)) s.durationS = d
    // the record with the most detail is the one a reader wants to open
    if (Object.keys(f).length > Object.keys(events.find((x) => x.id === s.event)?.fields ?? {}).length) s.event = e.id
    // a coarser clock (minute-precision connection logs) gives way to a finer one
    if (s.precision === 'minute' && e.timePrecision !== 'minute') {
      s.start = e.time!
      s.startMs = ms
      s.precision = e.timePrecision
    }
  }
  for (const e of extra) {
    const ms = isoMs(e.time)!
    const ip = str(e.fields.remote_ip)
    const s = sessions.find((x) => x.tool === str(e.fields.tool) && Math.abs(x.startMs - ms) <= SAME_SESSION_S * 1000 && (x.remoteId === undefined || x.remoteId === str(e.fields.remote_id)))
    if (s && ip && !s.addresses.includes(ip)) s.addresses.push(ip)
  }
  for (const e of events) {
    if (e.type !== 'remote_access.file_transfer' || e.time === null) continue
    const ms = isoMs(e.time)!
    const name = str(e.fields.file_name) ?? str(e.fields.file) ?? str(e.fields.path)
    const s = sessions.find((x) => x.tool === str(e.fields.tool) && ms >= x.startMs - 60_000 && ms <= x.startMs + (x.durationS ?? 0) * 1000 + 60_000)
    if (s && name && !s.files.includes(name)) s.files.push(name)
  }
  return sessions
}

/** Identifier fields a responder copies, in the order they are listed. */
const ID_FIELDS: Array<[string, string]> = [
  ['remote_id', 'remote ID'], ['remote_alias', 'remote alias'], ['email', 'account (e-mail)'], ['host_owner', 'account (e-mail)'],
  ['account', 'account'], ['remote_ip', 'remote address'], ['local_id', "this computer's remote-access ID"],
  ['external_ip', "this computer's public address"], ['host_ip', "this computer's address"], ['host_id', 'host ID'], ['host_name', 'host name'],
]

export function identifiersOf(events: readonly TimelineEvent[]): IdRow[] {
  const rows = new Map<string, IdRow>()
  for (const e of events) {
    if (!e.type.startsWith('remote_access.')) continue
    const tool = str(e.fields.tool)
    for (const [field, kind] of ID_FIELDS) {
      const v = str(e.fields[field])
      if (!v) continue
      const key = `${kind}\0${v}`
      let r = rows.get(key)
      if (!r) rows.set(key, (r = {kind, value: v, tools: [], first: e.time, precision: e.timePrecision, count: 0, event: e.id}))
      r.count++
      if (tool && !r.tools.includes(tool)) r.tools.push(tool)
      if (e.time !== null && (r.first === null || (isoMs(e.time) ?? 0) < (isoMs(r.first) ?? 0))) {
        r.first = e.time
        r.precision = e.timePrecision
        r.event = e.id
      }
    }
  }
  const order = new Map(ID_FIELDS.map(([, k], i) => [k, i]))
  return [...rows.values()].sort((a, b) => order.get(a.kind)! - order.get(b.kind)! || b.count - a.count || byCode(a.value, b.value))
}

const FACT_TABLES: Array<[Category, string, string]> = [
  ['vpn-proxy', 'vpn', 'VPN and proxy evidence'],
  ['virtual-camera', 'camera', 'Virtual cameras'],
  ['payment', 'payment', 'Payment services'],
  ['exfiltration', 'upload', 'Uploads and files moved'],
  ['ip-kvm', 'kvm', 'IP-KVM hardware'],
]

function factTables(findings: readonly Finding[], byId: ReadonlyMap<string, TimelineEvent>): FactTable[] {
  const out: FactTable[] = []
  for (const [cat, key, title] of FACT_TABLES) {
    const inds = new Map<string, string[]>()
    for (const f of findings.filter((x) => x.category === cat)) for (const id of f.events) inds.set(id, [...(inds.get(id) ?? []), f.indicator])
    if (inds.size === 0) continue
    const rows = [...inds.entries()].map(([id, list]): EvidenceRow => {
      const e = byId.get(id)
      return {time: e?.time ?? null, precision: e?.timePrecision, what: e?.message ?? id, indicators: list.sort(byCode), event: id}
    }).sort((a, b) => (isoMs(a.time) ?? Infinity) - (isoMs(b.time) ?? Infinity) || byCode(a.event, b.event))
    out.push({key, title, rows: rows.slice(0, MAX_FACT_ROWS), more: Math.max(0, rows.length - MAX_FACT_ROWS)})
  }
  return out
}

/** What a finding does to the level: completes a combination that sets it, adds points, or context only. */
export function rolesOf(findings: readonly Finding[], combos: readonly AssessedCombination[], points: Partial<Record<Category, number>> | undefined, modifierCats: ReadonlySet<string>): Map<string, Role> {
  const roles = new Map<string, Role>()
  for (const f of findings) {
    const mine = combos.filter((c) => c.groups.some((g) => g.includes(f.indicator) || (f.indicator.startsWith('IOC-') && g.includes(`ioc:${f.category}`))))
    if (f.modifierOnly || modifierCats.has(f.category) || !(f.weight === undefined || f.weight > 0)) roles.set(f.indicator, {kind: 'context'})
    else if (mine.length) roles.set(f.indicator, {kind: 'completes', combos: mine, level: mine.reduce<Level>((l, c) => (LEVEL_RANK[c.level] > LEVEL_RANK[l] ? c.level : l), 'none')})
    else roles.set(f.indicator, {kind: 'counts', category: f.category, points: points?.[f.category]})
  }
  return roles
}

/** The distinct values that matched, counted over the finding's events (not one line per event). */
export function valuesOf(f: Finding, byId: ReadonlyMap<string, TimelineEvent>): ValueCount[] {
  const fields = [...new Set((f.evidence ?? []).map((x) => x.field))]
  const counts = new Map<string, ValueCount>()
  const add = (field: string, value: string, event: string) => {
    const k = `${field}\0${value}`
    const c = counts.get(k)
    if (c) c.count++
    else counts.set(k, {field, value, count: 1, event})
  }
  for (const id of f.events) {
    const e = byId.get(id)
    if (!e) continue
    for (const field of fields) {
      const v = e.fields[field]
      if (v !== undefined) add(field, String(v), id)
    }
  }
  // events not in the digest (beyond the row limit) still show the recorded evidence
  if (counts.size === 0) for (const x of f.evidence ?? []) add(x.field, x.value, x.event)
  return [...counts.values()].sort((a, b) => b.count - a.count || byCode(a.field, b.field) || byCode(a.value, b.value))
}

/** A field value as a person reads it (durations in seconds become `8 h 18 min`). */
export function humanValue(field: string, value: string): string {
  if (/(^|_)duration(_s)?$|_s$/.test(field) && /^\d+(\.\d+)?$/.test(value)) return humanDuration(Number(value))
  return value
}

const list = (items: Part[][], max = 3): Part[] => {
  const shown = items.slice(0, max)
  const out: Part[] = []
  shown.forEach((p, i) => {
    if (i > 0) out.push(i === shown.length - 1 && items.length <= max ? ' and ' : ', ')
    out.push(...p)
  })
  if (items.length > max) out.push(` and ${items.length - max} more`)
  return out
}

function sessionFact(sessions: readonly Session[]): Sentence | null {
  const incoming = sessions.filter((s) => s.direction === '' || /^in/i.test(s.direction))
  if (incoming.length === 0) return null
  const tools = [...new Set(incoming.map((s) => toolName(s.tool)))]
  const addrs = [...new Set(incoming.flatMap((s) => s.addresses))]
  const days = new Set(incoming.map((s) => s.start.slice(0, 10))).size
  const first = incoming[0]!.start
  const last = incoming[incoming.length - 1]!.start
  const long = incoming.filter((s) => (s.durationS ?? 0) >= 8 * 3600).length
  const longest = Math.max(0, ...incoming.map((s) => s.durationS ?? 0))
  const out: Sentence = [`The computer was controlled remotely over ${tools.join(' and ')}: ${plural(incoming.length, 'incoming session')} on ${plural(days, 'day')} ${humanDateRange(first, last)}`]
  if (addrs.length) out.push(` from ${plural(addrs.length, 'address', 'addresses')} (`, ...list(addrs.map((a) => [{ev: a}])), ')')
  if (long) out.push(`; ${long === incoming.length ? (long === 1 ? 'it' : 'all') : long} lasted a working day or more (longest ${humanDuration(longest)})`)
  else if (longest > 0) out.push(`; the longest lasted ${humanDuration(longest)}`)
  const files = [...new Set(incoming.flatMap((s) => s.files))]
  if (files.length) out.push('; files were moved through the sessions (', ...list(files.map((f) => [{ev: f}])), ')')
  return [...out, '.']
}

function idFact(ids: readonly IdRow[]): Sentence | null {
  const remote = ids.filter((r) => r.kind === 'remote ID').slice(0, 3)
  const accounts = ids.filter((r) => r.kind.startsWith('account')).slice(0, 2)
  if (!remote.length && !accounts.length) return null
  const parts: Part[][] = remote.map((r) => [{ev: r.value}])
  const aliases = ids.filter((r) => r.kind === 'remote alias').slice(0, 3)
  const out: Sentence = ['The remote side identified itself as ']
  if (parts.length) out.push(remote.length === 1 ? 'remote ID ' : 'remote IDs ', ...list(parts))
  if (aliases.length) out.push(aliases.length === 1 ? ' (alias ' : ' (aliases ', ...list(aliases.map((a) => [{ev: a.value}])), ')')
  if (accounts.length) out.push(parts.length ? ' and the account ' : 'the account ', ...list(accounts.map((a) => [{ev: a.value}])))
  return [...out, '.']
}

function categoryFact(cat: Category, fs: readonly Finding[]): Sentence {
  const times = fs.flatMap((f) => [f.first, f.last]).filter((t): t is string => t !== null).sort((a, b) => (isoMs(a) ?? 0) - (isoMs(b) ?? 0))
  const when = times.length ? ` (${humanDateRange(times[0]!, times[times.length - 1]!)})` : ''
  const desc = cat === 'time-of-activity' ? fs.find((f) => f.description)?.description : undefined
  const name = CATEGORY_NAMES[cat]
  const head = name.charAt(0).toUpperCase() + name.slice(1)
  if (desc) return [`${head}: ${fs.map((f) => f.title).join('; ')}: `, {ev: desc.replace(/\.$/, '')}, '.']
  return [`${head}: ${fs.map((f) => f.title.replace(/\.$/, '')).join('; ')}${when}.`]
}

export function caseFacts(cd: CaseDigest, modifierCategories: readonly string[] = ['locale']): CaseFacts {
  const byId = new Map(cd.relevant.map((e) => [e.id, e]))
  const a = cd.c.assessment
  const combos = a.combinations ?? []
  const roles = rolesOf(cd.findings, combos, a.points, new Set(modifierCategories))
  const rank = (f: Finding) => {
    const r = roles.get(f.indicator)!
    return r.kind === 'completes' ? 10 + LEVEL_RANK[r.level] : r.kind === 'counts' ? 5 : 0
  }
  const findings = [...cd.findings].sort((x, y) => rank(y) - rank(x) || (y.weight ?? 0) - (x.weight ?? 0) || byCode(x.indicator, y.indicator))
  const values = new Map(findings.map((f) => [f.indicator, valuesOf(f, byId)]))
  const sessions = sessionsOf(cd.relevant)
  const ids = identifiersOf(cd.relevant)

  const verdict: Sentence = a.level === 'not-evaluated'
    ? [`NOT EVALUATED: ${LEVEL_MEANING[a.level]}.`]
    : [`Level ${a.level.toUpperCase()}: ${LEVEL_MEANING[a.level]} (score ${a.score} of 100).`]
  const decidedBy: Sentence = []
  const deciding = combos.filter((c) => c.level === a.level)
  if (deciding.length) decidedBy.push(`The level is set by ${deciding.length === 1 ? 'this combination' : 'these combinations'}: ${deciding.map((c) => c.title.replace(/\.$/, '')).join('; ')}.`)
  else if (a.level !== 'none' && a.points) {
    const cats = Object.keys(a.points) as Category[]
    decidedBy.push(`The level comes from indicators in ${plural(cats.length, 'area')} (${cats.map((c) => CATEGORY_NAMES[c]).join(', ')}).`)
  }

  const facts: Sentence[] = []
  const s = sessionFact(sessions)
  if (s) facts.push(s)
  const idf = idFact(ids)
  if (idf && s) facts.push(idf)
  const counted = findings.filter((f) => roles.get(f.indicator)!.kind !== 'context')
  const cats = [...new Set(counted.map((f) => f.category))]
    .filter((c) => c !== 'remote-access' || !s)
    .sort((x, y) => (a.points?.[y] ?? 0) - (a.points?.[x] ?? 0) || byCode(x, y))
  for (const cat of cats) {
    if (facts.length >= 5) break
    facts.push(categoryFact(cat, counted.filter((f) => f.category === cat)))
  }
  const context = findings.filter((f) => roles.get(f.indicator)!.kind === 'context')
  if (context.length && facts.length < 5) facts.push([`Context only (never raises the level): ${context.map((f) => f.title).join('; ')}.`])

  const notEvaluable = a.notEvaluable ?? parseNotEvaluable(a.reasons)
  const notEvaluated: Sentence[] = notEvaluable.map((x) => [`${CATEGORY_NAMES[x.category] ?? x.category}: needs ${x.needs}`])
  const caveat = a.reasons.find((r) => r.startsWith('Requires human review')) ?? REVIEW
  return {sessions, ids, tables: factTables(cd.findings, byId), verdict, decidedBy, facts, notEvaluated, caveat, roles, values, findings}
}

/** Reports made before `notEvaluable` existed carry the same data in one reason line. */
function parseNotEvaluable(reasons: readonly string[]): Array<{category: Category; needs: string}> {
  const r = reasons.find((x) => x.startsWith('Not evaluable from the evidence read: '))
  if (!r) return []
  return r.slice('Not evaluable from the evidence read: '.length).replace(/\.$/, '').split('; ').map((p) => {
    const m = /^([a-z-]+) \(needs (.*)\)$/.exec(p)
    return m ? {category: m[1] as Category, needs: m[2]!} : {category: p as Category, needs: 'evidence that was not in the collection'}
  })
}

/** Sentence as plain text (tests, titles): evidence parts unescaped. */
export const sentenceText = (s: Sentence): string => s.map((p) => (typeof p === 'string' ? p : p.ev)).join('')
