#!/usr/bin/env node
// Build step (`npm run build`, after tsc): the CLI's run-time code as a few ES module files in
// dist/bundle/, made by rolldown from tsc's dist/. Why (#17 start-up): Node pays ~0.6 ms per ES module
// it resolves, reads and compiles, whatever its size; a one-file `scan` loaded ~180 of tsc's modules
// (≈ 300 M instructions of 1550 M, measured with callgrind) and loads ~30 files of the bundle.
// Entries: every command listed in package.json (oclif.commands.globPatterns, which point at this
// folder), the case worker thread (run-scan.ts starts ./case-worker.js next to itself) and the
// command_not_found hook. What they import statically goes into two chunks: `cli` (commands and the
// hook, which import @oclif/core) and `core` (the rest, which the worker threads load without oclif);
// `import()` targets (the HTML and Markdown writers, each parser's implementation, loaded when a file
// is claimed) get chunks of their own, read only when used. A one-file scan loads 4 files.
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
  // an entry exports what it exports, nothing more (needed by the chunk groups below)
  preserveEntrySignatures: 'allow-extension',
  platform: 'node',
  // only our own modules are bundled: relative or absolute paths
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  onLog(level, log, handler) {
    // a module both imported and import()ed stays where the static import puts it: expected here
    if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return
    handler(level, log)
  },
})
await bundle.write({
  dir: OUT, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true,
  codeSplitting: {
    includeDependenciesRecursively: false,
    groups: [
      // the commands' code: only the main thread loads it (it imports @oclif/core and chalk)
      {name: 'cli', test: /[\\/]dist[\\/](commands|hooks)[\\/]/, tags: ['$initial'], priority: 2},
      // everything else a command or the worker imports statically, in one file
      // (not the worker's entry module: its top level is the worker itself)
      {name: 'core', test: (id) => !/[\\/]lib[\\/]case-worker\.js$/.test(id), tags: ['$initial'], priority: 1},
    ],
  },
})
await bundle.close()
