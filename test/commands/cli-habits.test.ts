// Issue #15, CLI half: exit codes and JSON errors in every mode, did-you-mean, default report
// file on a terminal, --out -, --force, output folders, --from/--to, --kinds, the artifacts
// list, case metadata, the report's SHA-256 side file, the closing line, --case-info.
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BUILT, cli} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

const FARM = join(ROOT, 'artifacts-samples', 'laptop-farm')
const BENIGN = join(ROOT, 'artifacts-samples', 'benign-helpdesk')
const tmp = () => tempDir('cli-habits-')
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0

describe.skipIf(!BUILT)('CLI habits', () => {
  it('--json keeps the documented exit codes and prints one error object naming the flag', () => {
    const unknown = cli(['scan', FARM, '--outt', 'x.html', '--json'])
    expect(unknown.code).toBe(2)
    expect(unknown.stdout.length).toBeLessThan(1000) // not the parser's internals
    expect(JSON.parse(unknown.stdout)).toEqual({error: {exitCode: 2, code: 'usage', message: expect.stringMatching(/did you mean --out\?/), flag: '--outt'}})
    const zone = cli(['scan', FARM, '--host-tz', 'Mars/Olympus', '--json', '-o', join(tmp(), 'r.json')])
    expect(zone.code).toBe(2)
    expect(JSON.parse(zone.stdout).error).toMatchObject({exitCode: 2, flag: '--host-tz', message: expect.stringMatching(/Mars\/Olympus/)})
    const nothing = cli(['scan', '/nonexistent/evidence', '--json', '-o', join(tmp(), 'r.json')])
    expect(nothing.code).toBe(3)
    expect(JSON.parse(nothing.stdout).error).toMatchObject({exitCode: 3, code: 'nothing-readable'})
    const caseInfo = cli(['scan', FARM, '--case-info', '/nonexistent/info.csv', '--json', '-o', join(tmp(), 'r.json')])
    expect(JSON.parse(caseInfo.stdout).error).toMatchObject({exitCode: 2, flag: '--case-info', file: '/nonexistent/info.csv'})
  })

  it('an unknown flag or command is one line with the nearest name', () => {
    const flag = cli(['scan', FARM, '--no-formula-gurd'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toBe('Error: unknown flag --no-formula-gurd; did you mean --no-formula-guard? (see dprk-triage scan --help)\n')
    const cmd = cli(['scna', FARM])
    expect(cmd.code).toBe(2)
    expect(cmd.stderr.trim().split('\n')).toHaveLength(1)
    expect(cmd.stderr).toMatch(/unknown command "scna"; did you mean "scan"\?/)
    expect(cli(['indicators', 'lst']).stderr).toMatch(/did you mean "indicators list"\?/)
    expect(JSON.parse(cli(['scna', '--json']).stdout).error).toMatchObject({exitCode: 2, code: 'usage'})
  })

  it.skipIf(!HAS_SCRIPT)('on a terminal without --out the report goes to ./dprk-triage-<case>-<UTC time>.html, and says so', () => {
    const d = tmp()
    // `script` gives the CLI a terminal as stdout, as a responder's shell would
    const cmd = `${process.execPath} ${join(ROOT, 'bin', 'run.js')} scan ${BENIGN}`
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {cwd: d, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
    expect(r.status).toBe(0)
    const files = readdirSync(d).sort()
    expect(files).toHaveLength(2)
    expect(files[0]).toMatch(/^dprk-triage-benign-helpdesk-\d{8}T\d{6}Z\.html$/)
    expect(files[1]).toBe(`${files[0]}.sha256`)
    expect(r.stdout).not.toMatch(/<html/i)
    expect(r.stdout).toContain(`done: report ./${files[0]}`)
  })

  it('--out - writes to stdout; pipes keep stdout; a missing folder is created; existing reports need --force', () => {
    const d = tmp()
    const dash = cli(['scan', BENIGN, '--out', '-', '-f', 'md', '-q'])
    expect(dash.code).toBe(0)
    expect(dash.stdout).toMatch(/^# /m)
    const out = join(d, 'new', 'deeper', 'r.json')
    const first = cli(['scan', BENIGN, '-o', out, '--deterministic'])
    expect(first.code).toBe(0)
    const bytes = readFileSync(out)
    const sha = createHash('sha256').update(bytes).digest('hex')
    // chain of custody: digest on stderr and in a sha256sum-format side file
    expect(readFileSync(`${out}.sha256`, 'utf8')).toBe(`${sha}  r.json\n`)
    expect(first.stderr).toContain(`SHA-256 ${sha}`)
    expect(first.stderr).toMatch(/^done: report .*r\.json; 1 case; artifacts 4 read, \d+ skipped .*, 0 failed; [\d.]+ s$/m)
    const again = cli(['scan', BENIGN, '-o', out, '--json'])
    expect(again.code).toBe(2)
    expect(JSON.parse(again.stdout).error).toMatchObject({flag: '--out', file: out, message: expect.stringMatching(/exists.*--force/)})
    expect(cli(['scan', BENIGN, '-o', out, '-q', '--force', '--deterministic']).code).toBe(0)
    const noCommand = (b: Buffer) => ({...JSON.parse(b.toString('utf8')), command: undefined})
    expect(noCommand(readFileSync(out))).toEqual(noCommand(bytes))
    expect(readFileSync(`${out}.sha256`, 'utf8')).toBe(`${createHash('sha256').update(readFileSync(out)).digest('hex')}  r.json\n`)
    writeFileSync(join(d, 'file'), 'x')
    const blocked = cli(['scan', BENIGN, '-o', join(d, 'file', 'r.json')])
    expect(blocked.code).toBe(2)
    expect(blocked.stderr).toMatch(/folder .*file cannot be created or written \(a file is in the way/)
    expect(blocked.stderr).not.toMatch(/internal error/)
    const quiet = cli(['scan', BENIGN, '-o', join(d, 'q.json'), '-q'])
    expect(quiet.stderr).toBe('')
  })

  it('--from/--to limit the timeline (UTC or an offset); zone-less times are refused', () => {
    const d = tmp()
    const full = JSON.parse(cli(['scan', FARM, '-f', 'json', '-q']).stdout).cases[0]
    const r = cli(['scan', FARM, '-f', 'json', '-o', join(d, 'w.json'), '--from', '2026-03-05', '--to', '2026-03-07T12:00:00+09:00'])
    expect(r.code).toBe(0)
    const c = JSON.parse(readFileSync(join(d, 'w.json'), 'utf8'))
    const lo = Date.parse('2026-03-05T00:00:00Z')
    const hi = Date.parse('2026-03-07T03:00:00Z')
    const timed = c.cases[0].events.filter((e: {time: string | null}) => e.time !== null)
    expect(timed.length).toBeGreaterThan(0)
    for (const e of timed) expect(Date.parse(e.time) >= lo && Date.parse(e.time) <= hi).toBe(true)
    const expected = full.events.filter((e: {time: string | null}) => e.time === null || (Date.parse(e.time) >= lo && Date.parse(e.time) <= hi))
    expect(c.cases[0].events.map((e: {id: string}) => e.id)).toEqual(expected.map((e: {id: string}) => e.id))
    expect(c.method.timeRange).toEqual({from: '2026-03-05T00:00:00.000Z', to: '2026-03-07T03:00:00.000Z'})
    expect(c.cases[0].warnings.join('\n')).toMatch(new RegExp(`${full.events.length - expected.length} events outside`))
    const zoneless = cli(['scan', FARM, '--from', '2026-03-05T10:00', '-f', 'json'])
    expect(zoneless.code).toBe(2)
    expect(zoneless.stderr).toMatch(/--from: .*has no zone/)
  })

  it('--kinds/--exclude-kinds choose the parsers; the artifacts command lists every kind with paths and formats', () => {
    // repeatable flags take one value each, so evidence may follow them (`--kinds anydesk EVIDENCE`)
    const only = JSON.parse(cli(['scan', '--kinds', 'anydesk,browser.chromium_history', FARM, '-f', 'json', '-q']).stdout)
    const kinds = new Set(only.cases[0].artifacts.map((a: {kind: string}) => a.kind))
    expect([...kinds].every((k) => (k as string).startsWith('anydesk.') || k === 'browser.chromium_history')).toBe(true)
    expect(kinds.has('anydesk.trace')).toBe(true)
    expect(only.method.excludedKinds).toContain('programs.uninstall_reg')
    const without = JSON.parse(cli(['scan', FARM, '-f', 'json', '-q', '--exclude-kinds', 'programs.*']).stdout)
    expect(without.cases[0].artifacts.some((a: {kind: string}) => a.kind.startsWith('programs.'))).toBe(false)
    expect(without.cases[0].artifacts.length).toBeGreaterThan(0)
    const typo = cli(['scan', FARM, '--kinds', 'anydsk.trace'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/--kinds: no artifact kind "anydsk.trace"; did you mean anydesk.trace\?/)

    const list = cli(['artifacts'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/^anydesk\.trace\n {2}AnyDesk trace log.*\n {2}path: {3}C:\/ProgramData\/AnyDesk\/ad_svc\.trace/m)
    const j = JSON.parse(cli(['artifacts', '--json']).stdout)
    for (const k of j.kinds) {
      expect(k.paths.length).toBeGreaterThan(0)
      expect(k.formats.length).toBeGreaterThan(0)
    }
    expect(JSON.parse(cli(['artifacts', '--kind', 'browser', '--json']).stdout).kinds.map((k: {kind: string}) => k.kind))
      .toEqual(['browser.safari_history', 'browser.firefox_places', 'browser.firefox_downloads', 'browser.chromium_history'])
  })

  it('case metadata goes into the report method; --case-info gives each case its claimed zone', () => {
    const d = tmp()
    const out = join(d, 'r.json')
    writeFileSync(join(d, 'info.csv'), 'case,claimed_tz,host_tz\nlaptop-farm,America/Chicago,\nbenign-helpdesk,Europe/Berlin,UTC\n')
    const r = cli(['scan', FARM, BENIGN, '-o', out, '-q', '--examiner', 'A. Examiner', '--case-number', 'IR-2026-15', '--organisation', 'ACME IR', '--case-info', join(d, 'info.csv')])
    expect(r.code).toBe(0)
    const rep = JSON.parse(readFileSync(out, 'utf8'))
    expect(rep.method).toMatchObject({examiner: 'A. Examiner', caseNumber: 'IR-2026-15', organisation: 'ACME IR',
      claimedTzByCase: {'laptop-farm': 'America/Chicago', 'benign-helpdesk': 'Europe/Berlin'}, hostTz: {'benign-helpdesk': 'UTC'}})
    expect(rep.cases.map((c: {activity?: {zone: string}}) => c.activity?.zone)).toEqual(['America/Chicago', 'Europe/Berlin'])
    writeFileSync(join(d, 'bad.csv'), 'case,claimed_tz\nlaptop-farm,Mars/Base\nnobody,UTC\n')
    const bad = cli(['scan', FARM, '-o', join(d, 'b.json'), '--case-info', join(d, 'bad.csv')])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/line 2: claimed_tz "Mars\/Base" of case "laptop-farm" is not an IANA time zone/)
    expect(bad.stderr).toMatch(/line 3: no case named "nobody"/)
    expect(existsSync(join(d, 'b.json'))).toBe(false)
  })

  it('indicators validate guesses the kind of file and names entry and field', () => {
    const d = tmp()
    writeFileSync(join(d, 'exits.csv'), 'type,value,source\nip,203.0.113.0/24,analyst list\n')
    expect(cli(['indicators', 'validate', join(d, 'exits.csv')]).stdout).toMatch(/valid \(1 indicators\): IOC list \(--ioc\), guessed from the CSV header/)
    writeFileSync(join(d, 'allow.csv'), 'tool,anydesk,helpdesk\nremote_id,12345678x,\n')
    expect(cli(['indicators', 'validate', join(d, 'allow.csv')]).stdout).toMatch(/valid \(2 entries\): allow list/)
    writeFileSync(join(d, 'rules.yaml'), 'indicators:\n  - id: X-9\n    title: t\n    category: remote-access\n    weight: 2\n    sources: [SW-2024-10]\n    applies_to: [browser.visit]\n    match: {field: url, op: contains, valeu: x}\n')
    const bad = cli(['indicators', 'validate', join(d, 'rules.yaml'), '--json'])
    expect(bad.code).toBe(2)
    const e = JSON.parse(bad.stdout).error
    expect(e.file).toBe(join(d, 'rules.yaml'))
    expect(e.message).toMatch(/indicator "X-9" \(entry 1\), field match: "valeu" is not a known field/)
    expect(e.message).not.toMatch(/must be object|\/indicators\//)
  })
})
