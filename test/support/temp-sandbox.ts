// Vitest global setup: every test run gets its own temp folder (TMPDIR), inherited by the test
// workers and by every CLI the tests spawn, and removed at the end, so a run leaves nothing in
// the system temp folder (it used to leave about 250 folders: mkdtemp in tests, report folders,
// SQLite copies of CLI runs). Whatever is still in it when the tests have finished is a leak:
// count-reporter.ts lists it and fails the run (a failing teardown would not fail vitest).
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** The environment variable naming this run's sandbox (read by the reporter, in the same process). */
export const SANDBOX_ENV = 'DPRK_TEST_SANDBOX'

/** What is left in the sandbox, sorted. */
export function leftIn(root: string): string[] {
  try {
    return readdirSync(root).sort()
  } catch {
    return []
  }
}

/** `dprk-triage-events-* x3 (dprk-triage-events-AbC123, ...)`: leftovers grouped by their mkdtemp prefix. */
export function describeLeft(names: string[]): string {
  const groups = new Map<string, string[]>()
  for (const n of names) {
    const prefix = n.replace(/[-_.]?[A-Za-z0-9]{6}$/, '-*')
    groups.set(prefix, [...(groups.get(prefix) ?? []), n])
  }
  return [...groups].map(([p, all]) => `${p} x${all.length} (${all.slice(0, 3).join(', ')}${all.length > 3 ? ', ...' : ''})`).join('; ')
}

export default function setup(): () => void {
  const parent = tmpdir()
  const root = mkdtempSync(join(parent, 'dprk-triage-tests-'))
  const previous = {tmp: process.env.TMPDIR, sandbox: process.env[SANDBOX_ENV]}
  process.env.TMPDIR = root
  process.env[SANDBOX_ENV] = root
  return () => {
    rmSync(root, {recursive: true, force: true})
    for (const [k, v] of [['TMPDIR', previous.tmp], [SANDBOX_ENV, previous.sandbox]] as const) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}
