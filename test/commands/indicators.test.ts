// `indicators list` and `indicators validate`: what a responder runs before a scan.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT, cli} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

describe.skipIf(!BUILT)('indicators commands', () => {
  it('list prints every indicator with its sources; --json gives the machine form', () => {
    const r = cli(['indicators', 'list'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^VPN-01\s+7 high\s+vpn-proxy\s+Astrill VPN client installed$/m)
    expect(r.stdout).toMatch(/sources: Secureworks Counter Threat Unit \[P\]/)
    const j = JSON.parse(cli(['indicators', 'list', '--json', '--category', 'payment']).stdout)
    expect(j.indicators.map((i: {id: string}) => i.id)).toEqual(['PAY-01', 'PAY-02', 'PAY-04'])
    expect(j.pack).toMatchObject({id: 'dprk-itw-default'})
  })

  it('validate accepts good files and lists every problem of bad ones with exit 2', () => {
    const d = tempDir('validate-')
    expect(cli(['indicators', 'validate', join(ROOT, 'artifacts-samples', 'allow-helpdesk.yaml'), '--as', 'allow']).stdout).toMatch(/valid \(2 entries\)/)
    writeFileSync(join(d, 'ioc.csv'), 'type,value,source\nip,203.0.113.0/24,analyst list 2026-11\n')
    expect(cli(['indicators', 'validate', join(d, 'ioc.csv'), '--as', 'ioc']).code).toBe(0)
    writeFileSync(join(d, 'bad.yaml'), 'indicators:\n  - id: X-1\n    title: t\n    category: lasers\n    weight: 3\n    applies_to: [browser.visit]\n    match: {field: url, op: exists}\n    sources: [SW-2024-10]\n')
    const bad = cli(['indicators', 'validate', join(d, 'bad.yaml')])
    expect(bad.code).toBe(2)
    // oclif wraps long error lines: compare with the wrapping removed
    const flat = (s: string) => s.replace(/\s*\n\s*(›\s*)?/g, ' ')
    expect(flat(bad.stderr)).toMatch(/indicator "X-1" \(entry 1\), field category: must be one of remote-access/)
    writeFileSync(join(d, 'allow.csv'), 'tool,anydesk,sanctioned\ncolour,blue,nope\n')
    const badAllow = cli(['indicators', 'validate', join(d, 'allow.csv'), '--as', 'allow'])
    expect(badAllow.code).toBe(2)
    expect(flat(badAllow.stderr)).toMatch(/unknown allow type "colour"/)
  })

  it('a scan refuses invalid rules as a usage error (exit 2)', () => {
    const d = tempDir('rules-')
    writeFileSync(join(d, 'r.yaml'), 'indicators: [{id: X, title: t, category: remote-access, weight: 2, applies_to: [browser.visit], match: {field: url, op: regex, value: "("}, sources: [SW-2024-10]}]\n')
    const r = cli(['scan', join(ROOT, 'artifacts-samples', 'benign-helpdesk'), '--rules', join(d, 'r.yaml'), '-f', 'json'])
    expect(r.code).toBe(2)
    expect(r.stderr.replace(/\s*\n\s*(›\s*)?/g, ' ')).toMatch(/X: bad regex "\("/)
  })
})
