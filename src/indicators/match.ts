// Compiles indicator conditions once and tests events against them. Strings are case-folded;
// defanged URLs and domains (hxxp, [.]) are accepted; evidence values are length-capped before
// a regex sees them, so a hostile 100 MB field cannot stall a scan.
import {BlockList, isIP} from 'node:net'

import type {TimelineEvent} from '../lib/model.js'
import {parseCidr} from './load.js'
import type {Condition, Indicator} from './types.js'

const MAX_TEST_LENGTH = 8192

export interface Hit {
  field: string
  value: string
}

type Test = (e: TimelineEvent) => Hit | null

/** `hxxps://drive[.]google[.]com` -> `https://drive.google.com`. */
export function refang(s: string): string {
  // fast path: most values carry no defanging at all
  if (!/hxxp|\[|\(\.|\{\./i.test(s)) return s
  return s
    .replace(/^hxxp/i, 'http')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]/gi, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[\/\/\]/g, '//')
}

let lastHostIn = ''
let lastHostOut = ''

/** Lower-case host of a URL or bare host name ('' when none); the last answer is cached, as
 * every domain condition of every indicator asks about the same URL in a row. */
export function hostOf(v: string): string {
  if (v === lastHostIn) return lastHostOut
  lastHostOut = hostOfUncached(v)
  lastHostIn = v
  return lastHostOut
}

function hostOfUncached(v: string): string {
  const s = refang(v.trim())
  let host = s
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(s)
  if (scheme) host = s.slice(scheme[0].length)
  host = host.split(/[/?#]/)[0] ?? ''
  host = host.replace(/^[^@]*@/, '')
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']')).toLowerCase()
  return host.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase()
}

export function fieldValue(e: TimelineEvent, field: string): string | number | boolean | undefined {
  if (field in e.fields) return e.fields[field]
  if (field === 'type') return e.type
  if (field === 'message') return e.message
  if (field === 'artifact') return e.artifact
  return undefined
}

function compileCondition(c: Condition): Test {
  if ('any' in c) {
    const tests = c.any.map(compileCondition)
    return (e) => {
      for (const t of tests) {
        const h = t(e)
        if (h) return h
      }
      return null
    }
  }
  if ('all' in c) {
    const tests = c.all.map(compileCondition)
    return (e) => {
      let first: Hit | null = null
      for (const t of tests) {
        const h = t(e)
        if (!h) return null
        first ??= h
      }
      return first
    }
  }
  if ('not' in c) {
    const t = compileCondition(c.not)
    return (e) => (t(e) ? null : {field: '(not)', value: ''})
  }
  const {field, op} = c
  const raw = c.values ?? (c.value !== undefined ? [c.value] : [])
  const values = raw.map((v) => (typeof v === 'string' ? v.toLowerCase() : v))
  const hit = (v: string | number | boolean): Hit => ({field, value: String(v)})

  switch (op) {
    case 'exists':
      return (e) => {
        const v = fieldValue(e, field)
        return v === undefined || v === '' ? null : hit(v)
      }
    case 'gte':
    case 'lte': {
      const n = Number(values[0])
      return (e) => {
        const v = fieldValue(e, field)
        if (typeof v !== 'number') return null
        return (op === 'gte' ? v >= n : v <= n) ? hit(v) : null
      }
    }
    case 'cidr': {
      const list = new BlockList()
      for (const v of values) {
        const c2 = parseCidr(String(v))
        if (c2) list.addSubnet(c2.net, c2.prefix, c2.family)
      }
      return (e) => {
        const v = fieldValue(e, field)
        if (typeof v !== 'string') return null
        const ip = v.replace(/^\[|\]$/g, '')
        const fam = isIP(ip)
        if (!fam) return null
        return list.check(ip, fam === 4 ? 'ipv4' : 'ipv6') ? hit(v) : null
      }
    }
    case 'domain': {
      const domains = values.map((d) => hostOf(String(d)))
      return (e) => {
        const v = fieldValue(e, field)
        if (typeof v !== 'string' || v === '') return null
        const host = hostOf(v.slice(0, MAX_TEST_LENGTH))
        return domains.some((d) => host === d || host.endsWith('.' + d)) ? hit(v) : null
      }
    }
    case 'regex': {
      const res = values.map((v) => new RegExp(String(v), 'i'))
      return (e) => {
        const v = fieldValue(e, field)
        if (v === undefined) return null
        const s = String(v).slice(0, MAX_TEST_LENGTH)
        return res.some((r) => r.test(s)) ? hit(v) : null
      }
    }
    default: {
      const strings = values.map((v) => String(v))
      const cmp: Record<string, (a: string, b: string) => boolean> = {
        equals: (a, b) => a === b,
        contains: (a, b) => a.includes(b),
        starts_with: (a, b) => a.startsWith(b),
        ends_with: (a, b) => a.endsWith(b),
      }
      const f = cmp[op]!
      return (e) => {
        const v = fieldValue(e, field)
        if (v === undefined) return null
        const s = (typeof v === 'string' ? refang(v) : String(v)).slice(0, MAX_TEST_LENGTH).toLowerCase()
        return strings.some((b) => f(s, b)) ? hit(v) : null
      }
    }
  }
}

function typeMatcher(patterns: string[]): (type: string) => boolean {
  const res = patterns.map((p) => new RegExp('^' + p.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$'))
  return (type) => res.some((r) => r.test(type))
}

export interface CompiledIndicator {
  indicator: Indicator
  /** The event values the test reads (fields, or `type`/`message`/`artifact`): same values, same answer. */
  reads: string[]
  test(e: TimelineEvent): Hit | null
}

function fieldsRead(c: Condition, out = new Set<string>()): Set<string> {
  if ('any' in c) for (const x of c.any) fieldsRead(x, out)
  else if ('all' in c) for (const x of c.all) fieldsRead(x, out)
  else if ('not' in c) fieldsRead(c.not, out)
  else out.add(c.field)
  return out
}

export function compileIndicators(indicators: Indicator[]): CompiledIndicator[] {
  return indicators
    .filter((i) => i.match && !i.derived)
    .map((indicator) => {
      const applies = typeMatcher(indicator.applies_to ?? ['*'])
      const t = compileCondition(indicator.match!)
      return {indicator, reads: [...fieldsRead(indicator.match!)].sort(), test: (e: TimelineEvent) => (applies(e.type) ? t(e) : null)}
    })
}
