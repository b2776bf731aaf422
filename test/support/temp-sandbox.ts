// Vitest global setup: every test run gets its own temp folder (TMPDIR), inherited by the test
// workers and by every CLI the tests spawn, and removed at the end, so a run leaves nothing in
// the system temp folder (it used to leave about 250 folders: mkdtemp in tests, report folders,
// SQLite copies of CLI runs). Leftovers are listed first, so new leaks stay visible.
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export default function setup(): () => void {
  const parent = tmpdir()
  const root = mkdtempSync(join(parent, 'dprk-triage-tests-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = root
  return () => {
    const left = readdirSync(root)
    if (left.length > 0 && process.env.DPRK_TEST_TEMP_REPORT) {
      const prefixes = new Map<string, number>()
      for (const n of left) prefixes.set(n.replace(/[-_.]?[A-Za-z0-9]{6}$/, '-*'), (prefixes.get(n.replace(/[-_.]?[A-Za-z0-9]{6}$/, '-*')) ?? 0) + 1)
      process.stderr.write(`temp sandbox: ${left.length} entries left by tests (removed): ${[...prefixes].map(([p, n]) => `${p} x${n}`).join(', ')}\n`)
    }
    rmSync(root, {recursive: true, force: true})
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
  }
}
