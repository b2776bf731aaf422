#!/usr/bin/env node
// Build step (`npm run build`, after tsc): oclif.manifest.json at the package root, what `oclif manifest`
// writes (the oclif CLI package is not a dependency): every command's id, flags, args and help text,
// so a run reads this file instead of importing dist/commands/index.js, and with it every command
// module, to learn the command list (#17 start-up: `--version` and `--help` import no command;
// a command imports the command list only when it runs). Generated, git-ignored, shipped in the
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
if (ids.length === 0) {
  process.stderr.write('build-manifest: no command found in dist/commands/index.js\n')
  process.exit(1)
}
writeFileSync(join(ROOT, 'oclif.manifest.json'), JSON.stringify(plugin.manifest, null, 2) + '\n')
