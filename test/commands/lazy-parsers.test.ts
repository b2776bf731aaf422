// A scan imports a parser's implementation (and the format readers it uses) only when a file is
// claimed (issue #17: module loading dominated the start-up of a small scan). A module-load hook
// logs every URL the built CLI loads; the CLI runs from the bundle of dist/ (scripts/build-bundle.mjs),
// so a bundle file loaded stands for the dist modules its source map names.
import {copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, relative, resolve} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT, cliModulesLoaded} from '../support/cli.js'
import {FIXTURES, ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

/** The dist modules the registry's load() functions import (read from the registry itself). */
const IMPLEMENTATIONS = [...readFileSync(join(ROOT, 'src', 'artifacts', 'registry.ts'), 'utf8').matchAll(/import\('\.\/([^']+)'\)/g)]
  .map((m) => `artifacts/${m[1]}`)

/** The dist-relative modules a `scan <evidence>` loads. */
function modulesLoadedScanning(evidence: string): string[] {
  const d = tempDir('lazy-parsers-')
  const r = cliModulesLoaded(['scan', evidence, '--format', 'json', '--out', join(d, 'o.json'), '--force', '-q'], d, d)
  expect(r.code, r.stderr).not.toBe(-1)
  expect(JSON.parse(readFileSync(join(d, 'o.json'), 'utf8')).schema).toMatch(/^dprk-triage\/report@/)
  const files = r.files.filter((f) => f.startsWith('dist/')).map((f) => f.slice('dist/'.length))
  expect(files.filter((f) => f.startsWith('bundle/')).length).toBeGreaterThan(0)
  return [...new Set(files.flatMap(distModulesOf))].sort()
}

/** dist-relative modules a loaded file holds: itself, or for a bundle file the sources in its map (none without one: runtime helpers, re-exports). */
function distModulesOf(file: string): string[] {
  if (!file.startsWith('bundle/')) return [file]
  const map = join(ROOT, 'dist', file + '.map')
  if (!existsSync(map)) return []
  const dir = resolve(ROOT, 'dist', 'bundle')
  return (JSON.parse(readFileSync(map, 'utf8')) as {sources: string[]}).sources.map((s) => relative(join(ROOT, 'dist'), resolve(dir, s)))
}

describe.skipIf(!BUILT)('parsers are loaded when a file is claimed', () => {
  it('the registry names the implementation modules', () => {
    expect(IMPLEMENTATIONS).toContain('artifacts/anydesk/trace.js')
    expect(IMPLEMENTATIONS.length).toBeGreaterThan(20)
  })

  it('a scan of one unrelated text file loads no format reader and no parser implementation', () => {
    const ev = tempDir('lazy-parsers-ev-')
    writeFileSync(join(ev, 'hello.txt'), 'hello\n')
    const loaded = modulesLoadedScanning(ev)
    expect(loaded).toContain('artifacts/registry.js')
    expect(loaded.filter((m) => m.startsWith('formats/'))).toEqual([])
    expect(loaded.filter((m) => IMPLEMENTATIONS.includes(m))).toEqual([])
  })

  it('a scan of an AnyDesk trace loads the trace implementation, and not the others', () => {
    const ev = tempDir('lazy-parsers-ev-')
    mkdirSync(join(ev, 'AnyDesk'))
    copyFileSync(join(FIXTURES, 'rotated', 'ad.trace'), join(ev, 'AnyDesk', 'ad.trace'))
    const loaded = modulesLoadedScanning(ev)
    expect(loaded).toContain('artifacts/anydesk/trace.js')
    expect(loaded.filter((m) => IMPLEMENTATIONS.includes(m))).toEqual(['artifacts/anydesk/trace.js'])
    expect(loaded.filter((m) => m.startsWith('formats/'))).toEqual([])
  })
})
