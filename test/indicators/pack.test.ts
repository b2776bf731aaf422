// The default pack as data: it validates, every indicator cites public sources, no IP range is
// hard-coded, and user packs are checked with useful messages.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {loadPack, PackError} from '../../src/indicators/load.js'
import {tempDir} from '../support/tmp.js'

function file(name: string, text: string): string {
  const p = join(tempDir('pack-'), name)
  writeFileSync(p, text)
  return p
}

describe('default indicator pack', () => {
  const pack = loadPack()

  it('loads with sourced indicators in the contract categories', () => {
    expect(pack.id).toBe('dprk-itw-default')
    expect(pack.indicators.length).toBeGreaterThanOrEqual(30)
    for (const i of pack.indicators) {
      expect(i.sources.length, i.id).toBeGreaterThan(0)
      for (const s of i.sources) expect(s.url, i.id).toMatch(/^https?:\/\//)
    }
    const ids = pack.indicators.map((i) => i.id)
    expect(new Set(ids).size).toBe(ids.length)
    // the seeds' named signals are all covered
    for (const id of ['RA-01', 'RA-02', 'VPN-01', 'VC-06', 'PAY-01', 'EXF-01', 'TIME-01', 'PER-02', 'LNG-01']) expect(ids).toContain(id)
  })

  it('never hard-codes IP ranges (Astrill or proxy lists come from --ioc)', () => {
    const text = JSON.stringify(pack.indicators.map((i) => i.match ?? null))
    expect(text).not.toMatch(/"op":"cidr"/)
    expect(text).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/)
  })

  it('marks locale indicators as modifiers only', () => {
    expect(pack.indicators.filter((i) => i.category === 'locale').every((i) => i.modifier_only)).toBe(true)
  })
})

describe('user rules (--rules)', () => {
  it('adds indicators and replaces one with the same id', () => {
    const p = file('mine.yaml', `
indicators:
  - id: RA-01
    title: AnyDesk (tuned down)
    category: remote-access
    weight: 1
    applies_to: [remote_access.*]
    match: {field: tool, op: equals, value: anydesk}
    sources: [SW-2024-10]
  - id: X-ACME-1
    title: ACME's own VPN concentrator bypass tool
    category: vpn-proxy
    weight: 4
    applies_to: [program.installed]
    match: {field: program_normalized, op: regex, value: '^bypassr'}
    sources:
      - {id: ACME-IR, publisher: ACME IR team, title: Internal case 42, url: 'https://ir.acme.example/42', grade: K}
`)
    const pack = loadPack({rules: [p]})
    expect(pack.indicators.find((i) => i.id === 'RA-01')).toMatchObject({weight: 1, severity: 'info', origin: p})
    expect(pack.indicators.find((i) => i.id === 'X-ACME-1')!.sources[0]!.publisher).toBe('ACME IR team')
  })

  it('rejects bad packs with every problem named', () => {
    const p = file('bad.yaml', `
indicators:
  - id: X-1
    title: bad regex and unknown source
    category: remote-access
    weight: 3
    applies_to: [browser.visit]
    match: {field: url, op: regex, value: '(unclosed'}
    sources: [NOPE]
  - id: X-2
    title: wrong category
    category: lasers
    weight: 11
    sources: [SW-2024-10]
`)
    let err: Error | undefined
    try {
      loadPack({rules: [p]})
    } catch (error) {
      err = error as Error
    }
    expect(err).toBeInstanceOf(PackError)
    // said in words: the entry by its id and position, the field, what is allowed
    expect(err!.message).toMatch(/indicator "X-2" \(entry 2\), field category: must be one of remote-access, vpn-proxy/)
    expect(err!.message).toMatch(/indicator "X-2" \(entry 2\), field weight: must be at most 10/)
    expect(err!.message).not.toMatch(/\/indicators\/1/)
  })

  it('reports a bad regex and an unknown source by indicator id', () => {
    const p = file('bad2.yaml', `
indicators:
  - id: X-1
    title: bad regex and unknown source
    category: remote-access
    weight: 3
    applies_to: [browser.visit]
    match: {field: url, op: regex, value: '(unclosed'}
    sources: [NOPE]
`)
    expect(() => loadPack({rules: [p]})).toThrow(/X-1: bad regex "\(unclosed"[\s\S]*X-1: unknown source "NOPE"/)
  })
})
