#!/usr/bin/env node
// Build step (`npm run build`, after tsc): oclif.manifest.json at the package root, what `oclif manifest`
// writes (the oclif CLI package is not a dependency): every command's id, flags, args and help text,
// so a run reads this file instead of importing every command module to learn the command list, and
// a command run imports its own module only (#17 start-up: `--version` and `--help` import no command,
// `scan` does not import merge, render or indicators). The commands are listed one by one in
// package.json (oclif.commands.globPatterns: file names, no wildcard). Generated, git-ignored, shipped in the
// package and the bundle; `npm run build` deletes it first so it never outlives the dist/ it describes.
//   node scripts/build-manifest.mjs
import {writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {Plugin} from '@oclif/core'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
// as `oclif manifest` loads the root plugin: from dist/, never from an existing manifest, failing on any error
const plugin = new Plugin({root: ROOT, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true})
await plugin.load()
const ids = Object.keys(plugin.manifest.commands)
// every listed file must hold a command: oclif skips a file without one silently
const listed = plugin.pjson.oclif.commands.globPatterns
if (ids.length === 0 || ids.length !== listed.length) {
  process.stderr.write(`build-manifest: ${ids.length} command(s) found (${ids.join(', ')}) for ${listed.length} listed in package.json oclif.commands.globPatterns\n`)
  process.exit(1)
}
writeFileSync(join(ROOT, 'oclif.manifest.json'), JSON.stringify(plugin.manifest, null, 2) + '\n')
