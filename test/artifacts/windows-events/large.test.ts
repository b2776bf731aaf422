// Large and oversize exports: elements are cut out one at a time (never one giant parse).
import {Readable} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {readWindowsEvents} from '../../../src/artifacts/windows-events/reader.js'
import {CRD_EVENTS} from '../crd/scenario.js'
import {clixml, wevtutilXml, type EvSpec} from './fixtures.js'

async function count(buf: Buffer, wantProvider?: (p: string) => boolean): Promise<{n: number; warnings: string[]}> {
  let n = 0
  const warnings: string[] = []
  const parts: Buffer[] = []
  for (let i = 0; i < buf.length; i += 65536) parts.push(buf.subarray(i, i + 65536))
  await readWindowsEvents(Readable.from(parts), () => n++, {warn: (m) => warnings.push(m), wantProvider})
  return {n, warnings}
}

describe('windows-events reader: size', () => {
  it('reads 40,000 concatenated events in streaming chunks, fully parsing only the wanted provider', async () => {
    const many: EvSpec[] = []
    for (let i = 0; i < 40000; i++) {
      const e = CRD_EVENTS[i % CRD_EVENTS.length]!
      many.push({...e, recordId: i + 1, provider: i % 10 === 0 ? 'chromoting' : 'Microsoft-Windows-Security-SPP'})
    }
    const buf = Buffer.from(wevtutilXml(many, '\r\n'))
    const t0 = Date.now()
    const {n, warnings} = await count(buf, (p) => p === 'chromoting')
    expect(n).toBe(4000)
    expect(warnings).toEqual([])
    expect(Date.now() - t0).toBeLessThan(15000)
  })

  it('an <Event> element over 1 MiB is skipped with a warning; the next one is read', async () => {
    const big: EvSpec = {...CRD_EVENTS[1]!, data: ['x'.repeat(1100 * 1024)]}
    const {n, warnings} = await count(Buffer.from(wevtutilXml([big, CRD_EVENTS[2]!], '\n')))
    expect(n).toBe(1)
    expect(warnings).toEqual(['line 1: <Event> element longer than 1048576 characters without </Event>; skipped'])
  })

  it('a CLIXML object over 4 MiB is skipped with a warning; the next one is read', async () => {
    const big: EvSpec = {...CRD_EVENTS[1]!, data: ['y'.repeat(4200 * 1024)]}
    const {n, warnings} = await count(Buffer.from(clixml([big, CRD_EVENTS[2]!], [])))
    expect(n).toBe(1)
    expect(warnings).toEqual(['object 1 (line 2) is larger than 4194304 characters; skipped'])
  })
})
