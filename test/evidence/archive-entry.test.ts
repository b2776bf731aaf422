// ZIPs that are evidence themselves (inside a folder, or inside a collection ZIP) become
// archive.entry events with sizes, CRC, hashes and the right time source; the collection
// container given as the argument does not.
import {createHash} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {scanCase} from '../../src/lib/scan-case.js'
import {makeDosZip, makeZip} from '../support/zip-fixtures.js'
import {tempDir} from '../support/tmp.js'

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex')

describe('archives that are evidence', () => {
  it('a staged ZIP in a folder: one event per member, UT extra-field time as UTC, member hashes', async () => {
    const dir = tempDir('arch-')
    const staged = await makeZip([
      {name: 'Customer-Contracts/contract-001.pdf', data: '%PDF-1.7 contract one'},
      {name: 'Customer-Contracts/payroll.xlsx', data: 'PK fake xlsx', compress: false},
    ])
    writeFileSync(join(dir, 'upload.zip'), staged)
    const r = await scanCase(dir, {caseId: 'c'})
    expect(r.artifacts).toEqual([{
      path: 'upload.zip', logicalPath: 'upload.zip', kind: 'archive.zip', sha256: sha(staged), size: staged.length, status: 'parsed', events: 2, warnings: [],
    }])
    expect(r.events.map((e) => [e.type, e.time, e.timeBasis, e.location, e.fields.entry_name, e.fields.size, e.fields.time_source, e.fields.sha256, e.fields.crc_ok])).toEqual([
      ['archive.entry', '2024-01-02T03:04:05.000000Z', 'utc', 'entry 1', 'Customer-Contracts/contract-001.pdf', 21, 'unix-extra', sha('%PDF-1.7 contract one'), true],
      ['archive.entry', '2024-01-02T03:04:05.000000Z', 'utc', 'entry 2', 'Customer-Contracts/payroll.xlsx', 12, 'unix-extra', sha('PK fake xlsx'), true],
    ])
  })

  it('DOS-only member times are zone-unknown: assumed UTC, or converted with --host-tz', async () => {
    const dir = tempDir('arch-')
    // yazl writes DOS fields in the local time of the machine running the test; pin them by
    // reading back what was written rather than assuming the test machine's zone
    const zip = await makeDosZip([{name: 'loot.txt', data: 'x'}], new Date(2024, 4, 6, 7, 8, 10))
    writeFileSync(join(dir, 'loot.zip'), zip)
    const a = await scanCase(dir, {caseId: 'c'})
    expect(a.events[0]).toMatchObject({time: '2024-05-06T07:08:10.000000Z', timeBasis: 'assumed-utc', fields: {time_source: 'dos', dos_time: '2024-05-06 07:08:10'}})
    const b = await scanCase(dir, {caseId: 'c', hostTz: 'Asia/Seoul'})
    expect(b.events[0]).toMatchObject({time: '2024-05-05T22:08:10.000000Z', timeBasis: 'local-converted'})
  })

  it('inside a collection ZIP: the nested archive is listed, the container is not', async () => {
    const dir = tempDir('arch-')
    const inner = await makeZip([{name: 'secret.docx', data: 'doc'}])
    writeFileSync(join(dir, 'collection.zip'), await makeZip([{name: 'uploads/auto/C%3A/Users/bob/Desktop/send.zip', data: inner}]))
    const r = await scanCase(join(dir, 'collection.zip'), {caseId: 'c'})
    expect(r.artifacts.map((a) => [a.path, a.logicalPath, a.kind, a.sha256])).toEqual([
      ['collection.zip!uploads/auto/C%3A/Users/bob/Desktop/send.zip', 'C:/Users/bob/Desktop/send.zip', 'archive.zip', sha(inner)],
    ])
    expect(r.events.map((e) => e.fields.entry_name)).toEqual(['secret.docx'])
  })

  it('hashes small members from the block cache and large ones through streams; damage is reported', async () => {
    const dir = tempDir('arch-')
    // incompressible and over 1 MiB packed: read through yauzl's streams, not the block cache
    const big = Buffer.alloc(3 * 1024 * 1024 + 7)
    for (let i = 0, x = 1; i < big.length; i++) big[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24
    const zip = await makeZip([
      {name: 'a.txt', data: 'STORED-PAYLOAD-aaaa', compress: false},
      {name: 'b.bin', data: big},
      {name: 'c.txt', data: 'STORED-PAYLOAD-cccc', compress: false},
    ])
    // flip one byte of c.txt's stored data: its CRC no longer matches
    const at = zip.indexOf('STORED-PAYLOAD-cccc')
    zip[at] = 0x73
    writeFileSync(join(dir, 'staged.zip'), zip)
    const r = await scanCase(dir, {caseId: 'c'})
    expect(r.events.map((e) => [e.fields.entry_name, e.fields.sha256, e.fields.crc_ok])).toEqual([
      ['a.txt', sha('STORED-PAYLOAD-aaaa'), true],
      ['b.bin', sha(big), true],
      ['c.txt', sha('sTORED-PAYLOAD-cccc'), false],
    ])
    expect(r.warnings.some((w) => /staged\.zip!c\.txt: CRC-32 mismatch/.test(w))).toBe(true)
  })

  it('a member whose local header is damaged is listed with a note, the others are hashed', async () => {
    const dir = tempDir('arch-')
    const zip = await makeZip([{name: 'one.txt', data: 'first member'}, {name: 'two.txt', data: 'second member'}])
    const second = zip.indexOf(Buffer.from('PK\x03\x04', 'latin1'), 4)
    zip[second + 3] = 0x09 // local header signature broken
    writeFileSync(join(dir, 'damaged.zip'), zip)
    const r = await scanCase(dir, {caseId: 'c'})
    expect(r.events[0]!.fields).toMatchObject({entry_name: 'one.txt', sha256: sha('first member'), crc_ok: true})
    expect(r.events[1]!.fields.sha256).toBeUndefined()
    expect(String(r.events[1]!.fields.note)).toMatch(/^unreadable: invalid local file header signature/)
  })

  it('an archive of 32 MiB or more is hashed by a worker thread while its members are listed', async () => {
    const {PARALLEL_HASH_MIN_BYTES} = await import('../../src/lib/parallel-hash.js')
    const dir = tempDir('arch-')
    const payload = Buffer.alloc(PARALLEL_HASH_MIN_BYTES + 1000)
    for (let i = 0; i < payload.length; i += 4) payload.writeUInt32LE(i * 2654435761 >>> 0, i)
    const zip = await makeZip([{name: 'dump.bin', data: payload, compress: false}, {name: 'note.txt', data: 'hi'}])
    writeFileSync(join(dir, 'big.zip'), zip)
    const r = await scanCase(dir, {caseId: 'c'})
    expect(r.artifacts[0]).toMatchObject({path: 'big.zip', kind: 'archive.zip', sha256: sha(zip), size: zip.length, status: 'parsed', events: 2})
    expect(r.events.map((e) => [e.fields.entry_name, e.fields.sha256])).toEqual([['dump.bin', sha(payload)], ['note.txt', sha('hi')]])
  }, 30_000)
})
