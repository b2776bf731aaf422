// The scan command end to end on the bundled samples and the shared corpus: contract schema,
// exit codes, determinism, stdout hygiene, and evidence left byte-identical.
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import Ajv from 'ajv'
import {describe, expect, it} from 'vitest'

import {cli, BUILT} from '../support/cli.js'
import {CORPUS, HAS_CORPUS, ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'
import {snapshotTree} from '../support/evidence-guard.js'

const SAMPLES = join(ROOT, 'artifacts-samples')
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8'))
const validate = new Ajv({allErrors: true, strict: false}).compile(schema)

function tmp(): string {
  return tempDir('scan-cli-')
}

describe.skipIf(!BUILT)('scan command', () => {
  it('writes a report that validates against the shipped JSON Schema (samples + corpus)', () => {
    const out = join(tmp(), 'r.json')
    const args = ['scan', join(SAMPLES, 'laptop-farm'), join(SAMPLES, 'laptop-farm-velociraptor.zip'), '--format', 'json', '--out', out, '-q']
    if (HAS_CORPUS) args.splice(2, 0, join(CORPUS, 'remote'))
    const r = cli(args)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(readFileSync(out, 'utf8'))
    const ok = validate(report)
    expect(validate.errors ?? []).toEqual([])
    expect(ok).toBe(true)
    expect(report.cases.map((c: {id: string}) => c.id)).toEqual(HAS_CORPUS
      ? ['laptop-farm', 'remote', 'laptop-farm-velociraptor.zip'] : ['laptop-farm', 'laptop-farm-velociraptor.zip'])
    // the folder and the Velociraptor ZIP of the same files give the same timeline
    const strip = (c: {events: Array<Record<string, unknown>>}) => c.events.map((e) => [e.time, e.type, e.message, e.location])
    expect(strip(report.cases.at(-1))).toEqual(strip(report.cases[0]))
    const farm = report.cases[0]
    const sessions = farm.events.filter((e: {type: string; artifact: string}) => e.type === 'remote_access.session_start' && e.artifact === 'C/ProgramData/AnyDesk/ad_svc.trace')
    expect(sessions).toHaveLength(7)
    expect(sessions[0]).toMatchObject({time: '2026-03-02T00:31:12.104000Z', timeBasis: 'assumed-utc', fields: {remote_ip: '203.0.113.77', remote_id: '918273645', auth_method: 'passphrase', auth_profile: '_unattended_access'}})
  })

  it('is deterministic: two runs give byte-identical JSON and JSONL', () => {
    const d = tmp()
    for (const fmt of ['json', 'jsonl']) {
      // the same command twice (the report records its own command line, output path included)
      // (--force: the second run overwrites the first report, which is kept without it)
      const args = ['scan', join(SAMPLES, 'laptop-farm'), '--claimed-tz', 'America/Chicago', '-f', fmt, '-o', join(d, `r.${fmt}`), '-q', '--deterministic', '--force']
      expect(cli(args).code).toBe(0)
      const first = readFileSync(join(d, `r.${fmt}`))
      expect(cli(args).code).toBe(0)
      expect(readFileSync(join(d, `r.${fmt}`))).toEqual(first)
    }
    const fixed = cli(['scan', join(SAMPLES, 'benign-helpdesk'), '-f', 'json', '-q'], {SOURCE_DATE_EPOCH: '1767225600'})
    expect(JSON.parse(fixed.stdout).generatedAt).toBe('2026-01-01T00:00:00.000000Z')
    const none = cli(['scan', join(SAMPLES, 'benign-helpdesk'), '-f', 'json', '-q', '--deterministic'])
    expect(JSON.parse(none.stdout).generatedAt).toBeUndefined()
  })

  it('JSONL is Timesketch-ready: one object per line with message, datetime, timestamp_desc, timestamp', () => {
    const r = cli(['scan', join(SAMPLES, 'laptop-farm'), '-f', 'jsonl', '-q'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(lines.length).toBeGreaterThan(40)
    for (const l of lines) {
      expect(typeof l.message).toBe('string')
      expect(typeof l.timestamp_desc).toBe('string')
      if (l.datetime !== null) {
        expect(l.datetime).toMatch(/Z$/)
        expect(l.timestamp).toBe(Date.parse(l.datetime) * 1000 + Number((/\.\d{3}(\d{3})Z$/.exec(l.datetime)?.[1]) ?? 0))
      }
    }
    const s = lines.find((l) => l.data_type === 'remote_access.session_start' && l.remote_ip === '198.51.100.23')
    expect(s).toMatchObject({datetime: '2026-03-07T03:14:09.104000Z', timestamp: 1772853249104000, remote_id: '554433221', auth_method: 'password'})
  })

  it('keeps stdout for the report only; the summary goes to stderr', () => {
    const r = cli(['scan', join(SAMPLES, 'benign-helpdesk'), '-f', 'json'])
    expect(() => JSON.parse(r.stdout)).not.toThrow()
    expect(r.stderr).toMatch(/benign-helpdesk/)
    expect(r.stderr).not.toMatch(/\x1b\[/) // no colour off a TTY / with NO_COLOR
  })

  it('--json prints a machine summary', () => {
    const out = join(tmp(), 'r.json')
    const r = cli(['scan', join(SAMPLES, 'benign-helpdesk'), '-o', out, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({cases: [{id: 'benign-helpdesk', artifacts: 4, failedArtifacts: 0, status: 'ok'}], out, failedCases: [], exitCode: 0})
  })

  it('documented exit codes: usage 2, nothing readable 3', () => {
    expect(cli(['scan', join(SAMPLES, 'laptop-farm'), '--no-such-flag']).code).toBe(2)
    expect(cli(['scan', join(SAMPLES, 'laptop-farm'), '--host-tz', 'Mars/Olympus']).code).toBe(2)
    expect(cli(['scan', join(SAMPLES, 'laptop-farm'), '--host-tz', 'nocase=UTC']).code).toBe(2)
    const missing = cli(['scan', '/nonexistent/evidence', '-f', 'json'])
    expect(missing.code).toBe(3)
    expect(missing.stderr).toMatch(/nothing readable/)
    const empty = tmp()
    writeFileSync(join(empty, 'notes.txt'), 'nothing to see')
    expect(cli(['scan', empty, '-q', '-f', 'json']).code).toBe(3)
    expect(cli(['scan']).code).toBe(2)
  })

  it('refuses to write the report inside the evidence', () => {
    const ev = tmp()
    cpSync(join(SAMPLES, 'benign-helpdesk'), ev, {recursive: true})
    const before = snapshotTree(ev)
    const r = cli(['scan', ev, '-o', join(ev, 'C', 'report.json')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/inside the evidence/)
    expect(snapshotTree(ev)).toEqual(before)
  })

  it('leaves every evidence file byte-identical, with nothing added (samples and corpus copies)', () => {
    const d = tmp()
    cpSync(SAMPLES, join(d, 'samples'), {recursive: true, preserveTimestamps: true})
    if (HAS_CORPUS) cpSync(CORPUS, join(d, 'corpus'), {recursive: true, preserveTimestamps: true})
    const before = snapshotTree(d)
    const r = cli(['scan', join(d, 'samples'), ...(HAS_CORPUS ? [join(d, 'corpus')] : []), '-o', join(tmp(), 'r.jsonl'), '-f', 'jsonl', '-q'])
    expect(r.code).toBe(0)
    expect(snapshotTree(d)).toEqual(before)
  })
})
