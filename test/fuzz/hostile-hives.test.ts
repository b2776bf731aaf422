// Hostile registry hives (reference §3.8): cell loops, lists pointing outside the bins, huge
// declared sizes, truncated bins, logs that do not match, and seeded random mutations of the
// fixture hives. Each must end in warnings or `failed`, never a crash or a hang.
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {registryHive} from '../../src/artifacts/hive/index.js'
import {baseBlockChecksum, BufferSource, Hive, replayLogs} from '../../src/formats/regf/index.js'
import {ntuserHive, softwareHive, systemHive} from '../support/hive-fixtures.js'
import {mulberry32} from '../support/fuzz.js'
import {scanWith} from '../support/run-parser.js'

const dir = mkdtempSync(join(tmpdir(), 'hostile-hives-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
let n = 0
async function scanBytes(bytes: Buffer, side: Record<string, Buffer> = {}) {
  const d = join(dir, String(n++), 'Windows', 'System32', 'config')
  mkdirSync(d, {recursive: true})
  writeFileSync(join(d, 'SYSTEM'), bytes)
  for (const [name, b] of Object.entries(side)) writeFileSync(join(d, name), b)
  const started = Date.now()
  const r = await scanWith(join(d, 'SYSTEM'), {parsers: [registryHive]})
  return {...r, ms: Date.now() - started}
}

const fixBase = (b: Buffer) => {
  b.writeUInt32LE(baseBlockChecksum(b), 508)
  return b
}
/** File offset of a cell's data from a hive offset. */
const at = (off: number) => 4096 + off + 4

function rootInfo(b: Buffer) {
  const h = new Hive(new BufferSource(b))
  return {h, root: h.root()!}
}

describe('hostile hives', () => {
  it('a subkey list pointing back at the root (cell loop) is cut with a warning', async () => {
    const b = systemHive()
    const {root} = rootInfo(b)
    b.writeUInt32LE(root.offset, at(root.subkeyList) + 4) // first lf entry -> root
    const warnings: string[] = []
    const h = new Hive(new BufferSource(b), {warn: (m) => void warnings.push(m)})
    const paths = [...h.walk()].map((x) => x.path)
    expect(paths.length).toBeLessThan(100)
    expect(warnings.join('\n')).toMatch(/already visited/)
    const r = await scanBytes(b)
    expect(r.artifacts[0]!.warnings.join('\n')).toMatch(/without a ControlSet00N/)
    expect(r.artifacts[0]!.status).toBe('partial')
  })

  it('an ri list that contains itself is followed one level only', async () => {
    const b = systemHive()
    const {root} = rootInfo(b)
    const list = at(root.subkeyList)
    b.write('ri', list, 'latin1')
    b.writeUInt16LE(2, list + 2)
    b.writeUInt32LE(root.subkeyList, list + 4)
    b.writeUInt32LE(root.subkeyList, list + 8)
    const r = await scanBytes(b)
    expect(r.artifacts[0]!.warnings.join('\n')).toMatch(/nested ri list/)
  })

  it('lists and values pointing outside the bins, and huge declared sizes, are warnings', async () => {
    const b = systemHive()
    const {h, root} = rootInfo(b)
    const sub = h.subkeys(root)
    const anydesk = h.values(h.open('ControlSet001\\Services\\AnyDesk')!)[0]!
    const select = h.values(h.open('Select')!)[0]!
    const usb = h.open('ControlSet001\\Enum\\USB')!
    b.writeUInt32LE(0x7ffffff8, at(sub[0]!.offset) + 28) // a subkey list far outside
    b.writeUInt16LE(0xffff, at(usb.subkeyList) + 2) // a list declaring 65,535 entries
    b.writeUInt32LE(0x7ffffff0, at(anydesk.offset) + 4) // a value with a 2 GB data size
    b.writeInt32LE(-0x7ffffff8, 4096 + select.offset) // a cell larger than the hive
    const r = await scanBytes(b)
    expect(r.artifacts[0]!.warnings.length).toBeGreaterThan(0)
    expect(r.ms).toBeLessThan(20_000)
  })

  it('a truncated hive (bins cut short) and a hive that is only a base block are read or failed, not crashed', async () => {
    const full = systemHive()
    const cut = await scanBytes(full.subarray(0, 4096 + 700))
    expect(cut.artifacts[0]!.warnings.join('\n')).toMatch(/truncated|outside|beyond/)
    const onlyBase = await scanBytes(full.subarray(0, 4096))
    expect(['partial', 'failed']).toContain(onlyBase.artifacts[0]!.status)
  })

  it('logs that do not match (garbage entries, bad hashes, another hive) are refused with reasons', async () => {
    const b = systemHive()
    b.writeUInt32LE(2, 4) // primary 2, secondary 1: dirty
    fixBase(b)
    const log = Buffer.alloc(8192)
    b.copy(log, 0, 0, 512)
    log.writeUInt32LE(6, 28) // new-format log
    log.writeUInt32LE(1, 4)
    log.writeUInt32LE(1, 8)
    fixBase(log)
    log.write('HvLE', 512, 'latin1')
    log.writeUInt32LE(1024, 516)
    log.writeUInt32LE(1, 524)
    log.writeUInt32LE(4096, 528)
    log.writeUInt32LE(1, 532) // one page, hashes left zero: must fail the Marvin32 check
    const r = await scanBytes(b, {'system.log1': log, 'SYSTEM.LOG2': Buffer.from('not a log at all')})
    const a = r.artifacts[0]!
    expect(a.warnings.join('\n')).toMatch(/Marvin32/)
    expect(a.notes!.join('\n')).toMatch(/no log applied/)
    expect(a.notes!.join('\n')).toMatch(/SYSTEM\.LOG2: no regf base block/)
    expect(a.sideFiles!.length).toBe(2)
    // the hive is still read from the primary
    expect(r.events.some((e) => e.type === 'usb.device')).toBe(true)
  })

  it('replayLogs never throws on random log bytes', () => {
    const b = fixBase(Object.assign(systemHive(), {}))
    b.writeUInt32LE(9, 4)
    fixBase(b)
    const rand = mulberry32(1234)
    for (let i = 0; i < 50; i++) {
      const log = Buffer.alloc(4096 + Math.floor(rand() * 8192))
      for (let j = 0; j < log.length; j++) log[j] = Math.floor(rand() * 256)
      b.copy(log, 0, 0, 512)
      log.writeUInt32LE(6, 28)
      log.write('HvLE', 512, 'latin1')
      const res = replayLogs(new BufferSource(b), [{name: 'l', source: new BufferSource(log)}])
      expect(res.dirty).toBe(true)
    }
  })

  it('seeded random mutations of the three fixture hives never crash or hang', async () => {
    const rand = mulberry32(20261202)
    const seeds = [systemHive(), ntuserHive(), softwareHive()]
    for (let i = 0; i < 60; i++) {
      const b = Buffer.from(seeds[i % 3]!)
      const flips = 1 + Math.floor(rand() * 40)
      for (let j = 0; j < flips; j++) {
        const pos = 4096 + Math.floor(rand() * (b.length - 4096))
        b[pos] = rand() < 0.5 ? 0xff : Math.floor(rand() * 256)
      }
      const r = await scanBytes(b)
      expect(r.artifacts).toHaveLength(1)
      expect(['parsed', 'partial', 'failed']).toContain(r.artifacts[0]!.status)
      expect(r.ms).toBeLessThan(10_000)
    }
  }, 300_000)
})
