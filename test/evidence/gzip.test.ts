// Gzipped rotated logs (src/evidence/gzip.ts): a `.gz` is read as its decompressed content
// under its name without `.gz`; the artifact record keeps the stored path, size and SHA-256 of
// the compressed bytes, and reports the decompressed size. Bombs and truncation give warnings.
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {describe, expect, it} from 'vitest'

import {crdSyslog} from '../../src/artifacts/crd/syslog.js'
import {gunzipFiles} from '../../src/evidence/gzip.js'
import {DEFAULT_LIMITS, type EvidenceLimits} from '../../src/evidence/virtual-file.js'
import {walkEvidence} from '../../src/evidence/walk.js'
import {scanCase} from '../../src/lib/scan-case.js'
import {FIXTURES} from '../support/corpus.js'
import {scanWith} from '../support/run-parser.js'
import {makeZip} from '../support/zip-fixtures.js'
import {tempDir} from '../support/tmp.js'

const KERN = readFileSync(join(FIXTURES, 'usb', 'kern.log'))
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

function tree(files: Record<string, Buffer | string>): string {
  const root = tempDir('gz-')
  const mtime = new Date('2024-06-03T12:00:00Z')
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(dirname(p), {recursive: true})
    writeFileSync(p, data)
    utimesSync(p, mtime, mtime)
  }
  return root
}

async function listing(root: string, limits: EvidenceLimits = DEFAULT_LIMITS) {
  const warnings: string[] = []
  const out: Array<{path: string; contentPath?: string; text: string}> = []
  const warn = (w: string) => void warnings.push(w)
  for await (const f of gunzipFiles(walkEvidence(root, limits, warn), limits, warn)) {
    const chunks: Buffer[] = []
    for await (const c of (await f.open()) as AsyncIterable<Buffer>) chunks.push(c)
    out.push({path: f.path, contentPath: f.compressed?.contentPath, text: Buffer.concat(chunks).toString()})
  }
  return {out, warnings}
}

