// Cross-case links: shared public IPs and remote IDs become links and PER-02 findings; private
// addresses and allow-listed values never do.
import {describe, expect, it} from 'vitest'

import {findLinks, isPublicIp, LinkCollector, personaLinkFinding} from '../../src/analysis/links.js'
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
    const collect = (id: string, events: TimelineEvent[], allow?: Allowlist) => {
      const col = new LinkCollector(allow)
      for (const e of events) col.observe(e)
      return {id, values: col.result()}
    }
    const cases = [collect('A', a), collect('B', b), collect('C', c)]
    const links = findLinks(cases)
    expect(links).toEqual([
      {type: 'anydesk-id', value: '918273645', cases: ['A', 'B'], events: ['a1', 'b1']},
      {type: 'crd-client', value: 'ops@example.net', cases: ['B', 'C'], events: ['b3', 'c1']},
      {type: 'ip', value: '203.0.113.77', cases: ['A', 'C'], events: ['a1', 'c1']},
    ])
    const per = loadPack().indicators.find((i) => i.id === 'PER-02')
    const marked: string[] = []
    const f = personaLinkFinding(cases[0]!, links, per, (id) => marked.push(id))!
    expect(f).toMatchObject({indicator: 'PER-02', category: 'persona-link', severity: 'high', events: ['a1'], first: '2026-03-02T01:00:00Z'})
    expect(f.description).toBe('anydesk-id 918273645 also in B; ip 203.0.113.77 also in C')
    expect(marked).toEqual(['a1'])
  })

  it('leaves allow-listed values out (a shared corporate helpdesk is not a farm)', () => {
    const allow = new Allowlist([{type: 'remote_id', value: '100200300', reason: 'helpdesk', origin: 'allow.yaml'}])
    const values = (e: TimelineEvent) => {
      const col = new LinkCollector(allow)
      col.observe(e)
      return col.result()
    }
    const links = findLinks([
      {id: 'A', values: values(ev('a1', {tool: 'anydesk', remote_id: '100200300'}))},
      {id: 'B', values: values(ev('b1', {tool: 'anydesk', remote_id: '100200300'}))},
    ])
    expect(links).toEqual([])
  })
})
