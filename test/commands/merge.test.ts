// render and merge from the CLI, and the map step on GNU parallel (scripts/parallel-scan.sh)
// run here with --sshlogin : over generated batch cases: its merge equals scan --batch.
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {BUILT, cli} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {suiteTempDir} from '../support/tmp.js'
// @ts-expect-error plain ESM script without types
import {generateBatchCases} from '../../scripts/gen-batch-cases.mjs'

const ENV = {SOURCE_DATE_EPOCH: '1700000000'}
/** A report's text without its command line (the only line that differs between the two runs). */
const withoutCommand = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => !/^ {2}"command": /.test(l)).join('\n')

const HAS_PARALLEL = spawnSync('parallel', ['--version'], {encoding: 'utf8'}).status === 0
if (!HAS_PARALLEL) process.stderr.write('NOTE: GNU parallel is not installed; the parallel-scan.sh test is skipped (apt-get install parallel)\n')

describe.skipIf(!BUILT)('render and merge commands', () => {
  const dir = suiteTempDir('dprk-merge-cli-')
  const share = join(dir, 'share')
  beforeAll(() => {
    generateBatchCases(share, 4)
    cpSync(join(ROOT, 'artifacts-samples', 'laptop-farm-velociraptor.zip'), join(share, 'laptop-farm-velociraptor.zip'))
  })

  it('render writes the format scan writes, and refuses a report of another version with exit 2', () => {
    const json = join(dir, 'one.json')
    expect(cli(['scan', join(share, 'case-001'), '--format', 'json', '--out', json, '-q'], ENV).code).toBe(0)
    expect(cli(['scan', join(share, 'case-001'), '--format', 'md', '--out', join(dir, 'scan.md'), '-q'], ENV).code).toBe(0)
    const r = cli(['render', json, '--out', join(dir, 'render.md')], ENV)
    expect(r.code).toBe(0)
    const md = (f: string) => readFileSync(f, 'utf8').replace(/^Command line: .*$/m, '')
    expect(md(join(dir, 'render.md'))).toBe(md(join(dir, 'scan.md')))
    const old = JSON.parse(readFileSync(json, 'utf8'))
    old.generator.version = '0.0.1'
    writeFileSync(join(dir, 'old.json'), JSON.stringify(old))
    const bad = cli(['render', join(dir, 'old.json'), '--format', 'html'], ENV)
    expect(bad.code).toBe(2)
    // oclif wraps the message at the terminal width: join it up again
    expect(bad.stderr.replace(/\s*\n\s*›\s*/g, ' ')).toMatch(/written by dprk-triage "0\.0\.1", this is .* scan the evidence again/)
    const merge = cli(['merge', join(dir, 'old.json'), json], ENV)
    expect(merge.code).toBe(2)
  }, 180_000)

  it.skipIf(!HAS_PARALLEL)('scripts/parallel-scan.sh --sshlogin : then merge equals scan --batch', () => {
    const combined = join(dir, 'combined.json')
    const r = spawnSync(join(ROOT, 'scripts', 'parallel-scan.sh'), [share, join(dir, 'reports'), combined, '--sshlogin', ':', '-j', '2'], {
      encoding: 'utf8', env: {...process.env, ...ENV, DPRK_TRIAGE: `${process.execPath} ${join(ROOT, 'bin', 'run.js')}`},
    })
    expect(r.stderr).toMatch(/merged 5 cases from 5 reports/)
    expect(r.status).toBe(0)
    expect(existsSync(join(dir, 'reports', 'case-004.json'))).toBe(true)
    const batch = cli(['scan', '--batch', share, '--out', join(dir, 'batch'), '--format', 'json', '-q'], ENV)
    expect(batch.code).toBe(0)
    const want = withoutCommand(join(dir, 'batch', 'all-cases.json'))
    expect(JSON.parse(want).links.length).toBeGreaterThan(0)
    expect(withoutCommand(combined)).toBe(want)
  }, 300_000)
})
