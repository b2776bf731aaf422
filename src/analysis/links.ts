// Cross-case links (indicator PER-02): values shared between cases scanned together, such as a
// remote IP, an AnyDesk or TeamViewer ID, a CRD client account, an e-mail address or a host
// name. Private and loopback addresses are never links; allow-listed values are left out.
import {BlockList, isIP} from 'node:net'

import type {Allowlist} from '../indicators/allow.js'
import {toFinding} from '../indicators/engine.js'
import type {Indicator} from '../indicators/types.js'
import type {Finding, Link, TimelineEvent} from '../lib/model.js'

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

export interface LinkCase {
  id: string
  events: TimelineEvent[]
}

/** Shared values across cases, in case order; each link lists all supporting events. */
export function findLinks(cases: LinkCase[], allow?: Allowlist): Link[] {
  const index = new Map<string, {type: string; value: string; cases: Map<string, string[]>}>()
  for (const c of cases) {
    for (const e of c.events) {
      const values = linkValues(e)
      if (values.length === 0 || allow?.covers(e, 'persona-link')) continue
      for (const [type, value] of values) {
        const key = `${type}\0${value}`
        let entry = index.get(key)
        if (!entry) {
          entry = {type, value, cases: new Map()}
          index.set(key, entry)
        }
        const ids = entry.cases.get(c.id) ?? []
        ids.push(e.id)
        entry.cases.set(c.id, ids)
      }
    }
  }
  const order = new Map(cases.map((c, i) => [c.id, i]))
  return [...index.values()]
    .filter((x) => x.cases.size >= 2)
    .map((x) => {
      const ids = [...x.cases.keys()].sort((a, b) => order.get(a)! - order.get(b)!)
      return {type: x.type, value: x.value, cases: ids, events: ids.flatMap((id) => x.cases.get(id)!)}
    })
    .sort((a, b) => a.type.localeCompare(b.type) || a.value.localeCompare(b.value))
}

/** PER-02 for one case: its own events behind every link it takes part in. */
export function personaLinkFinding(caseId: string, events: TimelineEvent[], links: Link[], indicator: Indicator | undefined): Finding | undefined {
  if (!indicator) return undefined
  const mine = links.filter((l) => l.cases.includes(caseId))
  if (mine.length === 0) return undefined
  const byId = new Map(events.map((e) => [e.id, e]))
  const support: TimelineEvent[] = []
  const seen = new Set<string>()
  for (const l of mine) for (const id of l.events) {
    const e = byId.get(id)
    if (e && !seen.has(id)) {
      seen.add(id)
      support.push(e)
      e.indicators.push(indicator.id)
    }
  }
  const f = toFinding(indicator, support, mine.slice(0, 10).map((l) => ({event: l.events.find((id) => byId.has(id)) ?? '', field: l.type, value: l.value})))
  f.description = mine.map((l) => `${l.type} ${l.value} also in ${l.cases.filter((c) => c !== caseId).join(', ')}`).join('; ')
  return f
}
