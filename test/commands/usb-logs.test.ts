// End to end from the CLI (issue #13): a Linux collection whose rotated, gzipped kern.log holds
// a PiKVM enumeration, and a rotated RHEL messages file with a TinyPilot. The KVM indicators
// fire on the `usb.device` events (manufacturer/serial), the level is the pack's combination
// level, the gz artifact is hashed as stored, and the evidence is untouched.
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {describe, expect, it} from 'vitest'

import {loadPack} from '../../src/indicators/load.js'
import {BUILT, cli} from '../support/cli.js'
import {FIXTURES} from '../support/corpus.js'
import {snapshotTree} from '../support/evidence-guard.js'
import {tempDir} from '../support/tmp.js'

const fx = (n: string) => readFileSync(join(FIXTURES, n))

function collection(): {root: string; gz: Buffer} {
  const root = tempDir('usb-e2e-')
  const gz = gzipSync(fx('usb/kern.log'))
  const files: Record<string, Buffer | string> = {
    // Velociraptor offline collector layout for Linux: uploads/auto/<absolute path>
    'uploads/auto/var/log/kern.log': 'Jun  4 08:00:00 worker-laptop kernel: [    0.000000] Linux version 6.1.0-21-amd64\n',
    'uploads/auto/var/log/kern.log.2.gz': gz,
    'uploads/auto/var/log/messages-20240602.gz': gzipSync(fx('usb/messages-20240602')),
    'uploads/auto/var/log/syslog.1': 'Jun  3 06:25:01 worker-laptop CRON[1200]: (root) CMD (test -x /usr/sbin/anacron)\n',
  }
  const mtime = new Date('2024-06-04T09:00:00Z')
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(dirname(p), {recursive: true})
    writeFileSync(p, data)
    utimesSync(p, mtime, mtime)
  }
  return {root, gz}
}

describe.skipIf(!BUILT)('scan: USB devices in rotated Linux logs', () => {
  it('PiKVM in kern.log.2.gz and TinyPilot in messages-20240602.gz: KVM-01 and KVM-02 fire, the level follows the pack', () => {
    const {root, gz} = collection()
    const before = snapshotTree(root)
    const out = join(tempDir('usb-e2e-out-'), 'r.json')
    const r = cli(['scan', root, '-f', 'json', '-o', out, '-q', '--deterministic', '--host-tz', 'Europe/Berlin', '--fail-on', 'high'])
    const report = JSON.parse(readFileSync(out, 'utf8'))
    const c = report.cases[0]

    const kern = c.artifacts.find((a: {path: string}) => a.path === 'uploads/auto/var/log/kern.log.2.gz')
    expect(kern).toMatchObject({
      logicalPath: 'var/log/kern.log.2.gz', kind: 'crd.syslog', status: 'parsed', events: 3,
      sha256: createHash('sha256').update(gz).digest('hex'), size: gz.length, decompressedSize: fx('usb/kern.log').length,
    })
    expect(c.artifacts.map((a: {path: string}) => a.path)).toContain('uploads/auto/var/log/messages-20240602.gz')

    const finding = (id: string) => c.findings.find((f: {indicator: string}) => f.indicator === id)
    const kvm1 = finding('KVM-01')
    expect(kvm1).toBeDefined()
    const ev = c.events.find((e: {id: string}) => e.id === kvm1.events[0])
    expect(ev).toMatchObject({
      type: 'usb.device', artifact: 'uploads/auto/var/log/kern.log.2.gz', location: 'line 14', timeBasis: 'local-converted',
      fields: {vid: '1d6b', pid: '0104', manufacturer: 'PiKVM', serial: 'CAFEBABE', product: 'PiKVM Composite Device', source: 'kern.log'},
    })
    // Jun 3 01:02:03 Europe/Berlin (CEST, UTC+2)
    expect(Date.parse(ev.time)).toBe(Date.parse('2024-06-02T23:02:03Z'))
    expect(kvm1.evidence[0]).toMatchObject({event: ev.id})
    expect(['manufacturer', 'serial']).toContain(kvm1.evidence[0].field)
    expect(kvm1.sources[0]).toMatchObject({publisher: 'MITRE ATT&CK'})
    const kvm2 = finding('KVM-02')
    expect(c.events.find((e: {id: string}) => e.id === kvm2.events[0]).fields).toMatchObject({manufacturer: 'tinypilot', source: 'messages'})
    // the NanoKVM (3346:1009) is flagged by its VID:PID (KVM-08, from the registry work's pack data)
    const kvm8 = finding('KVM-08')
    expect(c.events.find((e: {id: string}) => e.id === kvm8.events[0]).fields).toMatchObject({vid: '3346', pid: '1009'})
    // the ordinary devices (Logitech receiver, SanDisk stick, CSR dongle) match no KVM indicator
    const kvmEvents = new Set(c.findings.filter((f: {category: string}) => f.category === 'ip-kvm').flatMap((f: {events: string[]}) => f.events))
    const others = c.events.filter((e: {type: string; id: string}) => e.type === 'usb.device' && !kvmEvents.has(e.id))
    expect(others.map((e: {fields: {vid: string}}) => e.fields.vid).sort()).toEqual(['046d', '0781', '0a12'])

    const combo = loadPack().combinations.find((x) => x.id === 'C-KVM')!
    expect(c.assessment.level).toBe(combo.level)
    expect(c.assessment.reasons.join('\n')).toMatch(/C-KVM/)
    expect(r.code).toBe(combo.level === 'high' ? 1 : 0)
    expect(snapshotTree(root)).toEqual(before)
  })

  it('the same collection as a ZIP gives the same findings', async () => {
    const {root} = collection()
    const {makeZip} = await import('../support/zip-fixtures.js')
    const zipDir = tempDir('usb-e2e-zip-')
    const zip = await makeZip([
      {name: 'uploads/auto/var/log/kern.log.2.gz', data: readFileSync(join(root, 'uploads/auto/var/log/kern.log.2.gz'))},
    ])
    writeFileSync(join(zipDir, 'collection.zip'), zip)
    const out = join(zipDir, 'r.json')
    cli(['scan', join(zipDir, 'collection.zip'), '-f', 'json', '-o', out, '-q', '--deterministic'])
    const c = JSON.parse(readFileSync(out, 'utf8')).cases[0]
    expect(c.findings.map((f: {indicator: string}) => f.indicator)).toContain('KVM-01')
    expect(c.artifacts).toMatchObject([{path: 'collection.zip!uploads/auto/var/log/kern.log.2.gz', logicalPath: 'var/log/kern.log.2.gz', kind: 'crd.syslog'}])
  })
})
