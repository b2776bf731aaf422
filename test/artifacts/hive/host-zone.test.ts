// The SYSTEM hive's time zone becomes the case's host zone for zone-less local times when no
// --host-tz is given (reference §4.5); --host-tz still wins; the case warnings say which applied.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {softwareHive, systemHive} from '../../support/hive-fixtures.js'
import {scanWith} from '../../support/run-parser.js'

const root = mkdtempSync(join(tmpdir(), 'host-zone-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))
for (const [rel, b] of [['C/Windows/System32/config/SYSTEM', systemHive()], ['C/Windows/System32/config/SOFTWARE', softwareHive()]] as const) {
  mkdirSync(dirname(join(root, rel)), {recursive: true})
  writeFileSync(join(root, rel), b)
}

describe('host zone from the SYSTEM hive', () => {
  it('converts zone-less local times (NetworkList) with Korea Standard Time and says so', async () => {
    const r = await scanWith(root)
    const net = r.events.find((e) => e.type === 'network.profile')!
    expect([Date.parse(net.time!), net.timeBasis]).toEqual([Date.parse('2024-03-06T00:30:00Z'), 'local-converted'])
    expect(r.warnings.join('\n')).toMatch(/host time zone Asia\/Seoul taken from C\/Windows\/System32\/config\/SYSTEM \(TimeZoneKeyName "Korea Standard Time"\)/)
  })

  it('--host-tz wins over the hive', async () => {
    const r = await scanWith(root, {hostTz: 'UTC'})
    const net = r.events.find((e) => e.type === 'network.profile')!
    expect(Date.parse(net.time!)).toBe(Date.parse('2024-03-06T09:30:00Z'))
    expect(r.warnings.join('\n')).not.toMatch(/taken from/)
  })
})
