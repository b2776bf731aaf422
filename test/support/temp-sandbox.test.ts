// A test run that leaves anything in its temp sandbox fails, with the leftovers listed and
// counted in the closing line CI reads (count-reporter.ts).
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {ROOT} from './corpus.js'

function innerRun(leak: boolean): {code: number; stdout: string} {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/fixtures/temp-sandbox/vitest.config.ts'], {
    cwd: ROOT, encoding: 'utf8', env: {...process.env, LEAK: leak ? '1' : '0', NO_COLOR: '1'},
  })
  return {code: r.status ?? -1, stdout: r.stdout}
}

describe('temp sandbox', () => {
  it('fails the run and lists what a test left', () => {
    const r = innerRun(true)
    expect(r.stdout).toMatch(/FAIL temp sandbox: the tests left 1 entry in .*dprk-triage-tests-\w+: leaky-\* x1 \(leaky-\w{6}\)/)
    expect(r.stdout).toMatch(/^2 passed, 1 failed, 1 skipped$/m)
    expect(r.code).toBe(1)
  }, 180_000)

  it('passes a run that leaves nothing (suiteTempDir blocks, run or skipped, included)', () => {
    const r = innerRun(false)
    expect(r.stdout).not.toContain('temp sandbox')
    expect(r.stdout).toMatch(/^2 passed, 0 failed, 1 skipped$/m)
    expect(r.code).toBe(0)
  }, 180_000)
})
