// --allow FILE: sanctioned remote tools, helpdesk IDs, corporate VPN egress ranges, corporate
// domains and accounts. A matching event's indicator hits are suppressed, counted and
// reported with the allow entry's reason, never silently dropped.
import {basename} from 'node:path'
import {BlockList, isIP} from 'node:net'

import type {TimelineEvent} from '../lib/model.js'
import {readTextFile} from './files.js'
import {parseCidr, parseYaml} from './load.js'
import {hostOf} from './match.js'

export type AllowType = 'tool' | 'remote_id' | 'cidr' | 'ip' | 'email' | 'domain' | 'program'

export interface AllowEntry {
  type: AllowType
  value: string
  reason: string
  origin: string
}

const TYPES: AllowType[] = ['tool', 'remote_id', 'cidr', 'ip', 'email', 'domain', 'program']

/**
 * YAML/JSON list of `{type, value, reason}` objects, or CSV/plain lines `type,value[,reason]`.
 * Lines starting with `#` are comments.
 */
export function parseAllowText(text: string, origin: string): {entries: AllowEntry[]; errors: string[]} {
  const entries: AllowEntry[] = []
  const errors: string[] = []
  const add = (type: string, value: string, reason: string, where: string) => {
    const t = type.trim().toLowerCase().replace(/-/g, '_') as AllowType
    const v = value.trim()
    if (!TYPES.includes(t)) return errors.push(`${where}, field type: unknown allow type "${type}" (use ${TYPES.join(', ')})`)
    if (!v) return errors.push(`${where}, field value: empty value`)
    if ((t === 'cidr' || t === 'ip') && !parseCidr(v)) return errors.push(`${where}, field value: bad IP or CIDR "${v}"`)
    entries.push({type: t === 'ip' ? 'cidr' : t, value: v, reason: reason.trim() || 'sanctioned (no reason given)', origin})
  }
  // a YAML/JSON list of objects; anything else is read as CSV lines
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch {
    doc = undefined
  }
  const list = Array.isArray(doc) ? doc : (doc as {allow?: unknown} | undefined)?.allow
  if (Array.isArray(list) && list.every((x) => x !== null && typeof x === 'object')) {
    list.forEach((item, i) => {
      const o = item as Record<string, unknown>
      add(String(o.type ?? ''), String(o.value ?? ''), String(o.reason ?? ''), `${origin}: entry ${i + 1}`)
    })
    return {entries, errors}
  }
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim()
    if (!l || l.startsWith('#')) return
    const [type = '', value = '', ...rest] = l.split(',')
    if (type.toLowerCase() === 'type' && value.toLowerCase() === 'value') return // header
    add(type, value, rest.join(','), `${origin}: line ${i + 1}`)
  })
  return {entries, errors}
}

export function loadAllowFiles(files: string[]): {entries: AllowEntry[]; errors: string[]} {
  const entries: AllowEntry[] = []
  const errors: string[] = []
  for (const f of files) {
    const read = readTextFile(f)
    if ('error' in read) {
      errors.push(read.error)
      continue
    }
    const r = parseAllowText(read.text, basename(f))
    entries.push(...r.entries)
    errors.push(...r.errors)
  }
  return {entries, errors}
}

const IP_FIELDS = ['remote_ip', 'external_ip', 'host_ip', 'client_ip', 'direct_ip']
const EMAIL_FIELDS = ['email', 'client', 'account', 'user_email']

export class Allowlist {
  private cidrs: Array<{list: BlockList; entry: AllowEntry}> = []

  constructor(readonly entries: AllowEntry[]) {
    for (const e of entries) {
      if (e.type !== 'cidr') continue
      const c = parseCidr(e.value)!
      const list = new BlockList()
      list.addSubnet(c.net, c.prefix, c.family)
      this.cidrs.push({list, entry: e})
    }
  }

  /**
   * The allow entry covering this event for an indicator in `category`, if any. A sanctioned
   * tool or program covers only remote-access hits; IDs, addresses, accounts and domains
   * cover every hit of the event.
   */
  covers(e: TimelineEvent, category: string): AllowEntry | undefined {
    const f = e.fields
    const str = (k: string) => (typeof f[k] === 'string' ? (f[k] as string).toLowerCase() : undefined)
    for (const a of this.entries) {
      const v = a.value.toLowerCase()
      switch (a.type) {
        case 'tool':
          if (category === 'remote-access' && (str('tool') === v || str('program_normalized')?.startsWith(v))) return a
          break
        case 'program':
          if (str('program_normalized')?.startsWith(v) || str('program')?.startsWith(v)) return a
          break
        case 'remote_id':
          if (str('remote_id')?.split(',').includes(v)) return a
          break
        case 'email':
          if (EMAIL_FIELDS.some((k) => str(k) === v || str(k)?.startsWith(v + '/'))) return a
          break
        case 'domain': {
          const u = str('url')
          if (u) {
            const h = hostOf(u)
            if (h === v || h.endsWith('.' + v)) return a
          }
          break
        }
        default:
          break
      }
    }
    for (const {list, entry} of this.cidrs) {
      for (const k of IP_FIELDS) {
        const ip = str(k)
        const fam = ip ? isIP(ip) : 0
        if (ip && fam && list.check(ip, fam === 4 ? 'ipv4' : 'ipv6')) return entry
      }
    }
    return undefined
  }
}
