#!/usr/bin/env node
// Build step (`npm run build`, after tsc): the default indicator pack, src/indicators/pack/default.yaml
// (the one source of truth, edited by hand), parsed and checked against pack.schema.json here, once,
// into dist/indicators/pack/default.json, which every run reads with JSON.parse instead of loading
// YAML and compiling the schema with AJV (#17 start-up). Fails the build when the pack is invalid.
//   node scripts/build-pack.mjs [OUT.json]   (default: dist/indicators/pack/default.json)
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = resolve(process.argv[2] ?? join(ROOT, 'dist', 'indicators', 'pack', 'default.json'))
const {parsePackText} = await import(pathToFileURL(join(ROOT, 'dist', 'indicators', 'load.js')).href)
const yaml = join(ROOT, 'src', 'indicators', 'pack', 'default.yaml')
const {raw, errors} = parsePackText(readFileSync(yaml, 'utf8'), 'default pack')
if (!raw) {
  process.stderr.write(`build-pack: ${yaml} is not a valid pack:\n${errors.join('\n')}\n`)
  process.exit(1)
}
mkdirSync(dirname(out), {recursive: true})
writeFileSync(out, JSON.stringify(raw) + '\n')
