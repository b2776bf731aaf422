// Batch runs: every subfolder/ZIP of a folder is a case, processed in worker threads with the
// same results as one worker; per-case reports named from case ids; a failing case does not
// stop the others and is named in the summary and the exit code.
import {cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT, cli} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

const SAMPLES = join(ROOT, 'artifacts-samples')

function batchDir(): string {
  const d = tempDir('batch-')
  const share = join(d, 'share')
  mkdirSync(share)
  cpSync(join(SAMPLES, 'laptop-farm'), join(share, 'laptop-farm'), {recursive: true})
  cpSync(join(SAMPLES, 'benign-helpdesk'), join(share, 'benign helpdesk; rm -rf ~'), {recursive: true})
  cpSync(join(SAMPLES, 'laptop-farm-velociraptor.zip'), join(share, 'farm2.zip'))
  return d
}

const strip = (text: string) => {
  const r = JSON.parse(text)
  delete r.command
  return r
}

describe.skipIf(!BUILT)('scan --batch', () => {
  it('one report per case plus all-cases, a summary line per case, identical with 1 or 2 workers', () => {
    const d = batchDir()
    const two = cli(['scan', '--batch', join(d, 'share'), '--out', join(d, 'out2'), '-f', 'json', '-j', '2', '-q', '--deterministic'])
    const one = cli(['scan', '--batch', join(d, 'share'), '--out', join(d, 'out1'), '-f', 'json', '-j', '1', '-q', '--deterministic'])
    expect([two.code, one.code]).toEqual([0, 0])
    const files = readdirSync(join(d, 'out2')).filter((f) => !f.endsWith('.sha256')).sort()
    expect(files).toEqual(['all-cases.json', 'case-benign_helpdesk_rm_-rf_.json', 'case-farm2.zip.json', 'case-laptop-farm.json'])
    for (const f of files) expect(strip(readFileSync(join(d, 'out2', f), 'utf8'))).toEqual(strip(readFileSync(join(d, 'out1', f), 'utf8')))
    // stdout: a CSV with a header row (README "Batch runs"), every cell quoted except numbers
    const [header, ...rows] = two.stdout.trimEnd().split('\r\n')
    expect(header).toBe('case,status,level,score,artifacts,failed_artifacts,events,findings,report,sha256')
    const cells = rows.map((l) => l.match(/"(?:[^"]|"")*"|[^,]+/g)!.map((c) => c.replace(/^"|"$/g, '').replace(/""/g, '"')))
    expect(cells.map((l) => [l[0], l[1]])).toEqual([['benign helpdesk; rm -rf ~', 'ok'], ['farm2.zip', 'ok'], ['laptop-farm', 'ok']])
    expect(cells[2]![8]).toBe(join(d, 'out2', 'case-laptop-farm.json'))
    expect(readFileSync(join(d, 'out2', 'case-laptop-farm.json.sha256'), 'utf8')).toBe(`${cells[2]![9]}  case-laptop-farm.json\n`)
    const all = JSON.parse(readFileSync(join(d, 'out2', 'all-cases.json'), 'utf8'))
    // the folder and its Velociraptor ZIP are one laptop collected twice: a note, not links
    expect(all.links).toEqual([])
    expect(all.cases.map((c: {sameHost?: {cases: string[]}}) => c.sameHost?.cases.join())).toEqual([undefined, 'farm2.zip,laptop-farm', 'farm2.zip,laptop-farm'])
    const single = JSON.parse(readFileSync(join(d, 'out2', 'case-laptop-farm.json'), 'utf8'))
    expect(single.cases.map((c: {id: string}) => c.id)).toEqual(['laptop-farm'])
    expect(single.cases[0].sameHost.identity).toContainEqual({type: 'anydesk-id', value: '731904622'})
    expect(single.links).toEqual([])
  })

  it('--batch on one collection (KAPE folder, extracted Velociraptor collection) scans it as one case, not its C and triage folders', () => {
    const d = tempDir('batch-root-')
    cpSync(join(SAMPLES, 'laptop-farm'), join(d, 'laptop-farm'), {recursive: true})
    const r = cli(['scan', '--batch', join(d, 'laptop-farm'), '--out', join(d, 'out'), '-f', 'json', '--deterministic'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/note: --batch .*laptop-farm: it is a KAPE-style collection \(drive folder C\/ProgramData\); scanned as one case/)
    expect(readdirSync(join(d, 'out')).filter((f) => !f.endsWith('.sha256')).sort()).toEqual(['all-cases.json', 'case-laptop-farm.json'])
    const all = JSON.parse(readFileSync(join(d, 'out', 'all-cases.json'), 'utf8'))
    expect(all.cases.map((c: {id: string; artifacts: unknown[]}) => [c.id, c.artifacts.length])).toEqual([['laptop-farm', 10]])
    // a Velociraptor offline collection unpacked into a folder
    const vr = join(d, 'vr')
    mkdirSync(join(vr, 'uploads', 'auto'), {recursive: true})
    cpSync(join(SAMPLES, 'laptop-farm', 'C'), join(vr, 'uploads', 'auto', 'C%3A'), {recursive: true})
    cpSync(join(SAMPLES, 'laptop-farm', 'triage'), join(vr, 'uploads', 'auto', 'triage'), {recursive: true})
    mkdirSync(join(vr, 'results'))
    const v = cli(['scan', '--batch', vr, '--out', join(d, 'out-vr'), '-f', 'json', '-q'])
    expect(v.code).toBe(0)
    expect(v.stdout.trimEnd().split('\r\n').slice(1).map((l) => l.split(',')[0])).toEqual(['"vr"'])
  })

  it('a case that cannot be read is reported as failed; the others complete; exit 5', () => {
    const d = batchDir()
    symlinkSync(join(d, 'gone'), join(d, 'share', 'broken-link.zip'))
    const r = cli(['scan', '--batch', join(d, 'share'), join(d, 'also-missing'), '--out', join(d, 'out'), '-f', 'json', '--json'])
    expect(r.code).toBe(5)
    const summary = JSON.parse(r.stdout)
    expect(summary.failedCases).toEqual(['also-missing'])
    expect(summary.cases.find((c: {id: string}) => c.id === 'laptop-farm')).toMatchObject({status: 'ok', level: expect.any(String)})
    const failed = JSON.parse(readFileSync(join(d, 'out', 'case-also-missing.json'), 'utf8')).cases[0]
    expect(failed).toMatchObject({failed: true, warnings: ['case failed: evidence cannot be opened (ENOENT)']})
  })

  it('needs --out DIR', () => {
    const d = batchDir()
    expect(cli(['scan', '--batch', join(d, 'share')]).code).toBe(2)
  })
})