describe('gzip files in the evidence', () => {
  it('a .gz is decompressed under its name without .gz; other files, non-gzip .gz and .tar.gz pass as they are', async () => {
    const root = tree({
      'var/log/syslog.2.gz': gzipSync('hello\n'),
      'var/log/plain.gz': 'not gzip at all\n',
      'var/backup.tar.gz': gzipSync('tar bytes'),
      'var/log/syslog': 'current\n',
    })
    const {out, warnings} = await listing(root)
    expect(warnings).toEqual([])
    expect(out.map((o) => [o.path, o.contentPath ?? null])).toEqual([
      ['var/backup.tar.gz', null],
      ['var/log/plain.gz', null],
      ['var/log/syslog', null],
      ['var/log/syslog.2.gz', 'var/log/syslog.2'],
    ])
    expect(out.map((o) => o.text).slice(1)).toEqual(['not gzip at all\n', 'current\n', 'hello\n'])
    // the .tar.gz stays compressed bytes (an archive of files, not one log)
    expect(out[0]!.text.startsWith('\x1f')).toBe(true)
  })

  it('concatenated gzip members (what `cat a.gz b.gz` and some rotators write) read as one text', async () => {
    const root = tree({'var/log/kern.log.1.gz': Buffer.concat([gzipSync('one\n'), gzipSync('two\n')])})
    expect((await listing(root)).out[0]!.text).toBe('one\ntwo\n')
  })

  it('the artifact record: stored path, logical path and size with .gz, SHA-256 of the compressed bytes, decompressed size', async () => {
    const gz = gzipSync(KERN)
    const root = tree({'var/log/kern.log.2.gz': gz})
    const {artifacts, events} = await scanWith(root)
    expect(artifacts).toEqual([{
      path: 'var/log/kern.log.2.gz', logicalPath: 'var/log/kern.log.2.gz', kind: 'crd.syslog', sha256: sha(gz), size: gz.length,
      decompressedSize: KERN.length, status: 'parsed', events: 3, warnings: [],
    }])
    expect(events.map((e) => [e.artifact, e.fields.source, e.fields.vid])).toEqual([
      ['var/log/kern.log.2.gz', 'kern.log', '046d'], ['var/log/kern.log.2.gz', 'kern.log', '1d6b'], ['var/log/kern.log.2.gz', 'kern.log', '0781'],
    ])
  })

  it('a .gz member of a collection ZIP is read the same way, hashed as stored in the ZIP', async () => {
    const gz = gzipSync(KERN)
    const root = tree({'collection.zip': await makeZip([{name: 'uploads/auto/var/log/kern.log.3.gz', data: gz, compress: false}])})
    const {artifacts, events} = await scanWith(join(root, 'collection.zip'))
    expect(artifacts).toMatchObject([{path: 'collection.zip!uploads/auto/var/log/kern.log.3.gz', logicalPath: 'var/log/kern.log.3.gz', sha256: sha(gz), size: gz.length, status: 'parsed'}])
    expect(events.filter((e) => e.type === 'usb.device')).toHaveLength(3)
  })

  it('a truncated .gz: the lines before the cut are parsed, the artifact is partial with the reason', async () => {
    // enough text that the cut falls well after the PiKVM lines
    const text = Buffer.concat([KERN, Buffer.from(Array.from({length: 4000}, (_, i) => `Jun  3 03:00:00 worker-laptop systemd[1]: unit ${i} ${sha(Buffer.from(String(i)))}\n`).join(''))])
    const gz = gzipSync(text)
    const root = tree({'var/log/kern.log.2.gz': gz.subarray(0, Math.floor(gz.length * 0.8))})
    const {artifacts, events} = await scanWith(root, {parsers: [crdSyslog]})
    expect(artifacts).toHaveLength(1)
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings.join('\n')).toMatch(/gzip data unreadable: unexpected end of file \(truncated file\)/)
    expect(artifacts[0]!.sha256).toBe(sha(gz.subarray(0, Math.floor(gz.length * 0.8))))
    expect(artifacts[0]!.decompressedSize).toBeUndefined()
    expect(events.some((e) => e.fields.serial === 'CAFEBABE')).toBe(true)
  })

  it('a gzip bomb stops at the ratio limit with a warning, never reading it whole', async () => {
    // a log line, then 16 MiB of zeros, named like a rotated syslog
    const bomb = gzipSync(Buffer.concat([Buffer.from('Jun  3 01:00:00 h kernel: usb 1-1: New USB device found, idVendor=1d6b, idProduct=0104\n'), Buffer.alloc(16 * 1024 * 1024)]), {level: 9})
    const root = tree({'var/log/syslog.2.gz': bomb})
    const limits = {...DEFAULT_LIMITS, maxRatio: 100}
    const r = await scanCase(root, {caseId: 't', limits, parsers: [crdSyslog]})
    expect(r.artifacts).toHaveLength(1)
    expect(r.artifacts[0]!.status).toMatch(/partial|failed/)
    expect(r.artifacts[0]!.warnings.join('\n')).toMatch(/compression ratio over the limit \(100:1: \d+ bytes from \d+ stored bytes\); not read further \(possible gzip bomb\)/)
    expect(r.artifacts[0]!.sha256).toBe(sha(bomb))
  })

  it('the byte budget across all gzip files of one evidence argument', async () => {
    const root = tree({'var/log/syslog.1.gz': gzipSync(KERN), 'var/log/syslog.2.gz': gzipSync(KERN)})
    // the sniff and the parse of the first file read it twice; the second file's first read passes the limit
    const limits = {...DEFAULT_LIMITS, maxArchiveBytes: 2 * KERN.length + 10}
    const r = await scanCase(root, {caseId: 't', limits, parsers: [crdSyslog]})
    // syslog.2 is at a known location (/var/log/syslog): listed as failed with the reason, the stored bytes hashed (#14.3)
    expect(r.artifacts.map((a) => [a.path, a.status])).toEqual([['var/log/syslog.1.gz', 'parsed'], ['var/log/syslog.2.gz', 'failed']])
    expect(r.artifacts[1]!.sha256).toBe(sha(gzipSync(KERN)))
    expect(r.artifacts[1]!.warnings).toEqual([expect.stringMatching(/^not read: the file could not be opened \(archive byte limit \(\d+ bytes uncompressed\) reached while decompressing\)$/)])
    expect(r.warnings).toEqual([])
  })
})
