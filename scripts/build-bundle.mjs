#!/usr/bin/env node
// Build step (`npm run build`, after tsc): the CLI's run-time code as a few ES module files in
// dist/bundle/, made by rolldown from tsc's dist/. Why (#17 start-up): Node pays ~0.6 ms per ES module
// it resolves, reads and compiles, whatever its size; a one-file `scan` loaded ~180 of tsc's modules
// (≈ 300 M instructions of 1550 M, measured with callgrind) and loads ~30 files of the bundle.
// Entries: every command listed in package.json (oclif.commands.globPatterns, which point at this
// folder), the case worker thread (run-scan.ts starts ./case-worker.js next to itself) and the
// command_not_found hook; code they share goes into chunks, and `import()` targets (the HTML and
// Markdown writers, parsers loaded on claim) into chunks of their own, read only when used.
// Packages (node_modules) and Node's built-ins stay imports, loaded as before. tsc's dist/ stays:
// tests import its modules. Same input, same files: chunk names are content hashes.
//   node scripts/build-bundle.mjs [--out DIR]   (DIR: elsewhere than dist/bundle, for tests)
import {existsSync, readFileSync, rmSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {rolldown} from 'rolldown'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = join(ROOT, 'dist')
const BUNDLE = join(DIST, 'bundle')
const args = process.argv.slice(2)
const OUT = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : BUNDLE
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const {target, globPatterns} = pkg.oclif.commands
if (resolve(ROOT, target) !== BUNDLE) throw new Error(`package.json oclif.commands.target is ${target}, this script writes ${BUNDLE}`)

const input = {
  'case-worker': join(DIST, 'lib', 'case-worker.js'),
  'command-not-found': join(DIST, 'hooks', 'command-not-found.js'),
}
for (const file of globPatterns) input[file.replace(/\.js$/, '')] = join(DIST, 'commands', file)
for (const [name, file] of Object.entries(input)) if (!existsSync(file)) throw new Error(`build-bundle: entry ${name}: ${file} is missing (run tsc first)`)

rmSync(OUT, {recursive: true, force: true})
const bundle = await rolldown({
  input,
  platform: 'node',
  // only our own modules are bundled: relative or absolute paths
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  onLog(level, log, handler) {
    // a module both imported and import()ed stays where the static import puts it: expected here
    if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return
    handler(level, log)
  },
})
await bundle.write({dir: OUT, format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunk-[hash].js', sourcemap: true})
await bundle.close()
