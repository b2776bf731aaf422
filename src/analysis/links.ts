// Cross-case links (indicator PER-02): values shared between cases scanned together, such as a
// remote IP, an AnyDesk or TeamViewer ID, a CRD client account, an e-mail address or a host
// name. Private and loopback addresses are never links; allow-listed values are left out.
import {BlockList, isIP} from 'node:net'

import type {Allowlist} from '../indicators/allow.js'
import {Support, toFinding} from '../indicators/engine.js'
import type {Indicator} from '../indicators/types.js'
import type {Finding, Link, LinkValue, TimelineEvent} from '../lib/model.js'

const NOT_PUBLIC = new BlockList()
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['224.0.0.0', 4], ['255.255.255.255', 32]] as const) {
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4')
}
for (const [net, prefix] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) NOT_PUBLIC.addSubnet(net, prefix, 'ipv6')

export function isPublicIp(ip: string): boolean {
  const fam = isIP(ip)
  if (!fam) return false
  return !NOT_PUBLIC.check(ip, fam === 4 ? 'ipv4' : 'ipv6')
}

/** Every field linkValues reads (test/analysis checks it): an event without them has no link value. */
export const LINK_FIELDS: readonly string[] = [
  'remote_ip', 'external_ip', 'client_ip', 'tool', 'remote_id', 'local_id', 'client', 'email', 'account', 'host_name', 'local_alias', 'hostname',
]

/** The link values an event carries: [type, value]. */
export function linkValues(e: TimelineEvent): Array<[string, string]> {
  const f = e.fields
  const out: Array<[string, string]> = []
  const s = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : undefined)
  for (const k of ['remote_ip', 'external_ip', 'client_ip']) {
    const ip = s(k)
    if (ip && isPublicIp(ip)) out.push(['ip', ip])
  }
  const tool = s('tool')
  const idType = tool === 'anydesk' ? 'anydesk-id' : tool === 'teamviewer' ? 'teamviewer-id' : tool ? `${tool}-id` : undefined
  if (idType) {
    for (const k of ['remote_id', 'local_id']) {
      for (const id of (s(k) ?? '').split(',')) if (/^\d{6,}$/.test(id)) out.push([idType, id])
    }
  }
  const client = s('client')
  if (client && tool === 'chrome_remote_desktop') out.push(['crd-client', client.split('/')[0]!.toLowerCase()])
  for (const k of ['email', 'account']) {
    const v = s(k)
    if (v && /^[^@\s]+@[^@\s]+$/.test(v)) out.push(['email', v.toLowerCase()])
  }
  for (const k of ['host_name', 'local_alias', 'hostname']) {
    const v = s(k)
    if (v) out.push(['hostname', v.toLowerCase()])
  }
  return out
}

/** Collects a case's link values as events stream past (ids and time range per value). */
export class LinkCollector {
  private values = new Map<string, {type: string; value: string; support: Support}>()

  constructor(private readonly allow?: Allowlist) {}

  observe(e: TimelineEvent): void {
    const values = linkValues(e)
    if (values.length === 0 || this.allow?.covers(e, 'persona-link')) return
    for (const [type, value] of values) {
      const key = `${type}\0${value}`
      let v = this.values.get(key)
      if (!v) {
        v = {type, value, support: new Support()}
        this.values.set(key, v)
      }
      if (v.support.ids.at(-1) !== e.id) v.support.add(e.id, e.time)
    }
  }

  result(): LinkValue[] {
    return [...this.values.values()].map((v) => ({type: v.type, value: v.value, ids: v.support.ids, first: v.support.first, last: v.support.last}))
  }
}

export interface LinkCase {
  id: string
  values: LinkValue[]
}

/**
 * Shared values across cases, in case order; each link lists all supporting events. `host[i]`
 * names the machine of case i (same-host.ts): a value shared only by collections of one machine
 * is no link but goes to `withinHost` (with that machine's key).
 */
export function findLinks(cases: LinkCase[], host?: number[], withinHost?: (host: number, type: string, value: string) => void): Link[] {
  const index = new Map<string, {type: string; value: string; cases: Map<string, string[]>; hosts: Set<number>}>()
  for (const [i, c] of cases.entries()) {
    for (const v of c.values) {
      const key = `${v.type}\0${v.value}`
      let entry = index.get(key)
      if (!entry) {
        entry = {type: v.type, value: v.value, cases: new Map(), hosts: new Set()}
        index.set(key, entry)
      }
      entry.cases.set(c.id, v.ids)
      entry.hosts.add(host?.[i] ?? i)
    }
  }
  const order = new Map(cases.map((c, i) => [c.id, i]))
  const byTypeValue = (a: {type: string; value: string}, b: {type: string; value: string}) => a.type.localeCompare(b.type) || a.value.localeCompare(b.value)
  if (withinHost) {
    for (const x of [...index.values()].sort(byTypeValue)) if (x.cases.size >= 2 && x.hosts.size === 1) withinHost([...x.hosts][0]!, x.type, x.value)
  }
  return [...index.values()]
    .filter((x) => x.hosts.size >= 2)
    .map((x) => {
      const ids = [...x.cases.keys()].sort((a, b) => order.get(a)! - order.get(b)!)
      return {type: x.type, value: x.value, cases: ids, events: ids.flatMap((id) => x.cases.get(id)!)}
    })
    .sort(byTypeValue)
}

/**
 * PER-02 for one case: its own events behind every link it takes part in. `mark` adds the
 * indicator id to a stored event; `sameHost` are the case's other collections of its machine.
 */
export function personaLinkFinding(c: LinkCase, links: Link[], indicator: Indicator | undefined, mark: (id: string) => void, sameHost: ReadonlySet<string> = new Set()): Finding | undefined {
  if (!indicator) return undefined
  const mine = links.filter((l) => l.cases.includes(c.id))
  if (mine.length === 0) return undefined
  const own = new Map(c.values.map((v) => [`${v.type}\0${v.value}`, v]))
  const support = new Support()
  const seen = new Set<string>()
  for (const l of mine) {
    const v = own.get(`${l.type}\0${l.value}`)!
    support.widen(v.first)
    support.widen(v.last)
    for (const id of v.ids) if (!seen.has(id)) {
      seen.add(id)
      support.ids.push(id)
      mark(id)
    }
  }
  const f = toFinding(indicator, support, mine.slice(0, 10).map((l) => ({event: own.get(`${l.type}\0${l.value}`)!.ids[0]!, field: l.type, value: l.value})))
  // other collections of this machine are no other case to link to
  f.description = mine.map((l) => `${l.type} ${l.value} also in ${l.cases.filter((x) => x !== c.id && !sameHost.has(x)).join(', ')}`).join('; ')
  return f
}
