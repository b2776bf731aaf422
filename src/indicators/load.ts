// Loads indicator packs (YAML or JSON), validates them against pack.schema.json, resolves
// source references and checks every regex and CIDR before a scan starts.
//
// Start-up (#17): the default pack is src/indicators/pack/default.yaml, parsed and checked against
// the schema at build time (scripts/build-pack.mjs) into dist/indicators/pack/default.json, which
// a run reads with JSON.parse. YAML and AJV (about 0.4 s of CPU together) are loaded and the
// schema compiled only when a run parses pack text itself: --rules, indicators validate, or the
// sources run without a build (tests importing src/).
import {existsSync, readFileSync} from 'node:fs'
import {BlockList, isIP} from 'node:net'

import type {ErrorObject, ValidateFunction} from 'ajv'

import {lazyRequire} from '../core/lazy-require.js'
import {CATEGORIES} from '../lib/model.js'
import {readTextFile} from './files.js'
import {schemaErrorsInWords} from './schema-words.js'
import {severityOf, type Combination, type Condition, type Indicator, type IndicatorPack, type Scoring, type Source} from './types.js'

// through ../indicators/ so the paths hold from src/indicators/, dist/indicators/ and the CLI's bundle
// (dist/bundle/, scripts/build-bundle.mjs), which inlines this module
const DEFAULT_PACK_URL = new URL('../indicators/pack/default.yaml', import.meta.url)
/** Written by scripts/build-pack.mjs from DEFAULT_PACK_URL after schema validation (dist/ only). */
export const BUILT_PACK_URL = new URL('../indicators/pack/default.json', import.meta.url)
const SCHEMA_URL = new URL('../indicators/pack.schema.json', import.meta.url)
const ajvLib = lazyRequire<typeof import('ajv')>('ajv')
const yamlLib = lazyRequire<typeof import('yaml')>('yaml')

let validator: ValidateFunction | undefined
/** Schema errors of a parsed pack, none when it is valid (AJV is loaded and compiled on first use). */
function packSchemaErrors(doc: unknown): ErrorObject[] | undefined {
  if (!validator) {
    const {Ajv} = ajvLib()
    validator = new Ajv({allErrors: true, strict: false}).compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object)
  }
  return validator(doc) ? undefined : (validator.errors ?? [])
}

/** YAML parsing with the limits every analyst file gets (yaml is loaded on first use). */
export function parseYaml(text: string): unknown {
  return yamlLib().parse(text, {maxAliasCount: 100})
}

export class PackError extends Error {}

interface RawPack {
  pack?: {id: string; version: string; title?: string}
  sources?: Source[]
  scoring?: Partial<Scoring>
  combinations?: Array<Omit<Combination, 'sources'> & {sources?: string[]}>
  indicators: Array<Omit<Indicator, 'sources' | 'severity' | 'origin'> & {severity?: Indicator['severity']; sources: Array<string | Source>}>
}

const DEFAULT_SCORING: Scoring = {
  category_cap: 8, diminishing: 0.5, score_scale: 40,
  medium: {min_points: 6, min_categories: 2}, high: {min_points: 15, min_categories: 3},
  modifier_only_categories: ['locale'],
}

/** Parses pack text (YAML is a superset of JSON) and returns schema errors, if any. */
export function parsePackText(text: string, label: string): {raw?: RawPack; errors: string[]} {
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (error) {
    return {errors: [`${label}: not valid YAML/JSON (${(error as Error).message.split('\n')[0]})`]}
  }
  const schemaErrors = packSchemaErrors(doc)
  if (schemaErrors) return {errors: schemaErrorsInWords(schemaErrors, doc, label).slice(0, 20)}
  return {raw: doc as RawPack, errors: []}
}

/** The default pack: the build's schema-checked JSON when there is one, else its YAML source. */
function defaultPack(): {raw?: RawPack; errors: string[]} {
  if (existsSync(BUILT_PACK_URL)) return {raw: JSON.parse(readFileSync(BUILT_PACK_URL, 'utf8')) as RawPack, errors: []}
  return parsePackText(readFileSync(DEFAULT_PACK_URL, 'utf8'), 'default pack')
}

