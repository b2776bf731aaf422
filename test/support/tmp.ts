// Temp folders for tests that remove themselves when the test (or, outside a test, the file or
// describe block) ends; for a block's shared folder use suiteTempDir. The run-wide sandbox
// (temp-sandbox.ts) fails the run when anything is left.
import {randomBytes} from 'node:crypto'
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, onTestFinished} from 'vitest'

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const remove = () => rmSync(dir, {recursive: true, force: true})
  try {
    onTestFinished(remove)
  } catch {
    afterAll(remove)
  }
  return dir
}

/**
 * The path of a temp folder for the tests of the current describe block, made (and filled by
 * `fill`) in the block's beforeAll and removed after its last test. A folder made while the block
 * is collected stays behind when all its tests are skipped (a skipped block runs none of its
 * hooks, e.g. describe.skipIf(!BUILT) without dist/), so the block's fixtures go in `fill` or in
 * a beforeAll of its own, never in its body.
 */
export function suiteTempDir(prefix: string, fill?: (dir: string) => void): string {
  const dir = join(tmpdir(), prefix + randomBytes(3).toString('hex'))
  beforeAll(() => {
    mkdirSync(dir, {mode: 0o700}) // as mkdtemp makes it; not recursive: a name already taken fails, never shared
    fill?.(dir)
    return () => rmSync(dir, {recursive: true, force: true})
  })
  return dir
}
