// Prints the plain closing line CI reads: "N passed, N failed" (skipped counted apart). A run
// that leaves anything in its temp sandbox (temp-sandbox.ts) counts one failure more, lists what
// was left and exits non-zero.
import type {Reporter, TestModule} from 'vitest/node'

import {describeLeft, leftIn, SANDBOX_ENV} from './temp-sandbox.js'

// test workers are stopped after the last result is reported, not before: what a worker's exit
// removes may still be there for a moment
const SETTLE_MS = 10_000

async function leftovers(root: string): Promise<string[]> {
  const until = Date.now() + SETTLE_MS
  let left = leftIn(root)
  while (left.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200))
    left = leftIn(root)
  }
  return left
}

export default class CountReporter implements Reporter {
  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++
    }
    const root = process.env[SANDBOX_ENV]
    const left = root ? await leftovers(root) : []
    if (left.length > 0) {
      failed++
      process.exitCode = 1
      process.stdout.write(`\nFAIL temp sandbox: the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in ${root}: ${describeLeft(left)}\n`)
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
