// --ioc FILE: analyst indicator lists turned into indicators with provenance. Formats: plain
// lists (one value a line, type inferred), CSV `type,value,source[,category][,title]`, STIX 2.1
// bundles (indicators with simple equality patterns), MISP event JSON (attributes). Astrill or
// proxy ranges are only ever supplied this way, never hard-coded.
import {basename} from 'node:path'

import type {Category} from '../lib/model.js'
import {readTextFile} from './files.js'
import {parseCidr} from './load.js'
import {refang} from './match.js'
import {severityOf, type Condition, type Indicator, type Source} from './types.js'

export type IocType = 'ip' | 'domain' | 'url' | 'email' | 'anydesk-id' | 'teamviewer-id' | 'remote-id' | 'filename'

export interface Ioc {
  type: IocType
  value: string
  source: string
  category?: Category
  title?: string
}

const TYPE_ALIASES: Record<string, IocType> = {
  ip: 'ip', ipv4: 'ip', ipv6: 'ip', 'ip-src': 'ip', 'ip-dst': 'ip', cidr: 'ip', 'ipv4-addr': 'ip', 'ipv6-addr': 'ip',
  domain: 'domain', hostname: 'domain', 'domain-name': 'domain', fqdn: 'domain',
  url: 'url', link: 'url',
  email: 'email', 'email-src': 'email', 'email-dst': 'email', 'email-addr': 'email', 'email-address': 'email',
  'anydesk-id': 'anydesk-id', anydesk: 'anydesk-id', 'teamviewer-id': 'teamviewer-id', teamviewer: 'teamviewer-id',
  'remote-id': 'remote-id', filename: 'filename', 'file-name': 'filename', 'file:name': 'filename',
}

/** Infers the type of a bare value in a plain list. */
export function inferType(raw: string): IocType | undefined {
  const v = refang(raw.trim())
  if (parseCidr(v)) return 'ip'
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v)) return 'email'
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return 'url'
  if (/^\d{9,10}$/.test(v)) return 'remote-id'
  if (/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i.test(v)) return 'domain'
  return undefined
}

function defaultCategory(t: IocType): Category {
  return t === 'ip' ? 'vpn-proxy' : 'persona-link'
}

const FIELD_CONDITIONS: Record<IocType, (values: string[]) => Condition> = {
  ip: (v) => ({any: ['remote_ip', 'external_ip', 'host_ip', 'client_ip', 'direct_ip'].map((field) => ({field, op: 'cidr' as const, values: v}))}),
  domain: (v) => ({field: 'url', op: 'domain', values: v}),
  url: (v) => ({field: 'url', op: 'starts_with', values: v}),
  email: (v) => ({any: ['email', 'client', 'account', 'user_email'].map((field) => ({field, op: 'equals' as const, values: v}))}),
  'anydesk-id': (v) => ({field: 'remote_id', op: 'equals', values: v}),
  'teamviewer-id': (v) => ({field: 'remote_id', op: 'equals', values: v}),
  'remote-id': (v) => ({any: [{field: 'remote_id', op: 'equals', values: v}, {field: 'local_id', op: 'equals', values: v}]}),
  filename: (v) => ({any: [{field: 'file_name', op: 'ends_with', values: v}, {field: 'target_path', op: 'ends_with', values: v}, {field: 'path', op: 'ends_with', values: v}]}),
}

const LINK_TYPE: Record<IocType, string> = {
  ip: 'IP address', domain: 'domain', url: 'URL', email: 'e-mail address', 'anydesk-id': 'AnyDesk ID',
  'teamviewer-id': 'TeamViewer ID', 'remote-id': 'remote-access ID', filename: 'file name',
}

export function parseIocText(text: string, origin: string): {iocs: Ioc[]; errors: string[]} {
  const t = text.trim()
  if (t.startsWith('{')) {
    let doc: Record<string, unknown>
    try {
      doc = JSON.parse(t) as Record<string, unknown>
    } catch (error) {
      return {iocs: [], errors: [`${origin}: not valid JSON (${(error as Error).message})`]}
    }
    if (doc.type === 'bundle') return parseStix(doc, origin)
    if ('Event' in doc || 'Attribute' in doc) return parseMisp(doc, origin)
    return {iocs: [], errors: [`${origin}: JSON is neither a STIX 2.1 bundle nor a MISP event`]}
  }
  const iocs: Ioc[] = []
  const errors: string[] = []
  t.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim()
    if (!l || l.startsWith('#')) return
    const cells = splitCsv(l)
    if (i === 0 && cells[0]?.toLowerCase() === 'type' && cells[1]?.toLowerCase() === 'value') return
    if (cells.length >= 2) {
      const type = TYPE_ALIASES[cells[0]!.toLowerCase()]
      if (!type) return errors.push(`${origin}: line ${i + 1}, field type: unknown IOC type "${cells[0]}"`)
      const category = cells[3]?.trim() as Category | undefined
      iocs.push({type, value: refang(cells[1]!.trim()), source: cells[2]?.trim() || origin, category: category || undefined, title: cells[4]?.trim() || undefined})
      return
    }
    const type = inferType(l)
    if (!type) return errors.push(`${origin}: line ${i + 1}: cannot tell what "${l.slice(0, 80)}" is (use CSV type,value,source)`)
    iocs.push({type, value: refang(l), source: origin})
  })
  return {iocs, errors}
}

function splitCsv(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let q = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (ch === '"') q = false
      else cur += ch
    } else if (ch === '"') q = true
    else if (ch === ',') {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out
}

