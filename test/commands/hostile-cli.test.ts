// Issue #18 points 5, 7, 8 end to end through the built CLI: evidence only from arguments, --out
// never inside the evidence through a symlink, and no evidence escape reaches the terminal.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {Chalk} from 'chalk'
import {afterAll, describe, expect, it} from 'vitest'

import {renderSummary} from '../../src/report/terminal.js'
import {BUILT} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'

const root = mkdtempSync(join(tmpdir(), 'hostile-cli-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

const TRACE = '   info 2022-08-23 10:20:17.125       gsvc   4628   3528   23                anynet.any_socket - Logged in from 203.0.113.9:41314 on relay ad3345a7.\n'

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {cwd: ROOT, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, input})
  return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr}
}

function caseDir(parent: string, name: string): string {
  const d = join(parent, name, 'Users', 'u', 'AppData', 'Roaming', 'AnyDesk')
  mkdirSync(d, {recursive: true})
  writeFileSync(join(d, 'ad.trace'), TRACE)
  return join(parent, name)
}

describe('terminal output of evidence strings (#18.7)', () => {
  const evil = 'case\x1b]0;pwned\x07\x1b[2J\x9b31m'
  it('renderSummary shows a case name with OSC/CSI escapes as visible text', () => {
    const report = {cases: [{id: evil, evidence: evil, artifacts: [], events: [], findings: [], warnings: [`${evil} warned`], assessment: {score: 0, level: 'none', categories: [], reasons: ['x']}}]}
    const out = renderSummary(report as never, new Chalk({level: 0}))
    expect(out).not.toMatch(/[\x1b\x07\x9b]/)
    expect(out).toContain('\\x1b]0;pwned\\x07')
  })

  it.skipIf(!BUILT)('a batch case folder named with escapes never reaches stderr raw', () => {
    const batch = join(root, 'batch-esc')
    caseDir(batch, evil)
    const r = run(['scan', '--batch', batch, '--out', join(root, 'out-esc'), '--format', 'json'])
    expect(r.code).toBe(0)
    expect(r.stderr).not.toMatch(/[\x1b\x07]/)
    expect(r.stderr).toContain('\\x1b')
  })
})

describe.skipIf(!BUILT)('evidence only from arguments (#18.8)', () => {
  it('scan --batch ignores a path piped on stdin', () => {
    const batch = join(root, 'batch-stdin')
    caseDir(batch, 'one')
    const other = caseDir(join(root, 'elsewhere'), 'two')
    const out = join(root, 'out-stdin')
    const r = run(['scan', '--batch', batch, '--out', out, '--format', 'json', '-q'], other + '\n')
    expect(r.code).toBe(0)
    expect(readdirSync(out).filter((f) => !f.endsWith('.sha256')).sort()).toEqual(['all-cases.json', 'case-one.json'])
    const all = JSON.parse(readFileSync(join(out, 'all-cases.json'), 'utf8')) as {cases: Array<{id: string}>}
    expect(all.cases.map((c) => c.id)).toEqual(['one'])
  })
})

describe.skipIf(!BUILT)('--out through a symlink into the evidence (#18.5)', () => {
  it('is refused (usage error) and nothing is written inside the evidence', () => {
    const ev = caseDir(join(root, 'ev-link'), 'host')
    const link = join(root, 'looks-outside')
    symlinkSync(ev, link)
    const r = run(['scan', ev, '--out', join(link, 'report.json'), '-q'])
    expect(r.code).toBe(2)
    expect(r.stderr.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')).toMatch(/is inside the evidence/)
    expect(existsSync(join(ev, 'report.json'))).toBe(false)
  })
})
