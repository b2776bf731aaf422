// Runs the built CLI (bin/run.js over dist/) as a user would. CI builds before testing; locally
// run `npm run build` first.
import {spawnSync} from 'node:child_process'
import {existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

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

/**
 * Runs the built CLI with a module-load hook and returns, besides its result, the files of the
 * project (ROOT-relative, node_modules left out) it loaded as ES modules, in load order.
 */
export function cliModulesLoaded(args: string[], hookDir: string, cwd = ROOT): {code: number; stderr: string; files: string[]} {
  const hook = join(hookDir, 'hook.mjs')
  const loader = `export async function load(url, ctx, next) { const r = await next(url, ctx); process.stderr.write('LOADED ' + url + '\\n'); return r }`
  writeFileSync(hook, `import {register} from 'node:module'\nregister(${JSON.stringify('data:text/javascript,' + encodeURIComponent(loader))})\n`)
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, join(ROOT, 'bin', 'run.js'), ...args], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
  const prefix = 'LOADED ' + pathToFileURL(ROOT).href + '/'
  const files = r.stderr.split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length)).filter((f) => !f.startsWith('node_modules/'))
  return {code: r.status ?? -1, stderr: r.stderr, files}
}
