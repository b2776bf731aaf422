// The fixture writer (test/support/evtx-writer.ts) is checked against an independent reader:
// python-evtx must read back every record and value it writes, so the fixtures are real EVTX and
// not a format only our reader understands. Skipped without evtx_dump.py.
import {spawnSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {CRD_EVENTS} from '../../artifacts/crd/scenario.js'
import {ANYDESK_7045, applicationEvtx, PIKVM_400} from '../../support/evtx-fixtures.js'
import {writeEvtx} from '../../support/evtx-writer.js'
import {readAll} from './support.js'
import {tempDir} from '../../support/tmp.js'

const PY = spawnSync('sh', ['-c', 'command -v evtx_dump.py']).status === 0

function save(buf: Buffer): string {
  const p = join(tempDir('evtx-writer-'), 'x.evtx')
  writeFileSync(p, buf)
  return p
}

describe('EVTX fixture writer', () => {
  it('our reader gets back every record, value and time (CRCs valid)', async () => {
    const f = await readAll(save(writeEvtx([ANYDESK_7045, PIKVM_400])))
    expect(f.header.crcOk).toBe(true)
    expect(f.chunks[0]).toMatchObject({headerCrcOk: true, dataCrcOk: true})
    expect(f.records.map((r) => [r.eventRecordId, r.eventId, r.timeCreated, r.provider])).toEqual([
      ['4101', 7045, '2024-05-16T08:59:12.1234567Z', 'Service Control Manager'],
      ['88', 400, '2024-05-16T09:05:01.5000000Z', 'Microsoft-Windows-Kernel-PnP'],
    ])
    expect(f.records[0]!.data).toEqual(ANYDESK_7045.data!.map((d) => d.value))
    expect(f.records[1]!.names).toEqual(PIKVM_400.data!.map((d) => d.name))
  })

  it.skipIf(!PY)('python-evtx reads the written files too', () => {
    for (const buf of [writeEvtx([ANYDESK_7045, PIKVM_400]), applicationEvtx(CRD_EVENTS)]) {
      const r = spawnSync('evtx_dump.py', [save(buf)], {encoding: 'utf8'})
      expect(r.status, r.stderr).toBe(0)
      const events = r.stdout.match(/<Event xmlns/g) ?? []
      expect(events.length).toBeGreaterThan(1)
    }
    const xml = spawnSync('evtx_dump.py', [save(writeEvtx([ANYDESK_7045, PIKVM_400]))], {encoding: 'utf8'}).stdout
    expect(xml).toContain('<Data Name="ServiceName">AnyDesk Service</Data>')
    expect(xml).toContain('<Data Name="DeviceInstanceId">USB\\VID_1D6B&amp;PID_0104\\CAFEBABE</Data>')
    expect(xml).toContain('<EventRecordID>4101</EventRecordID>')
    expect(xml).toMatch(/<TimeCreated SystemTime="2024-05-16 08:59:12\.12345\d"/)
    const crd = spawnSync('evtx_dump.py', [save(applicationEvtx(CRD_EVENTS))], {encoding: 'utf8'}).stdout
    expect((crd.match(/<Provider Name="chromoting"/g) ?? []).length).toBe(CRD_EVENTS.length)
    expect(crd).toContain(`<Data>${CRD_EVENTS[1]!.data[0]}</Data>`)
  })
})
