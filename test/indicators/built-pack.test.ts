// The default pack is built from its YAML source into dist/indicators/pack/default.json
// (scripts/build-pack.mjs, #17 start-up): the JSON must be exactly the parsed YAML, and the pack a
// run loads from it must be the pack loaded from the YAML.
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {loadPack} from '../../src/indicators/load.js'
import {BUILT} from '../support/cli.js'
import {tempDir} from '../support/tmp.js'

const ROOT = resolve(__dirname, '..', '..')
const YAML_FILE = join(ROOT, 'src', 'indicators', 'pack', 'default.yaml')

// build-pack.mjs checks the pack with the built loader: both tests need `npm run build` (CI builds first);
// without dist/ they are skipped like the other tests of built code
describe.skipIf(!BUILT)('built default pack', () => {
  it('build-pack.mjs writes the parsed YAML as JSON', () => {
    const out = join(tempDir('built-pack-'), 'default.json')
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-pack.mjs'), out], {encoding: 'utf8'})
    expect(r.status, r.stderr).toBe(0)
    const built = JSON.parse(readFileSync(out, 'utf8'))
    const fromYaml = parse(readFileSync(YAML_FILE, 'utf8'), {maxAliasCount: 100})
    expect(built.indicators.length).toBeGreaterThan(10)
    expect(built).toStrictEqual(fromYaml)
  })

  it('dist/ holds that JSON and loads the same pack as the YAML source', async () => {
    const dist = join(ROOT, 'dist', 'indicators', 'pack', 'default.json')
    const fromYaml = parse(readFileSync(YAML_FILE, 'utf8'), {maxAliasCount: 100})
    expect(JSON.parse(readFileSync(dist, 'utf8'))).toStrictEqual(fromYaml)
    const built = (await import(pathToFileURL(join(ROOT, 'dist', 'indicators', 'load.js')).href)) as typeof import('../../src/indicators/load.js')
    const a = built.loadPack()
    const b = loadPack()
    expect(a.indicators.length).toBe(b.indicators.length)
    expect(JSON.parse(JSON.stringify(a))).toStrictEqual(JSON.parse(JSON.stringify(b)))
  })
})
