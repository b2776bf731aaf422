// Runs the built CLI (bin/run.js over dist/) as a user would. CI builds before testing; locally
// run `npm run build` first.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT} from './corpus.js'

// the CLI runs from the bundle (scripts/build-bundle.mjs), made last but one by npm run build
export const BUILT = existsSync(join(ROOT, 'dist', 'bundle', 'scan.js'))
if (!BUILT) process.stderr.write('NOTE: dist/ is not built; CLI tests are skipped (run npm run build)\n')

export function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT): {code: number; stdout: string; stderr: string} {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {
    cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1', ...env}, maxBuffer: 256 * 1024 * 1024,
  })
  return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr}
}
