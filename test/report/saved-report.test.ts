// render's input: a saved JSON report read back gives every writer the bytes it writes from the
// scan itself; reports of another schema or version, or broken ones, are refused with a reason.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runScan} from '../../src/lib/run-scan.js'
import type {Report} from '../../src/lib/model.js'
import {releaseEvents} from '../../src/report/events.js'
import {loadSavedReport, ReportFileError} from '../../src/report/saved-report.js'
import {FORMATS, writeReport, type Format} from '../../src/report/writers.js'
import {ROOT} from '../support/corpus.js'
import {otherFarmHost} from '../support/farm-hosts.js'

const S = join(ROOT, 'artifacts-samples')
const dir = mkdtempSync(join(tmpdir(), 'dprk-saved-'))
// the folder and the ZIP are one laptop collected twice (a same-host note); farm-host-2 is another laptop (links)
const EVIDENCE = [join(S, 'laptop-farm'), join(S, 'benign-helpdesk'), join(S, 'laptop-farm-velociraptor.zip'), otherFarmHost(join(dir, 'farm-host-2'), 2)]
afterAll(() => rmSync(dir, {recursive: true, force: true}))

async function text(format: Format, r: Report, formulaGuard = true): Promise<string> {
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (b: Buffer) => parts.push(b))
  await writeReport(format, r, out, {formulaGuard})
  out.end()
  return Buffer.concat(parts).toString('utf8')
}

describe('a saved JSON report read back', () => {
  let scanned: Report
  let spilled: Report
  const file = join(dir, 'joint.json')
  beforeAll(async () => {
    const opts = {evidence: EVIDENCE, claimedTz: 'America/Chicago', generatedAt: '2024-01-02T03:04:05.000Z', command: 'dprk-triage scan x'}
    scanned = await runScan(opts)
    spilled = await runScan({...opts, spillAt: 9})
    writeFileSync(file, await text('json', scanned))
  })
  afterAll(() => releaseEvents(spilled))

  for (const format of FORMATS) {
    it(`renders ${format} byte for byte as scan writes it (events in memory, and spilled to disk)`, async () => {
      const want = await text(format, scanned)
      expect(want.length).toBeGreaterThan(1000)
      expect(await text(format, loadSavedReport(file))).toBe(want)
      expect(await text(format, spilled)).toBe(want)
    })
  }

  it('carries what a merge needs: link values and host identity before the events, PER-02 on linked events', () => {
    const saved = JSON.parse(readFileSync(file, 'utf8'))
    const farm = saved.cases[0]
    expect(Object.keys(farm).slice(0, 6)).toEqual(['id', 'evidence', 'artifacts', 'linkValues', 'hostIdentity', 'events'])
    expect(farm.hostIdentity).toContainEqual({type: 'anydesk-id', value: '731904622'})
    expect(farm.sameHost.cases).toEqual(['laptop-farm', 'laptop-farm-velociraptor.zip'])
    expect(farm.linkValues.some((v: {type: string}) => v.type === 'ip')).toBe(true)
    expect(saved.links.length).toBeGreaterThan(0)
    const r = loadSavedReport(file)
    expect(r.cases.map((c) => c.internal!.eventCount)).toEqual(scanned.cases.map((c) => c.events.length))
    expect(r.cases[0]!.internal!.linkValues).toEqual(scanned.cases[0]!.internal!.linkValues)
    expect(r.cases[0]!.internal!.hostIdentity).toEqual(scanned.cases[0]!.internal!.hostIdentity)
    expect(r.cases[0]!.sameHost).toEqual(scanned.cases[0]!.sameHost)
  })

  it('reads any JSON layout, not only the one scan writes', async () => {
    const compact = join(dir, 'compact.json')
    writeFileSync(compact, JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))))
    expect(await text('md', loadSavedReport(compact))).toBe(await text('md', scanned))
  })

  const broken = (name: string, edit: (r: Record<string, any>) => unknown, raw?: string) => {
    const p = join(dir, name)
    if (raw !== undefined) writeFileSync(p, raw)
    else {
      const r = JSON.parse(readFileSync(file, 'utf8'))
      edit(r)
      writeFileSync(p, JSON.stringify(r, null, 2))
    }
    return p
  }

  it('refuses another schema, another tool version, a non-report and a report that breaks the schema', () => {
    const cases: Array<[string, RegExp]> = [
      [broken('schema.json', (r) => (r.schema = 'dprk-triage/report@2')), /not a dprk-triage\/report@1 report \(its schema is "dprk-triage\/report@2"\)/],
      [broken('version.json', (r) => (r.generator.version = '0.0.1')), /written by dprk-triage "0\.0\.1", this is .*scan the evidence again/],
      [broken('html.json', () => 0, '<!doctype html><html></html>'), /not a JSON report/],
      [broken('truncated.json', () => 0, readFileSync(file, 'utf8').slice(0, 5000)), /not valid JSON at byte \d+/],
      [broken('event.json', (r) => (r.cases[1].events[3].time = 'yesterday')), /case "benign-helpdesk" event 3 does not match the report schema: \/time/],
      [broken('case.json', (r) => (r.cases[0].assessment.level = 'severe')), /case "laptop-farm" does not match the report schema/],
      [join(dir, 'missing.json'), /cannot be read \(ENOENT\)/],
    ]
    for (const [p, message] of cases) {
      expect(() => loadSavedReport(p), p).toThrow(ReportFileError)
      expect(() => loadSavedReport(p), p).toThrow(message)
    }
  })
})