/** Regexes and CIDRs in conditions must compile; reported with the indicator id. */
function checkCondition(c: Condition, where: string, errors: string[]): void {
  if ('any' in c) return c.any.forEach((x) => checkCondition(x, where, errors))
  if ('all' in c) return c.all.forEach((x) => checkCondition(x, where, errors))
  if ('not' in c) return checkCondition(c.not, where, errors)
  const values = c.values ?? (c.value !== undefined ? [c.value] : [])
  if (c.op !== 'exists' && values.length === 0) errors.push(`${where}: condition on "${c.field}" (${c.op}) has no value`)
  if (c.op === 'regex') {
    for (const v of values) {
      try {
        new RegExp(String(v), 'iu')
      } catch (error) {
        errors.push(`${where}: bad regex ${JSON.stringify(v)} (${(error as Error).message})`)
      }
    }
  }
  if (c.op === 'cidr') {
    for (const v of values) if (!parseCidr(String(v))) errors.push(`${where}: bad CIDR or IP ${JSON.stringify(v)}`)
  }
  if ((c.op === 'gte' || c.op === 'lte') && values.some((v) => typeof v !== 'number')) errors.push(`${where}: ${c.op} needs a number`)
}

export function parseCidr(s: string): {net: string; prefix: number; family: 'ipv4' | 'ipv6'} | undefined {
  const [net, p] = s.trim().split('/')
  const v = isIP(net ?? '')
  if (!v) return undefined
  const family = v === 4 ? 'ipv4' : 'ipv6'
  const prefix = p === undefined ? (v === 4 ? 32 : 128) : Number(p)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (v === 4 ? 32 : 128)) return undefined
  try {
    new BlockList().addSubnet(net!, prefix, family)
  } catch {
    return undefined
  }
  return {net: net!, prefix, family}
}

function resolveSources(refs: Array<string | Source>, registry: Map<string, Source>, where: string, errors: string[]): Source[] {
  return refs.flatMap((r) => {
    if (typeof r !== 'string') return [r]
    const s = registry.get(r)
    if (!s) {
      errors.push(`${where}: unknown source "${r}"`)
      return []
    }
    return [s]
  })
}

/** Builds indicators from a validated raw pack; `registry` gains the pack's sources. */
export function buildIndicators(raw: RawPack, origin: string, registry: Map<string, Source>): {indicators: Indicator[]; combinations: Combination[]; errors: string[]} {
  const errors: string[] = []
  for (const s of raw.sources ?? []) registry.set(s.id, s)
  const indicators = raw.indicators.map((r) => {
    const where = `${origin}: ${r.id}`
    if (r.match) checkCondition(r.match, where, errors)
    if (!(CATEGORIES as readonly string[]).includes(r.category)) errors.push(`${where}: unknown category ${r.category}`)
    const ind: Indicator = {...r, severity: r.severity ?? severityOf(r.weight), sources: resolveSources(r.sources, registry, where, errors), origin}
    return ind
  })
  const combinations = (raw.combinations ?? []).map((c) => ({...c, sources: resolveSources(c.sources ?? [], registry, `${origin}: ${c.id}`, errors)}))
  return {indicators, combinations, errors}
}

export interface LoadOptions {
  /** Extra packs in the same format (--rules). */
  rules?: string[]
}

/** The default pack plus --rules files. Throws PackError listing every problem. */
export function loadPack(opts: LoadOptions = {}): IndicatorPack {
  const registry = new Map<string, Source>()
  const base = defaultPack()
  if (!base.raw) throw new PackError(base.errors.join('\n'))
  const built = buildIndicators(base.raw, 'default pack', registry)
  const errors = [...built.errors]
  const indicators = [...built.indicators]
  const combinations = [...built.combinations]
  const loaded = [`${base.raw.pack?.id ?? 'default'} ${base.raw.pack?.version ?? ''} (${built.indicators.length} indicators)`]
  for (const file of opts.rules ?? []) {
    const read = readTextFile(file)
    if ('error' in read) {
      errors.push(read.error)
      continue
    }
    const p = parsePackText(read.text, file)
    if (!p.raw) {
      errors.push(...p.errors)
      continue
    }
    const b = buildIndicators(p.raw, file, registry)
    errors.push(...b.errors)
    for (const ind of b.indicators) {
      const i = indicators.findIndex((x) => x.id === ind.id)
      // a user rule with an existing id replaces it (tuning a weight, narrowing a match)
      if (i >= 0) indicators[i] = ind
      else indicators.push(ind)
    }
    combinations.push(...b.combinations)
    loaded.push(`${file} (${b.indicators.length} indicators)`)
  }
  const ids = new Set(indicators.map((i) => i.id))
  for (const c of combinations) for (const g of c.all_of) for (const id of g) if (!ids.has(id) && !id.startsWith('ioc:')) errors.push(`combination ${c.id}: unknown indicator ${id}`)
  if (errors.length > 0) throw new PackError(errors.join('\n'))
  return {
    id: base.raw.pack?.id ?? 'default',
    version: base.raw.pack?.version ?? '0',
    title: base.raw.pack?.title ?? '',
    indicators,
    combinations,
    scoring: {...DEFAULT_SCORING, ...base.raw.scoring} as Scoring,
    loaded,
  }
}
