// Seeded mutation fuzzing of every artifact kind (GitHub issue "hostile-input fuzz suite"), used by
// mutation-text.test.ts and mutation-sqlite.test.ts: each
// seed file (seeds.ts) is scanned as is, then as truncated, bit-flipped, spliced, duplicated,
// NUL-filled, randomised, CRLF/LF-swapped and BOM-less UTF-16LE variants, through scanCase and,
// for every fourth variant, the full runScan -> processCase path. Invariants per case
// (support/fuzz.ts checkedScan): answer within 10 s, no exception escapes, contract statuses,
// evidence byte-identical with nothing added, no temp copies left behind.
// Reproduce a failure: the message names the seed, the variant index and its mutators; the
// variant's PRNG is mulberry32(SUITE_SEED ^ hash32(seed.name) ^ index) applied in that order.
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {PARSERS} from '../../src/artifacts/registry.js'
import {HAS_CORPUS} from '../support/corpus.js'
import {checkedScan, FuzzHost, hash32, MUTATORS, mulberry32, type Mutator} from '../support/fuzz.js'
import {loadSeeds, type Seed} from './seeds.js'

const SUITE_SEED = 0x5eed_d9c7
/** Variants per seed: one per mutator, then stacked random mutations. */
const STACKED = 3
const CASE_BOUND_MS = 10_000
const FAILURES = join(tmpdir(), 'dprk-fuzz-failures')

interface Variant {
  index: number
  recipe: string
  data: Buffer
}

function variants(seed: Seed): Variant[] {
  const out: Variant[] = []
  const plans: Mutator[][] = MUTATORS.map((m) => [m])
  for (let i = 0; i < STACKED; i++) {
    const r = mulberry32(SUITE_SEED ^ hash32(`${seed.name}#stack`) ^ i)
    plans.push(Array.from({length: 2 + Math.floor(r() * 3)}, () => MUTATORS[Math.floor(r() * MUTATORS.length)]!))
  }
  plans.forEach((plan, index) => {
    const r = mulberry32(SUITE_SEED ^ hash32(seed.name) ^ index)
    let data = seed.data
    for (const m of plan) data = m.apply(data, r)
    out.push({index, recipe: plan.map((m) => m.name).join('+'), data})
  })
  return out
}

interface KindStats {
  seeds: number
  variants: number
  unrecognised: number
  statuses: Map<string, number>
}

/** SQLite seeds (browser DBs) go to one file, text/XML/ZIP seeds to another: two forks in parallel. */
export const isSqliteSeed = (s: Seed): boolean => s.data.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1'))

/** Raw event logs (`ElfFile\0`) have their own file (mutation-evtx.test.ts). */
export const isEvtxSeed = (s: Seed): boolean => s.data.subarray(0, 8).equals(Buffer.from('ElfFile\0', 'latin1'))

/**
 * Defines the mutation tests for the seeds `pick` selects. `checkCoverage`: also assert that every
 * registered parser recognises at least one seed (all seeds' originals are scanned for it).
 */
export function mutationSuite(title: string, pick: (s: Seed) => boolean, checkCoverage: boolean): void {
  const stats = new Map<string, KindStats>()
  const all = loadSeeds()
  const seeds = all.filter(pick)
  let host: FuzzHost

  describe(`fuzz: seeded mutations, ${title} (mulberry32 seed 0x${SUITE_SEED.toString(16)})`, () => {
    beforeAll(() => {
      host = new FuzzHost()
    })
    afterAll(async () => {
      await host.close()
      for (const [kind, s] of [...stats].sort(([a], [b]) => a.localeCompare(b))) {
        const st = [...s.statuses].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ')
        console.log(`fuzz ${kind}: ${s.seeds} seed(s), ${s.variants} variants, statuses {${st}}, not recognised ${s.unrecognised}`)
      }
    })

    it('has seeds (corpus present)', () => {
      if (!HAS_CORPUS) console.log('NOTE: shared corpus missing: only samples, fixtures and written seeds are fuzzed')
      expect(all.length).toBeGreaterThanOrEqual(HAS_CORPUS ? 60 : 25)
      expect(seeds.length).toBeGreaterThan(0)
    })

    for (const seed of seeds) {
      it(`${seed.name} (${seed.rel})`, async () => {
        const problems: string[] = []
        // the unmutated seed must be recognised, or its variants would exercise nothing
        const dir0 = host.evidence({[seed.rel]: seed.data})
        const base = await checkedScan(host, dir0, {timeoutMs: CASE_BOUND_MS})
        rmSync(dir0, {recursive: true, force: true})
        expect(base.problems).toEqual([])
        const own = base.outcome.reply!.artifacts.filter((a) => a.kind !== 'archive.zip')
        expect(own.length, `${seed.name} is not recognised at ${seed.rel}`).toBeGreaterThan(0)
        const kind = seed.rel.endsWith('.zip') ? 'archive.zip (+members)' : own[0]!.kind
        const s = stats.get(kind) ?? {seeds: 0, variants: 0, unrecognised: 0, statuses: new Map<string, number>()}
        stats.set(kind, s)
        s.seeds++

        for (const v of variants(seed)) {
          const dir = host.evidence({[seed.rel]: v.data})
          const op = v.index % 4 === 3 ? 'process' : v.index % 4 === 1 ? 'lines' : 'scan'
          const res = await checkedScan(host, dir, {op, timeoutMs: CASE_BOUND_MS})
          s.variants++
          const arts = res.outcome.reply?.artifacts ?? []
          if (arts.length === 0) s.unrecognised++
          for (const a of arts) s.statuses.set(a.status, (s.statuses.get(a.status) ?? 0) + 1)
          if (res.problems.length > 0) {
            // keep the failing input for the maintainer (outside the project and the evidence)
            const keep = join(FAILURES, `${hash32(seed.name).toString(16)}-v${v.index}`, seed.rel)
            mkdirSync(dirname(keep), {recursive: true})
            writeFileSync(keep, v.data)
            problems.push(`variant ${v.index} [${v.recipe}] via ${op} (input kept at ${keep}): ${res.problems.join(' / ')}`)
          }
          rmSync(dir, {recursive: true, force: true})
        }
        expect(problems).toEqual([])
      })
    }

    // seven kinds have only corpus seeds (TeamViewer, Splashtop, Safari, Firefox): without the
    // shared corpus the check cannot hold, and the corpus tests are skipped the same way
    if (checkCoverage) it.skipIf(!HAS_CORPUS)('every registered parser recognises at least one seed', async () => {
      const kinds = new Set<string>()
      for (const seed of all) {
        const dir = host.evidence({[seed.rel]: seed.data})
        const r = await checkedScan(host, dir, {timeoutMs: CASE_BOUND_MS})
        rmSync(dir, {recursive: true, force: true})
        for (const a of r.outcome.reply?.artifacts ?? []) kinds.add(a.kind)
      }
      expect(PARSERS.map((p) => p.kind).filter((k) => !kinds.has(k))).toEqual([])
    })
  })
}
