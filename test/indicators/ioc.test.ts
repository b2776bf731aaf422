// --ioc inputs: plain lists, CSV with provenance, STIX 2.1 equality patterns, MISP events.
import {describe, expect, it} from 'vitest'

import {iocIndicators, parseIocText} from '../../src/indicators/ioc.js'
import {IndicatorEngine} from '../../src/indicators/engine.js'
import {loadPack} from '../../src/indicators/load.js'
import type {TimelineEvent} from '../../src/lib/model.js'

const ev = (fields: TimelineEvent['fields'], type = 'remote_access.session_start'): TimelineEvent =>
  ({id: 'e' + JSON.stringify(fields).length, time: null, timeBasis: 'unknown', type, timestampDesc: '', artifact: 'a', location: 'l', message: '', fields, indicators: []})

describe('IOC lists', () => {
  it('plain list: types inferred, defanged values refanged, unknown lines reported', () => {
    const {iocs, errors} = parseIocText('# analyst list\n203.0.113.0/24\nhxxps://evil[.]example/x\nops@example.net\n918273645\nbad value here\n', 'list.txt')
    expect(iocs.map((i) => [i.type, i.value])).toEqual([
      ['ip', '203.0.113.0/24'], ['url', 'https://evil.example/x'], ['email', 'ops@example.net'], ['remote-id', '918273645'],
    ])
    expect(errors).toEqual(['list.txt: line 6: cannot tell what "bad value here" is (use CSV type,value,source)'])
  })

  it('CSV type,value,source groups by provenance and matches remote IPs by CIDR', () => {
    const {iocs} = parseIocText('type,value,source\nip,203.0.113.0/25,Spur Astrill exits 2026-10\nip,2001:db8::/32,Spur Astrill exits 2026-10\nemail,remote.ops.2291@example.net,HR case 7\n', 'astrill.csv')
    const {indicators} = iocIndicators(iocs, '/cases/astrill.csv')
    expect(indicators.map((i) => [i.id, i.category, i.weight, i.sources[0]!.publisher])).toEqual([
      ['IOC-astrill_csv-1', 'vpn-proxy', 7, 'Spur Astrill exits 2026-10'],
      ['IOC-astrill_csv-2', 'persona-link', 6, 'HR case 7'],
    ])
    const pack = loadPack()
    pack.indicators.push(...indicators)
    const events = [ev({remote_ip: '203.0.113.77'}), ev({remote_ip: '203.0.113.200'}), ev({external_ip: '2001:db8::5'}), ev({email: 'Remote.Ops.2291@example.net'}, 'remote_access.config')]
    new IndicatorEngine(pack).matchCase(events)
    expect(events.map((e) => e.indicators.filter((i) => i.startsWith('IOC-')))).toEqual([['IOC-astrill_csv-1'], [], ['IOC-astrill_csv-1'], ['IOC-astrill_csv-2']])
  })

  it('STIX 2.1 bundle: simple equality patterns (incl. OR) in, anything else skipped with a warning', () => {
    const bundle = {
      type: 'bundle', id: 'bundle--1', objects: [
        {type: 'indicator', id: 'indicator--a', name: 'Astrill exit', pattern_type: 'stix', pattern: "[ipv4-addr:value = '198.51.100.23'] OR [ipv4-addr:value = '198.51.100.24']"},
        {type: 'indicator', id: 'indicator--b', name: 'Persona domain', pattern_type: 'stix', pattern: "[domain-name:value = 'resume-host.example']"},
        {type: 'indicator', id: 'indicator--c', pattern_type: 'stix', pattern: "[file:hashes.'SHA-256' = 'abc'] AND [process:name = 'x']"},
        {type: 'indicator', id: 'indicator--d', pattern_type: 'sigma', pattern: 'title: x'},
        {type: 'malware', id: 'malware--x'},
      ],
    }
    const {iocs, errors} = parseIocText(JSON.stringify(bundle), 'feed.json')
    expect(iocs.map((i) => [i.type, i.value, i.source])).toEqual([
      ['ip', '198.51.100.23', 'feed.json: Astrill exit'], ['ip', '198.51.100.24', 'feed.json: Astrill exit'], ['domain', 'resume-host.example', 'feed.json: Persona domain'],
    ])
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/indicator--c: pattern .* is not a simple equality, skipped/)
    expect(errors[1]).toMatch(/indicator--d: pattern type sigma not supported, skipped/)
  })

  it('MISP event JSON: attributes and object attributes', () => {
    const misp = {Event: {info: 'IT worker personas', Attribute: [{type: 'email-src', value: 'kim.dev@example.org'}, {type: 'ip-dst|port', value: '203.0.113.9|443'}, {type: 'yara', value: 'rule x {}'}],
      Object: [{name: 'domain-ip', Attribute: [{type: 'domain', value: 'payroll-proxy.example'}]}]}}
    const {iocs, errors} = parseIocText(JSON.stringify(misp), 'misp.json')
    expect(iocs.map((i) => [i.type, i.value])).toEqual([['email', 'kim.dev@example.org'], ['domain', 'payroll-proxy.example']])
    expect(errors).toEqual(['misp.json: MISP attribute type "ip-dst|port" not supported, skipped', 'misp.json: MISP attribute type "yara" not supported, skipped'])
  })
})
