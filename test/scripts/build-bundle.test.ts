// The CLI runs from rolldown's bundle of dist/ (scripts/build-bundle.mjs, #17 start-up): a run loads
// a few bundle files instead of ~180 of tsc's modules, and the bundle is the same on every build.
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT, cliModulesLoaded} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

const BUNDLE = join(ROOT, 'dist', 'bundle')

/** The files of our own (under ROOT, outside node_modules) that a CLI run loads as ES modules. */
function modulesLoaded(args: string[]): {code: number; files: string[]} {
  return cliModulesLoaded(args, tempDir('bundle-hook-'))
}

function digests(dir: string): Record<string, string> {
  const files = readdirSync(dir, {recursive: true, withFileTypes: true}).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort()
  return Object.fromEntries(files.map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]))
}

describe.skipIf(!BUILT)('the CLI bundle', () => {
  it('a one-file scan loads bin/run.js and bundle files only, a few dozen of them', () => {
    const evidence = tempDir('bundle-case-')
    writeFileSync(join(evidence, 'note.txt'), 'hello\n')
    const out = join(tempDir('bundle-out-'), 'r.json')
    const {code, files} = modulesLoaded(['scan', evidence, '--format', 'json', '--out', out, '-q'])
    expect(code).toBe(3) // nothing recognised: the scan ran to its end
    expect(files[0]).toBe('bin/run.js')
    const rest = files.slice(1)
    expect(rest.length).toBeGreaterThan(0)
    expect(rest.filter((f) => !f.startsWith('dist/bundle/'))).toEqual([])
    // tsc's modules: 183 for this run; the bundle: 4 (entry, cli and core chunks, rolldown's runtime)
    expect(rest.length).toBeLessThan(10)
    expect(rest).toContain('dist/bundle/scan.js')
    expect(rest).not.toContain('dist/bundle/merge.js')
  })

  it('has an entry for every command, the worker and the hook, and the manifest points at it', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {oclif: {commands: {target: string; globPatterns: string[]}; hooks: Record<string, string>}}
    expect(pkg.oclif.commands.target).toBe('./dist/bundle')
    const files = new Set(readdirSync(BUNDLE, {recursive: true}).map(String))
    for (const f of [...pkg.oclif.commands.globPatterns, 'case-worker.js', 'command-not-found.js']) expect(files, f).toContain(f)
    expect(pkg.oclif.hooks.command_not_found).toBe('./dist/bundle/command-not-found.js')
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, {relativePath: string[]}>}
    expect(Object.keys(manifest.commands).sort()).toEqual(['artifacts', 'indicators:list', 'indicators:validate', 'merge', 'render', 'scan'])
    for (const c of Object.values(manifest.commands)) expect(c.relativePath.slice(0, 2)).toEqual(['dist', 'bundle'])
  })

  it('the case worker loads no command code and not @oclif/core', () => {
    // the static import closure of the worker's entry, read from the bundle's import lines
    const seen = new Set<string>()
    const packages = new Set<string>()
    const walk = (f: string) => {
      if (seen.has(f)) return
      seen.add(f)
      for (const m of readFileSync(join(BUNDLE, f), 'utf8').matchAll(/^(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm)) {
        const spec = m[1] ?? m[2]!
        if (spec.startsWith('./')) walk(spec.slice(2))
        else packages.add(spec)
      }
    }
    walk('case-worker.js')
    expect(seen.size).toBeGreaterThan(1)
    expect([...packages]).not.toContain('@oclif/core')
    const sources = [...seen].flatMap((f) => existsSync(join(BUNDLE, f + '.map')) ? (JSON.parse(readFileSync(join(BUNDLE, f + '.map'), 'utf8')) as {sources: string[]}).sources : [])
    expect(sources.some((s) => s.endsWith('lib/process-case.js'))).toBe(true)
    expect(sources.filter((s) => /[\\/]commands[\\/]/.test(s))).toEqual([])
  })

  it('is the same on every build: two builds from the same dist/ give the same files, those of npm run build', () => {
    const a = tempDir('bundle-a-')
    const b = tempDir('bundle-b-')
    for (const dir of [a, b]) {
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-bundle.mjs'), '--out', dir], {encoding: 'utf8'})
      expect(r.status, r.stderr).toBe(0)
    }
    const da = digests(a)
    expect(Object.keys(da).length).toBeGreaterThan(10)
    expect(digests(b)).toEqual(da)
    // source maps name the sources relative to where they are written
    const code = (d: Record<string, string>) => Object.fromEntries(Object.entries(d).filter(([f]) => !f.endsWith('.map')))
    expect(code(digests(BUNDLE))).toEqual(code(da))
  }, 60_000)
})
