// The registry lists claims (what recognition needs) and loads each implementation on first use:
// every entry's claim must be its implementation's, and a failed load must fail the artifact only.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {anydeskTraceClaim} from '../../src/artifacts/anydesk/claims.js'
import {lazyParser, PARSERS} from '../../src/artifacts/registry.js'
import {scanCase} from '../../src/lib/scan-case.js'
import {tempDir} from '../support/tmp.js'

describe('registry entries', () => {
  it('has one entry per kind, each with its claim and a load()', () => {
    const kinds = PARSERS.map((p) => p.kind)
    expect(kinds.length).toBeGreaterThan(20)
    expect(new Set(kinds).size).toBe(kinds.length)
    for (const p of PARSERS) expect(typeof p.load, p.kind).toBe('function')
  })

  it.each(PARSERS.map((p) => [p.kind, p] as const))('%s: load() gives the parser of the same kind, title and time source', async (_k, entry) => {
    const impl = await entry.load()
    expect({kind: impl.kind, title: impl.title, timeSource: impl.timeSource}).toEqual({kind: entry.kind, title: entry.title, timeSource: entry.timeSource})
    expect(typeof impl.parse).toBe('function')
    // the implementation recognises with the claim's own tests, not a copy of them
    expect(impl.matchPath).toBe(entry.matchPath)
    expect(impl.sniff).toBe(entry.sniff)
    // loaded once, then cached
    expect(await entry.load()).toBe(impl)
  })

  it('a parser that cannot be loaded marks the artifact failed with the reason; the scan goes on', async () => {
    const dir = tempDir('registry-load-')
    mkdirSync(join(dir, 'AnyDesk'))
    writeFileSync(join(dir, 'AnyDesk', 'ad.trace'), '   info 2024-02-17 23:37:32.123       back   1234   5678                   app.main_thread - hello\n')
    const broken = lazyParser(anydeskTraceClaim, () => Promise.reject(new Error('module missing')))
    const {artifacts, warnings} = await scanCase(dir, {caseId: 'c', parsers: [broken], hostTz: 'UTC'})
    expect(warnings).toEqual([])
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]).toMatchObject({kind: 'anydesk.trace', status: 'failed', events: 0})
    expect(artifacts[0]!.warnings.join('\n')).toMatch(/anydesk\.trace parser could not be loaded \(module missing\)/)
    expect(artifacts[0]!.sha256).toMatch(/^[0-9a-f]{64}$/)
  })
})
