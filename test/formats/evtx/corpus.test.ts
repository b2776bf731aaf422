// The EVTX reader on the real files of the shared corpus (reference §1.9, §6; PROVENANCE.tsv):
// record counts equal the §1.9 walker column for every file, and exact values of named records.
import {readdirSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {readAll, readOrdered} from './support.js'

const dir = (...p: string[]) => corpusPath('evtx', ...p)

// reference §1.9 "walker" column (equal to libevtx's item counts)
const COUNTS: Array<[string, number]> = [
  ['mdecrevoisier/ID1149-RDP success logins to multiple hosts.evtx', 11],
  ['mdecrevoisier/ID7045-Random service installation.evtx', 2],
  ['mdecrevoisier/ID4688,4778,4779 RDP hijack direct.evtx', 14],
  ['mdecrevoisier/ID4103-4104-OpenSSH server install.evtx', 30],
  ['omerbenamram/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx', 1774],
  ['omerbenamram/2-vss_7-System.evtx', 1160],
  ['omerbenamram/Application_no_crc32.evtx', 17],
  ['omerbenamram/sample_with_a_bad_chunk_magic.evtx', 267],
  ['python-evtx/dns_log_malformed.evtx', 5],
  ['sbousseaden/DE_RDP_Tunneling_4624.evtx', 18],
  ['sbousseaden/DFIR_RDP_Client_TimeZone_RdpCoreTs_104_example.evtx', 21],
]

const named = (r: {data: string[]; names: Array<string | null>}) => Object.fromEntries(r.names.map((n, i) => [n ?? `#${i}`, r.data[i]]))

describe.skipIf(!HAS_CORPUS)('EVTX reader on the corpus', () => {
  it('covers every staged .evtx file', () => {
    const staged = readdirSync(dir()).flatMap((d) => readdirSync(dir(d)).map((f) => `${d}/${f}`)).sort()
    expect(staged).toEqual(COUNTS.map(([f]) => f).sort())
  })

  for (const [file, n] of COUNTS) {
    it(`${file}: ${n} records walked, none unreadable`, async () => {
      const {records, chunks} = await readAll(dir(file))
      expect(records.length).toBe(n)
      expect(chunks.flatMap((c) => c.bad)).toEqual([])
      // every walked record has its place, written time and event time
      for (const r of records) {
        expect(r.recordId).toBeGreaterThan(0)
        expect(r.offset).toBeGreaterThanOrEqual(4096 + 512)
        expect(r.eventId).not.toBeNull()
      }
    })
  }

  it('2-vss_7-System: reads past the header chunk count; record 964 is the TeamViewer 13 service install', async () => {
    const {header, records, chunks} = await readAll(dir('omerbenamram/2-vss_7-System.evtx'))
    expect(header).toMatchObject({chunkCount: 4, nextRecordId: 371, dirty: true})
    expect(chunks.filter((c) => c.status === 'empty').length).toBe(6)
    const ids = records.map((r) => r.recordId)
    expect(ids[0]).toBe(1)
    expect(ids.at(-1)).toBe(1422)
    expect(ids.filter((i) => i > 1155 && i < 1418)).toEqual([])
    const r964 = records.find((r) => r.recordId === 964)!
    expect(r964).toMatchObject({provider: 'Service Control Manager', eventId: 7045, channel: 'System', timeCreated: '2018-07-30T23:11:32.9575219Z'})
    expect(named(r964)).toEqual({
      ServiceName: 'TeamViewer 13', ImagePath: '"C:\\Program Files (x86)\\TeamViewer\\TeamViewer_Service.exe"',
      ServiceType: 'user mode service', StartType: 'auto start', AccountName: 'LocalSystem',
    })
    const r965 = records.find((r) => r.recordId === 965)!
    expect(named(r965)).toMatchObject({ServiceName: 'TeamViewer VPN Adapter', ImagePath: '\\SystemRoot\\System32\\drivers\\teamviewervpn.sys', ServiceType: 'kernel mode driver'})
    expect(records.find((r) => r.recordId === 967)).toMatchObject({eventId: 10317})
    expect(named(records.find((r) => r.recordId === 967)!).AdapterName).toBe('TeamViewer VPN Adapter')
  })

  it('4778/4779 carry the client name and address', async () => {
    const {records} = await readAll(dir('mdecrevoisier/ID4688,4778,4779 RDP hijack direct.evtx'))
    const by = (id: number) => records.filter((r) => r.eventId === id)
    expect(by(4688).length).toBe(12)
    expect(by(4778).map(named)).toEqual([{AccountName: 'admmarsid', AccountDomain: 'OFFSEC', LogonID: '0x6a423', SessionName: 'RDP-Tcp#8', ClientName: 'JUMP01', ClientAddress: '10.23.23.9'}])
    expect(by(4779).map(named)[0]).toMatchObject({AccountName: 'admmig', ClientName: 'JUMP01', ClientAddress: '10.23.23.9'})
  })

  it('all 11 template-less (forwarded) 1149 records are parsed with their UserData', async () => {
    const {records} = await readAll(dir('mdecrevoisier/ID1149-RDP success logins to multiple hosts.evtx'))
    expect(records.map((r) => r.eventId)).toEqual(Array(11).fill(1149))
    for (const r of records) {
      expect(r.provider).toBe('Microsoft-Windows-TerminalServices-RemoteConnectionManager')
      expect(r.names).toEqual(['Param1', 'Param2', 'Param3'])
      expect(r.data[2]).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
      expect(r.timeCreated).toMatch(/^2\d{3}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
    }
  })

  it('7045 sample: values and a written time of 0 (rebuilt file) kept as null', async () => {
    const {records} = await readAll(dir('mdecrevoisier/ID7045-Random service installation.evtx'))
    const r = records.find((x) => x.eventId === 7045)!
    expect(named(r)).toEqual({ServiceName: 'bad-task', ImagePath: 'virusé.exe', ServiceType: 'user mode service', StartType: 'demand start', AccountName: 'LocalSystem'})
    expect(r.writtenTime).toBeNull()
    expect(records[0]!.writtenTime).toMatch(/^2020-07-11T/)
  })

  it('no-CRC file (flag 0x4): CRCs not checked, nothing dropped', async () => {
    const {header, chunks, records} = await readAll(dir('omerbenamram/Application_no_crc32.evtx'))
    expect(header.crcOk).toBeNull()
    expect(header.minorVersion).toBe(2)
    expect(chunks[0]!.headerCrcOk).toBeNull()
    expect(records.map((r) => r.recordId)).toEqual(Array.from({length: 17}, (_, i) => 426 + i))
  })

  it('wrapped, torn ring: records in EventRecordID order, CRC mismatches reported, slack carved as recovered', async () => {
    const f = await readAll(dir('omerbenamram/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx'))
    expect(f.header).toMatchObject({firstChunk: 10, lastChunk: 9, wrapped: true, dirty: true})
    // chunk 1 is torn: its walk runs from 401513 into newer records (463010...) written over it
    const ordered = (await readOrdered(dir('omerbenamram/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx'))).map((r) => r.recordId)
    expect(ordered.length).toBe(1774)
    expect([...ordered].sort((a, b) => a - b)).toEqual(ordered)
    expect(ordered[0]).toBe(352106)
    expect(ordered.at(-1)).toBe(463330)
    expect(f.chunks.filter((c) => c.dataCrcOk === false).map((c) => c.index).sort((a, b) => a - b)).toEqual([1, 15])
    expect(f.recovered.length).toBeGreaterThan(0)
    expect(f.recovered.every((r) => r.recovered)).toBe(true)
    expect(f.records.filter((r) => r.eventId === 1149).length).toBeGreaterThan(0)
  })

  it('bad chunk magic: keeps going past garbage and zero chunks', async () => {
    const f = await readAll(dir('omerbenamram/sample_with_a_bad_chunk_magic.evtx'))
    expect(f.chunks.filter((c) => c.status === 'bad-magic').map((c) => c.index).sort((a, b) => a - b)).toEqual([6, 10])
    expect(f.chunks.filter((c) => c.status === 'empty').length).toBe(10)
    expect(f.chunks.filter((c) => c.walkStopped).map((c) => c.index).sort((a, b) => a - b)).toEqual([0, 7, 9])
  })

  it('ANSI values that are not ASCII decode as windows-1252, never crash (python-evtx #37)', async () => {
    const {records} = await readAll(dir('python-evtx/dns_log_malformed.evtx'))
    expect(records.length).toBe(5)
    expect(records.slice(1).every((r) => r.data.some((d) => /[^\x00-\x7f]/.test(d)))).toBe(true)
  })

  it('RdpCoreTS 104 TimezoneBiasHour and 4624 type-10 from loopback', async () => {
    const tz = await readAll(dir('sbousseaden/DFIR_RDP_Client_TimeZone_RdpCoreTs_104_example.evtx'))
    expect(tz.records.every((r) => r.eventId === 104 && r.names[0] === 'TimezoneBiasHour')).toBe(true)
    const sec = await readAll(dir('sbousseaden/DE_RDP_Tunneling_4624.evtx'))
    const t10 = sec.records.filter((r) => named(r).LogonType === '10')
    expect(t10.map((r) => named(r).IpAddress)).toEqual(['127.0.0.1'])
    expect(named(sec.records[0]!).LogonProcessName?.endsWith(' ')).toBe(true) // values are not trimmed (§1.8 P8)
  })
})
