// The offline bundle (`npm run bundle`, scripts/bundle.mjs): unpacked into an empty folder on a
// machine with only Node, it runs the sample scan with no registry and no clone next to it.
// Built from this clone's dist/ and node_modules by copying (no rebuild), so it takes seconds.
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, existsSync, lstatSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT} from './support/cli.js'
import {ROOT} from './support/corpus.js'
import {tempDir} from './support/tmp.js'

const LINUX_X64 = process.platform === 'linux' && process.arch === 'x64'

function symlinksUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    const st = lstatSync(p)
    if (st.isSymbolicLink()) out.push(p)
    else if (st.isDirectory()) out.push(...symlinksUnder(p))
  }
  return out
}

describe.skipIf(!BUILT || !LINUX_X64)('offline bundle', () => {
  it('unpacks into an empty folder and scans the samples with only node on PATH', () => {
    const work = tempDir('bundle-')
    const tarball = execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--out', join(work, 'out')], {encoding: 'utf8'}).trim()
    expect(tarball).toMatch(/dprk-triage-[\d.]+-linux-x64\.tar\.gz$/)
    const site = join(work, 'airgap')
    cpSync(join(ROOT, 'artifacts-samples', 'laptop-farm'), join(site, 'evidence', 'laptop-farm'), {recursive: true})
    execFileSync('tar', ['-xzf', tarball, '-C', site])
    const [dir] = readdirSync(site).filter((n) => n.startsWith('dprk-triage-'))
    const app = join(site, dir!)
    expect(symlinksUnder(app)).toEqual([]) // nothing points back into the clone
    expect(existsSync(join(app, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))).toBe(true)
    expect(existsSync(join(app, 'node_modules', 'prebuild-install'))).toBe(false)
    expect(existsSync(join(app, 'node_modules', 'vitest'))).toBe(false)
    // a bare environment: node's folder and the system tools on PATH, an empty HOME, a registry
    // that cannot be reached
    const env = {PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: join(work, 'home'), NO_COLOR: '1', npm_config_registry: 'http://127.0.0.1:9/', npm_config_offline: 'true'}
    const r = spawnSync(join(app, 'dprk-triage'), ['scan', 'evidence/laptop-farm', '--claimed-tz', 'America/Chicago', '--out', 'report.json', '-q'], {cwd: site, env, encoding: 'utf8'})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const report = JSON.parse(readFileSync(join(site, 'report.json'), 'utf8'))
    const kinds = new Set(report.cases[0].artifacts.map((a: {kind: string}) => a.kind))
    expect(kinds.has('browser.chromium_history')).toBe(true) // the native SQLite addon loaded
    expect(report.cases[0].assessment.level).toBe('high')
    expect(readFileSync(join(site, 'report.json.sha256'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}report\.json\n$/)
  })
})
