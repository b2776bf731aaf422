// The reduce step: scan A + scan B + scan C, then merge, equals scan A B C byte for byte
// (same links, PER-02 findings, levels), on the bundled samples and on generated cases.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough, type Writable} from 'node:stream'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {loadPack} from '../../src/indicators/load.js'
import {mergeReports, type MergeOptions} from '../../src/lib/merge-reports.js'
import {runScan, type RunScanOptions} from '../../src/lib/run-scan.js'
import {releaseEvents} from '../../src/report/events.js'
import {writeJson} from '../../src/report/json.js'
import {writeJsonl} from '../../src/report/jsonl.js'
import {ReportFileError} from '../../src/report/saved-report.js'
import {ROOT} from '../support/corpus.js'
import {otherFarmHost} from '../support/farm-hosts.js'
// @ts-expect-error plain ESM script without types
import {generateBatchCases} from '../../scripts/gen-batch-cases.mjs'

const S = join(ROOT, 'artifacts-samples')
const dir = mkdtempSync(join(tmpdir(), 'dprk-merge-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
const SAME = {generatedAt: '2024-01-02T03:04:05.000Z', command: 'dprk-triage run'}
const pack = loadPack({})

async function collect(write: (out: Writable) => Promise<unknown>): Promise<string> {
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (b: Buffer) => parts.push(b))
  await write(out)
  out.end()
  return Buffer.concat(parts).toString('utf8')
}

/** One JSON report per case, as separate scans (separate machines) write them. */
async function perCaseReports(evidence: string[], opts: Partial<RunScanOptions>, sub: string): Promise<string[]> {
  mkdirSync(join(dir, sub), {recursive: true})
  const files: string[] = []
  for (const ev of evidence) {
    const r = await runScan({...opts, evidence: [ev], generatedAt: '2020-01-01T00:00:00.000Z', command: `dprk-triage scan ${ev}`})
    const f = join(dir, sub, `${r.cases[0]!.id}.json`)
    try {
      writeFileSync(f, await collect((out) => writeJson(r, out)))
    } finally {
      releaseEvents(r)
    }
    files.push(f)
  }
  return files
}

const merged = (files: string[], extra: Partial<MergeOptions> = {}) =>
  collect((out) => mergeReports({files, pack, format: 'json', out, ...SAME, ...extra}))

describe('merge of per-case reports', () => {
  // the folder and the ZIP are one laptop collected twice; farm-host-2 is another laptop of the farm
  const samples = [join(S, 'laptop-farm'), join(S, 'benign-helpdesk'), join(S, 'laptop-farm-velociraptor.zip'), otherFarmHost(join(dir, 'farm-host-2'), 2)]

  it('equals the joint scan of the samples byte for byte (same-host notes, links, PER-02, levels)', async () => {
    const joint = await runScan({evidence: samples, ...SAME})
    const want = await collect((out) => writeJson(joint, out))
    const files = await perCaseReports(samples, {}, 'samples')
    const got = await merged(files)
    expect(got).toBe(want)
    const r = JSON.parse(got)
    expect(r.links.length).toBeGreaterThan(0)
    expect(r.cases.map((c: {assessment: {level: string}}) => c.assessment.level)).toEqual(joint.cases.map((c) => c.assessment.level))
    expect(r.cases[0].findings.some((f: {indicator: string}) => f.indicator === 'PER-02')).toBe(true)
    // merge found the twins from the reports alone (hostIdentity and artifact hashes)
    expect(r.cases.map((c: {sameHost?: {cases: string[]}}) => c.sameHost?.cases.join('+'))).toEqual(['laptop-farm+laptop-farm-velociraptor.zip', undefined, 'laptop-farm+laptop-farm-velociraptor.zip', undefined])
    expect(r.links.every((l: {cases: string[]}) => l.cases.includes('farm-host-2'))).toBe(true)
    // the twins alone: no link, no PER-02, the note, in scan and merge alike
    const twins = await merged([files[0]!, files[2]!])
    expect(twins).toBe(await collect(async (out) => writeJson(await runScan({evidence: [samples[0]!, samples[2]!], ...SAME}), out)))
    const t = JSON.parse(twins)
    expect(t.links).toEqual([])
    expect(t.cases[0].sameHost.identity.map((v: {type: string}) => v.type)).toEqual(['anydesk-alias', 'anydesk-id', 'computer-name', 'crd-host-id', 'crd-host-name'])
    expect(t.cases.some((c: {findings: Array<{indicator: string}>}) => c.findings.some((f) => f.indicator === 'PER-02'))).toBe(false)
    // each single-case report had no links and said persona-link could not be evaluated
    const alone = JSON.parse(readFileSync(files[0]!, 'utf8'))
    expect(alone.links).toEqual([])
    expect(alone.cases[0].findings.some((f: {indicator: string}) => f.indicator === 'PER-02')).toBe(false)
  })

  it('a merged report merges again: PER-02 of its own links is computed afresh', async () => {
    const files = await perCaseReports(samples, {}, 'again')
    const ab = join(dir, 'again', 'ab.json.out')
    writeFileSync(ab, await merged(files.slice(0, 2)))
    expect(await merged([ab, ...files.slice(2)])).toBe(await merged(files))
  })

  it('the JSONL of a merge is the joint scan\'s: one Timesketch timeline, the case a field of every row', async () => {
    const joint = await runScan({evidence: samples, ...SAME})
    const files = await perCaseReports(samples, {}, 'jsonl')
    const got = await collect((out) => mergeReports({files, pack, format: 'jsonl', out, ...SAME}))
    expect(got).toBe(await collect((out) => writeJsonl(joint, out)))
    const rows = got.trim().split('\n').map((l) => JSON.parse(l))
    expect(new Set(rows.map((r) => r.case))).toEqual(new Set(['laptop-farm', 'benign-helpdesk', 'laptop-farm-velociraptor.zip', 'farm-host-2']))
    for (const row of rows) {
      // Timesketch's importer: message, datetime (ISO with Z), timestamp_desc; timestamp in µs
      expect(typeof row.message).toBe('string')
      expect(typeof row.timestamp_desc).toBe('string')
      if (row.datetime !== null) {
        expect(row.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
        expect(Number.isInteger(row.timestamp)).toBe(true)
        expect(Math.floor(row.timestamp / 1000)).toBe(Date.parse(row.datetime))
      }
    }
    expect(rows.some((r) => r.tag.includes('PER-02'))).toBe(true)
  })

  describe('generated cases', () => {
    const cases: string[] = []
    beforeAll(() => {
      const root = join(dir, 'generated')
      generateBatchCases(root, 7)
      for (let n = 1; n <= 7; n++) cases.push(join(root, `case-00${n}`))
    })

    it('equals the joint scan with --claimed-tz, in-memory and spilled timelines alike', async () => {
      const opts = {claimedTz: 'America/Chicago'}
      const joint = await runScan({evidence: cases, ...opts, ...SAME})
      const files = await perCaseReports(cases, {...opts, spillAt: 25}, 'gen')
      const got = await merged(files)
      expect(got).toBe(await collect((out) => writeJson(joint, out)))
      expect(joint.links.some((l) => l.type === 'anydesk-id' && l.cases.length >= 3)).toBe(true)
      // order by case id (what --from-dir does) puts shuffled files in the batch order
      expect(await merged([...files].reverse(), {order: 'case-id'})).toBe(got)
    }, 180_000)

    it('refuses duplicate case ids and reports scanned with other settings', async () => {
      const files = await perCaseReports(cases.slice(0, 2), {}, 'plain')
      const tz = await perCaseReports(cases.slice(2, 3), {claimedTz: 'Asia/Seoul'}, 'tz')
      await expect(merged([files[0]!, files[0]!])).rejects.toThrow(/case id "case-001" is in both .* ids must be unique/)
      await expect(merged([...files, ...tz])).rejects.toThrow(ReportFileError)
      await expect(merged([...files, ...tz])).rejects.toThrow(/--claimed-tz Asia\/Seoul/)
      const rules = join(dir, 'rules.yaml')
      writeFileSync(rules, 'indicators: []\n')
      await expect(merged(files, {pack: loadPack({rules: [rules]})})).rejects.toThrow(/give merge the same --rules/)
    })
  })
})
