// Cross-case links: shared public IPs and remote IDs become links and PER-02 findings; private
// addresses and allow-listed values never do.
import {describe, expect, it} from 'vitest'

import {findLinks, isPublicIp, personaLinkFinding} from '../../src/analysis/links.js'
import {Allowlist} from '../../src/indicators/allow.js'
import {loadPack} from '../../src/indicators/load.js'
import type {TimelineEvent} from '../../src/lib/model.js'

const ev = (id: string, fields: TimelineEvent['fields']): TimelineEvent =>
  ({id, time: '2026-03-02T01:00:00Z', timeBasis: 'utc', type: 'remote_access.session_start', timestampDesc: '', artifact: 'a', location: 'l', message: '', fields, indicators: []})

describe('cross-case links', () => {
  it('links shared public IPs, AnyDesk IDs and CRD accounts, not private addresses', () => {
    expect(isPublicIp('192.168.1.4')).toBe(false)
    expect(isPublicIp('203.0.113.77')).toBe(true)
    const a = [ev('a1', {tool: 'anydesk', remote_id: '918273645', remote_ip: '203.0.113.77'}), ev('a2', {tool: 'anydesk', remote_ip: '10.0.0.5'})]
    const b = [ev('b1', {tool: 'anydesk', remote_id: '918273645', remote_ip: '198.51.100.1'}), ev('b2', {tool: 'anydesk', remote_ip: '10.0.0.5'}),
      ev('b3', {tool: 'chrome_remote_desktop', client: 'Ops@example.net/chromoting_ftl_1'})]
    const c = [ev('c1', {tool: 'chrome_remote_desktop', client: 'ops@example.net/chromoting_ftl_2', remote_ip: '203.0.113.77'})]
    const links = findLinks([{id: 'A', events: a}, {id: 'B', events: b}, {id: 'C', events: c}])
    expect(links).toEqual([
      {type: 'anydesk-id', value: '918273645', cases: ['A', 'B'], events: ['a1', 'b1']},
      {type: 'crd-client', value: 'ops@example.net', cases: ['B', 'C'], events: ['b3', 'c1']},
      {type: 'ip', value: '203.0.113.77', cases: ['A', 'C'], events: ['a1', 'c1']},
    ])
    const per = loadPack().indicators.find((i) => i.id === 'PER-02')
    const f = personaLinkFinding('A', a, links, per)!
    expect(f).toMatchObject({indicator: 'PER-02', category: 'persona-link', severity: 'high', events: ['a1']})
    expect(f.description).toBe('anydesk-id 918273645 also in B; ip 203.0.113.77 also in C')
    expect(a[0]!.indicators).toEqual(['PER-02'])
  })

  it('leaves allow-listed values out (a shared corporate helpdesk is not a farm)', () => {
    const allow = new Allowlist([{type: 'remote_id', value: '100200300', reason: 'helpdesk', origin: 'allow.yaml'}])
    const links = findLinks([
      {id: 'A', events: [ev('a1', {tool: 'anydesk', remote_id: '100200300'})]},
      {id: 'B', events: [ev('b1', {tool: 'anydesk', remote_id: '100200300'})]},
    ], allow)
    expect(links).toEqual([])
  })
})
