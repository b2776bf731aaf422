// Hostile gzip files (issue #13: rotated logs are read through src/evidence/gzip.ts): a gzip
// bomb behind a valid syslog start, a truncated `.gz`, a `.gz` cut inside its header, and
// corrupt deflate data. Each runs in the fuzz child (support/fuzz.ts) with the default limits
// (ratio 1000:1 above 1 MiB): a warning, never a crash, bounded time and memory, evidence
// unchanged.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {FIXTURES} from '../support/corpus.js'
import {allWarnings, checkedScan, FuzzHost} from '../support/fuzz.js'

const KERN = readFileSync(join(FIXTURES, 'usb', 'kern.log'))

let host: FuzzHost
beforeAll(() => {
  host = new FuzzHost(512)
})
afterAll(async () => {
  await host.close()
})

describe('fuzz: hostile gzip', () => {
  it('a gzip bomb (1 GiB of zeros in about 1 MB, after real syslog lines) stops at the ratio limit', async () => {
    // concatenated gzip members are one stream to gunzip: 64 copies of 16 MiB of zeros
    const zeros = gzipSync(Buffer.alloc(16 * 1024 * 1024), {level: 9})
    const bomb = Buffer.concat([gzipSync(KERN), ...Array.from({length: 64}, () => zeros)])
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024)
    const dir = host.evidence({'var/log/kern.log.2.gz': bomb})
    const t0 = performance.now()
    const {outcome, problems} = await checkedScan(host, dir, {timeoutMs: 60_000})
    const ms = performance.now() - t0
    expect(problems).toEqual([])
    const r = outcome.reply!
    expect(r.artifacts.map((a) => [a.path, a.kind])).toEqual([['var/log/kern.log.2.gz', 'crd.syslog']])
    expect(['partial', 'failed']).toContain(r.artifacts[0]!.status)
    expect(allWarnings(r).join('\n')).toMatch(/compression ratio over the limit \(1000:1: \d+ bytes from \d+ stored bytes\); not read further \(possible gzip bomb\)/)
    // the lines before the bomb were still read (streaming, nothing held whole)
    expect(r.artifacts[0]!.events).toBe(3)
    expect(r.maxRss).toBeLessThan(400 * 1024 * 1024)
    console.log(`fuzz gzip bomb: ${Math.round(ms)} ms, child peak RSS ${Math.round(r.maxRss / 1024 / 1024)} MiB`)
  }, 90_000)

  it('a truncated .gz: partial with the reason, the events before the cut kept', async () => {
    const text = Buffer.concat([KERN, Buffer.from('Jun  3 03:00:00 worker-laptop systemd[1]: Started anacron.service.\n'.repeat(20000))])
    const gz = gzipSync(text)
    const dir = host.evidence({'var/log/syslog.2.gz': gz.subarray(0, gz.length >> 1)})
    const {outcome, problems} = await checkedScan(host, dir)
    expect(problems).toEqual([])
    const a = outcome.reply!.artifacts
    expect(a).toHaveLength(1)
    expect(a[0]).toMatchObject({path: 'var/log/syslog.2.gz', kind: 'crd.syslog', status: 'partial', events: 3})
    expect(a[0]!.warnings.join('\n')).toMatch(/unexpected end of file \(truncated file\)/)
  })

  it('a .gz cut inside its header, and one with corrupt deflate data, are warned about', async () => {
    const gz = gzipSync(KERN)
    const corrupt = Buffer.from(gz)
    corrupt.fill(0xff, 10, 40)
    const dir = host.evidence({'var/log/kern.log.1.gz': gz.subarray(0, 6), 'var/log/kern.log.2.gz': corrupt})
    const {outcome, problems} = await checkedScan(host, dir)
    expect(problems).toEqual([])
    const w = allWarnings(outcome.reply!)
    expect(w.some((m) => /^var\/log\/kern\.log\.1\.gz: could not be read \(gzip data unreadable: unexpected end of file \(truncated file\)\)$/.test(m)), w.join('\n')).toBe(true)
    expect(w.some((m) => /^var\/log\/kern\.log\.2\.gz: could not be read \(gzip data unreadable: .+\)$/.test(m)), w.join('\n')).toBe(true)
  })
})
