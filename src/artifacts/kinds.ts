// Artifact kinds by name for `--kinds` / `--exclude-kinds`: exact kinds (`anydesk.trace`) or a
// whole family (`browser` or `browser.*`).
import {nearest} from '../lib/suggest.js'
import {ARCHIVE_KIND} from './archive/zip-listing.js'
import {PARSERS} from './registry.js'

/** Every kind a scan can produce artifacts of, in registry order (ZIP listings last). */
export function allKinds(): string[] {
  return [...PARSERS.map((p) => p.kind), ARCHIVE_KIND]
}

/** The kinds one pattern names; throws a message with the nearest kind when it names none. */
export function kindsMatching(pattern: string, kinds = allKinds()): string[] {
  const p = pattern.trim().toLowerCase()
  const family = p.endsWith('.*') ? p.slice(0, -2) : p
  const hit = kinds.filter((k) => k === p || k.startsWith(`${family}.`))
  if (hit.length > 0) return hit
  const families = [...new Set(kinds.map((k) => k.split('.')[0]!))]
  const best = nearest(p, [...kinds, ...families])
  throw new Error(`no artifact kind "${pattern}"${best ? `; did you mean ${best}?` : ''} (dprk-triage artifacts lists them)`)
}

/**
 * The kinds a scan reads: those named by `include` (default all), minus those named by
 * `exclude`. Returns undefined when every kind is read. Values may be comma-separated.
 */
export function selectKinds(include: string[] | undefined, exclude: string[] | undefined): string[] | undefined {
  const split = (v: string[] | undefined) => (v ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)
  const inc = split(include)
  const exc = split(exclude)
  if (inc.length === 0 && exc.length === 0) return undefined
  const kinds = allKinds()
  const chosen = new Set(inc.length > 0 ? inc.flatMap((p) => kindsMatching(p, kinds)) : kinds)
  for (const p of exc) for (const k of kindsMatching(p, kinds)) chosen.delete(k)
  if (chosen.size === 0) throw new Error('no artifact kind left to read')
  return kinds.filter((k) => chosen.has(k))
}
