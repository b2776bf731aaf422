// The README's two commands are the ones CI runs: the main command in .ci/run must appear in
// the README verbatim, and so must the test command.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {ROOT} from './support/corpus.js'

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')

  it('shows the main command CI smoke-runs, and the test command', () => {
    const main = /^MAIN_CMD='(.+)'$/m.exec(ci)![1]!
    expect(readme).toContain(`npm ci && ${main}`)
    expect(readme).toMatch(/^npm test$/m)
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.test).toBe('vitest run')
  })

  it('documents every exit code the CLI defines', async () => {
    const {EXIT} = await import('../src/lib/exit-codes.js')
    for (const code of Object.values(EXIT)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'))
  })
})
