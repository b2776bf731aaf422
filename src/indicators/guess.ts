// `indicators validate FILE` without --as: what kind of analyst file this is, from its content
// (never its name), with the reason shown to the user so a wrong guess is easy to spot.
import {parseYaml} from './load.js'

export type AnalystFileKind = 'rules' | 'ioc' | 'allow'

// types only an allow list has, and types only an IOC list has (ip, email, domain are both)
const ALLOW_ONLY = new Set(['tool', 'remote_id', 'program'])
const IOC_ONLY = new Set(['url', 'link', 'anydesk-id', 'anydesk', 'teamviewer-id', 'teamviewer', 'remote-id', 'filename', 'file-name',
  'file:name', 'ipv4', 'ipv6', 'ip-src', 'ip-dst', 'ipv4-addr', 'ipv6-addr', 'hostname', 'domain-name', 'fqdn', 'email-src',
  'email-dst', 'email-addr', 'email-address'])

export function guessAnalystFile(text: string): {kind: AnalystFileKind; why: string} | {error: string} {
  const t = text.replace(/^\uFEFF/, '').trim()
  if (!t) return {error: 'the file is empty'}
  let doc: unknown
  try {
    doc = parseYaml(t)
  } catch {
    doc = undefined
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const o = doc as Record<string, unknown>
    if ('indicators' in o || 'pack' in o || 'combinations' in o) return {kind: 'rules', why: 'a mapping with "indicators"'}
    if (o.type === 'bundle') return {kind: 'ioc', why: 'a STIX 2.1 bundle'}
    if ('Event' in o || 'Attribute' in o) return {kind: 'ioc', why: 'a MISP event'}
    if (Array.isArray(o.allow)) return {kind: 'allow', why: 'a mapping with "allow"'}
  }
  if (Array.isArray(doc) && doc.length > 0 && doc.every((x) => x !== null && typeof x === 'object')) {
    const items = doc as Array<Record<string, unknown>>
    if (items.some((i) => 'match' in i || 'applies_to' in i)) return {kind: 'rules', why: 'a list of indicator definitions (the pack needs an "indicators:" key)'}
    return {kind: 'allow', why: 'a YAML/JSON list of {type, value, reason} entries'}
  }
  const lines = t.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
  const header = lines[0]!.toLowerCase().split(',').map((c) => c.trim())
  if (header[0] === 'type' && header[1] === 'value') {
    if (header[2] === 'reason') return {kind: 'allow', why: 'the CSV header type,value,reason'}
    return {kind: 'ioc', why: `the CSV header ${header.join(',')}`}
  }
  const firsts = lines.filter((l) => l.includes(',')).map((l) => l.split(',')[0]!.trim().toLowerCase())
  if (firsts.some((f) => ALLOW_ONLY.has(f.replace(/-/g, '_')))) return {kind: 'allow', why: 'CSV lines with allow-list types (tool, remote_id, program)'}
  if (firsts.some((f) => IOC_ONLY.has(f))) return {kind: 'ioc', why: 'CSV lines with IOC types'}
  if (firsts.length > 0) return {kind: 'ioc', why: 'CSV lines type,value,… (ip/email/domain fit both lists: give --as allow for an allow list)'}
  return {kind: 'ioc', why: 'a plain list of values'}
}
