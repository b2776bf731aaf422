// Temp folders for tests that remove themselves when the test (or, outside a test, the file)
// ends. The run-wide sandbox (temp-sandbox.ts) catches whatever is left.
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, onTestFinished} from 'vitest'

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
