// JSON Schema errors of a rules file said in words: which entry (by its id), which field, what is
// wrong, instead of Ajv's `/indicators/0/match must be object`.
import type {ErrorObject} from 'ajv'

const COLLECTIONS: Record<string, string> = {indicators: 'indicator', sources: 'source', combinations: 'combination'}

/** `indicators/0/match/any/1` -> `indicator "X-1" (entry 1), field match.any[1]`. */
export function describePath(pointer: string, doc: unknown): {entry: string; field?: string} {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (parts.length === 0) return {entry: 'the file'}
  const [top, index, ...rest] = parts
  const noun = COLLECTIONS[top!]
  if (!noun) return {entry: top === 'pack' ? 'the pack header' : `"${top}"`, field: [index, ...rest].filter((x) => x !== undefined).join('.') || undefined}
  if (index === undefined) return {entry: `the ${top} list`}
  const item = (doc as Record<string, unknown[]>)?.[top!]?.[Number(index)] as {id?: unknown} | undefined
  const id = item && typeof item === 'object' && typeof item.id === 'string' ? ` "${item.id}"` : ''
  const field = rest.map((p, i) => (/^\d+$/.test(p) ? `[${Number(p) + 1}]` : i === 0 ? p : `.${p}`)).join('')
  return {entry: `${noun}${id} (entry ${Number(index) + 1})`, field: field || undefined}
}

function what(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required': return `the field "${String(p.missingProperty)}" is missing`
    case 'additionalProperties': return `"${String(p.additionalProperty)}" is not a known field`
    case 'enum': return `must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}`
    case 'type': return `must be ${String(p.type).replace(/,/g, ' or ').replace(/\bobject\b/, 'a mapping (key: value)').replace(/\barray\b/, 'a list').replace(/\bstring\b/, 'text')}`
    case 'minItems': return `needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`
    case 'minLength': return 'must not be empty'
    case 'pattern': return p.pattern === '^https?://' ? 'must be an http(s) URL' : `must match ${String(p.pattern)}`
    case 'minimum': case 'maximum': return `must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}`
    case 'oneOf': case 'anyOf': return 'is not a valid condition (a {field, op, value} test, or any/all/not of conditions)'
    default: return e.message ?? 'is invalid'
  }
}

/**
 * A oneOf failure comes with the errors of every branch tried. Keep the branch the author most
 * likely meant (fewest missing fields, then fewest errors); when every branch only misses fields,
 * say which fields would do (`needs "applies_to" and "match", or "derived"`).
 */
function pickBranches(errors: readonly ErrorObject[]): Array<ErrorObject | string> {
  let rest: Array<ErrorObject | string> = [...errors]
  for (const alt of errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')) {
    const prefix = `${alt.schemaPath}/`
    const groups = new Map<string, ErrorObject[]>()
    for (const e of errors) {
      if (!e.schemaPath.startsWith(prefix) || !(e.instancePath === alt.instancePath || e.instancePath.startsWith(`${alt.instancePath}/`))) continue
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!
      groups.set(branch, [...(groups.get(branch) ?? []), e])
    }
    if (groups.size === 0) continue
    const all = [...groups.values()].flat()
    const score = (g: ErrorObject[]) => g.filter((e) => e.keyword === 'required').length * 100 + g.length
    const ranked = [...groups.values()].sort((a, b) => score(a) - score(b))
    const best = ranked[0]!
    let keep: Array<ErrorObject | string> = best
    if (ranked.every((g) => g.every((e) => e.keyword === 'required'))) {
      const sets = ranked.map((g) => g.map((e) => `"${String((e.params as {missingProperty?: unknown}).missingProperty)}"`).join(' and '))
      keep = [`${alt.instancePath}\u0000needs ${sets.join(', or ')}`]
    }
    rest = rest.filter((e) => e !== alt && !all.includes(e as ErrorObject))
    rest.push(...keep)
  }
  return rest
}

/** One line per error: `label: indicator "X-1" (entry 1), field category: must be one of …`. */
export function schemaErrorsInWords(errors: readonly ErrorObject[], doc: unknown, label: string): string[] {
  const out = pickBranches(errors).map((e) => {
    const [pointer, text] = typeof e === 'string' ? e.split('\u0000') as [string, string] : [e.instancePath, what(e)]
    const {entry, field} = describePath(pointer, doc)
    return `${label}: ${entry}${field ? `, field ${field}` : ''}: ${text}`
  })
  return [...new Set(out)]
}
