#!/usr/bin/env node
// Generates N per-case JSON reports (the map step's output) for the `merge` benchmark:
// <dir>/case-00001.json ..., each one case of E events, made from the report `scan` writes for
// artifacts-samples/benign-helpdesk (same schema, tool version and method, so merge accepts
// them). Events are AnyDesk-style sessions: every case's remote IP is shared with a few others
// (one in 100 /24 addresses of 198.51.100.0/24, RFC 5737), one in ten cases shares a remote ID,
// so links and PER-02 findings have real work. Deterministic.
//
//   node scripts/gen-case-reports.mjs <dir> [cases=10000] [events=1000]
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

function template() {
  const t = mkdtempSync(join(tmpdir(), 'dprk-gen-reports-'))
  try {
    const out = join(t, 'r.json')
    execFileSync(process.execPath, [join(ROOT, 'bin', 'run.js'), 'scan', join(ROOT, 'artifacts-samples', 'benign-helpdesk'), '--format', 'json', '--out', out, '--deterministic', '-q'], {stdio: 'inherit'})
    return JSON.parse(readFileSync(out, 'utf8'))
  } finally {
    rmSync(t, {recursive: true, force: true})
  }
}

export function generateCaseReports(dir, cases = 10000, events = 1000) {
  const base = template()
  const {cases: _c, links: _l, ...top} = base
  mkdirSync(dir, {recursive: true})
  const t0 = Date.UTC(2024, 2, 1)
  let bytes = 0
  for (let n = 1; n <= cases; n++) {
    const id = `case-${String(n).padStart(5, '0')}`
    const prefix = `ev-${(n * 2654435761 >>> 0).toString(16).padStart(8, '0')}abcd-`
    const ip = `198.51.100.${(n % 100) + 1}`
    const remoteId = n % 10 === 0 ? '918273645' : String(700000000 + n)
    const artifact = `C/Users/dev${n}/AppData/Roaming/AnyDesk/ad.trace`
    const evs = []
    const ids = []
    let first = null
    let last = null
    for (let i = 0; i < events; i++) {
      const time = new Date(t0 + n * 60_000 + i * 97_000).toISOString()
      const eid = prefix + i.toString(36)
      const session = i % 4 === 0
      const e = {
        id: eid, time, timeBasis: 'utc', type: session ? 'remote_access.session_start' : 'remote_access.log', timestampDesc: session ? 'Session start' : 'Log time',
        artifact, location: `line ${i + 1}`,
        message: session ? `AnyDesk incoming session from ${ip} (ID ${remoteId})` : `AnyDesk log line ${i + 1}`,
        fields: session ? {tool: 'anydesk', remote_ip: ip, remote_id: remoteId, direction: 'incoming'} : {tool: 'anydesk', level: 'info'},
        indicators: session ? ['RA-01'] : [],
        raw: `info ${time.replace('T', ' ').replace('Z', '')} gsvc 1234 5678 anynet.relay_conn - ${session ? `connection from ${ip}` : 'keepalive'}`,
      }
      if (session) {
        ids.push(eid)
        first ??= time
        last = time
      }
      evs.push(e)
    }
    const c = {
      id, evidence: `/evidence/share/${id}`,
      artifacts: [{path: artifact, logicalPath: `C:/Users/dev${n}/AppData/Roaming/AnyDesk/ad.trace`, kind: 'anydesk.trace', sha256: 'a'.repeat(64), size: events * 120, status: 'parsed', events, warnings: []}],
      linkValues: [{type: 'anydesk-id', value: remoteId, ids, first, last}, {type: 'ip', value: ip, ids, first, last}],
      events: evs,
      findings: [{indicator: 'RA-01', title: 'AnyDesk in use', category: 'remote-access', severity: 'medium', events: ids, first, last, weight: 3}],
      assessment: {score: 10, level: 'low', categories: ['remote-access'], reasons: ['Level low: generated case.']},
      warnings: [],
    }
    const text = JSON.stringify({...top, cases: [c], links: []}, null, 2) + '\n'
    writeFileSync(join(dir, `${id}.json`), text)
    bytes += text.length
  }
  return {cases, events, bytes}
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dir, n, e] = process.argv.slice(2)
  if (!dir) {
    process.stderr.write('usage: gen-case-reports.mjs <dir> [cases=10000] [events=1000]\n')
    process.exit(2)
  }
  const r = generateCaseReports(dir, n === undefined ? 10000 : Number(n), e === undefined ? 1000 : Number(e))
  process.stdout.write(`${dir}: ${r.cases} case reports of ${r.events} events, ${r.bytes} bytes\n`)
}