// STIX 2.1: only simple equality comparisons joined by OR are supported; others are skipped
// with a warning (fail closed, never guessed).
const STIX_CMP = /^\s*\[\s*([a-z0-9-]+):([a-z_.'\[\]]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]\s*$/i
const STIX_OBJECT_TYPES: Record<string, IocType> = {
  'ipv4-addr': 'ip', 'ipv6-addr': 'ip', 'domain-name': 'domain', url: 'url', 'email-addr': 'email', file: 'filename',
}

function parseStix(doc: Record<string, unknown>, origin: string): {iocs: Ioc[]; errors: string[]} {
  const iocs: Ioc[] = []
  const errors: string[] = []
  const objects = Array.isArray(doc.objects) ? (doc.objects as Array<Record<string, unknown>>) : []
  for (const o of objects) {
    if (o.type !== 'indicator' || typeof o.pattern !== 'string') continue
    if (o.pattern_type !== undefined && o.pattern_type !== 'stix') {
      errors.push(`${origin}: indicator ${String(o.id)}: pattern type ${String(o.pattern_type)} not supported, skipped`)
      continue
    }
    const parts = o.pattern.split(/\]\s+OR\s+\[/i).map((p, i, a) => (a.length > 1 ? (i === 0 ? p + ']' : i === a.length - 1 ? '[' + p : `[${p}]`) : p))
    const title = typeof o.name === 'string' ? o.name : undefined
    const source = `${origin}${title ? `: ${title}` : ''}`
    for (const p of parts) {
      const m = STIX_CMP.exec(p)
      const type = m ? STIX_OBJECT_TYPES[m[1]!.toLowerCase()] : undefined
      if (!m || !type || (type === 'filename' && m[2] !== 'name') || (type !== 'filename' && m[2] !== 'value')) {
        errors.push(`${origin}: indicator ${String(o.id)}: pattern ${JSON.stringify(p.slice(0, 120))} is not a simple equality, skipped`)
        continue
      }
      iocs.push({type, value: m[3]!.replace(/\\(.)/g, '$1'), source, title})
    }
  }
  return {iocs, errors}
}

function parseMisp(doc: Record<string, unknown>, origin: string): {iocs: Ioc[]; errors: string[]} {
  const iocs: Ioc[] = []
  const errors: string[] = []
  const ev = (doc.Event ?? doc) as Record<string, unknown>
  const info = typeof ev.info === 'string' ? ev.info : undefined
  const attrs = [
    ...(Array.isArray(ev.Attribute) ? (ev.Attribute as Array<Record<string, unknown>>) : []),
    ...(Array.isArray(ev.Object) ? (ev.Object as Array<Record<string, unknown>>).flatMap((o) => (Array.isArray(o.Attribute) ? (o.Attribute as Array<Record<string, unknown>>) : [])) : []),
  ]
  for (const a of attrs) {
    const rawType = String(a.type ?? '').toLowerCase()
    const type = TYPE_ALIASES[rawType]
    if (!type) {
      errors.push(`${origin}: MISP attribute type "${rawType}" not supported, skipped`)
      continue
    }
    const value = String(a.value ?? '').split('|')[0]!
    iocs.push({type, value: refang(value), source: `${origin}${info ? `: ${info}` : ''}`, title: typeof a.comment === 'string' && a.comment ? a.comment : undefined})
  }
  return {iocs, errors}
}

/** Groups IOCs by file, type, source and category into indicators with provenance. */
export function iocIndicators(iocs: Ioc[], file: string): {indicators: Indicator[]; errors: string[]} {
  const errors: string[] = []
  const groups = new Map<string, Ioc[]>()
  for (const i of iocs) {
    if (i.type === 'ip' && !parseCidr(i.value)) {
      errors.push(`${file}: "${i.value}" is not an IP or CIDR, skipped`)
      continue
    }
    const key = [i.type, i.source, i.category ?? '', i.title ?? ''].join('\0')
    groups.set(key, [...(groups.get(key) ?? []), i])
  }
  const name = basename(file)
  const indicators: Indicator[] = []
  let n = 0
  for (const list of groups.values()) {
    const first = list[0]!
    const category = first.category ?? defaultCategory(first.type)
    const weight = category === 'vpn-proxy' ? 7 : 6
    const src: Source = {id: `ioc:${name}:${++n}`, publisher: first.source, title: `Analyst list ${name}`, url: `file://${name}`, grade: 'K'}
    indicators.push({
      id: `IOC-${name.replace(/[^A-Za-z0-9]+/g, '_')}-${n}`,
      title: first.title ?? `${LINK_TYPE[first.type]} on the analyst list ${name} (${first.source})`,
      category, weight, severity: severityOf(weight),
      applies_to: ['*'],
      match: FIELD_CONDITIONS[first.type](list.map((i) => i.value)),
      false_positives: 'Depends on the list: check its provenance and date.',
      sources: [src], origin: file,
    })
  }
  return {indicators, errors}
}

export function loadIocFiles(files: string[]): {indicators: Indicator[]; errors: string[]} {
  const indicators: Indicator[] = []
  const errors: string[] = []
  for (const f of files) {
    const read = readTextFile(f)
    if ('error' in read) {
      errors.push(read.error)
      continue
    }
    const p = parseIocText(read.text, basename(f))
    const b = iocIndicators(p.iocs, f)
    indicators.push(...b.indicators)
    errors.push(...p.errors, ...b.errors)
  }
  return {indicators, errors}
}
