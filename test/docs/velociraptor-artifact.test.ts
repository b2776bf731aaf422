// The Velociraptor server artifact of docs/velociraptor (issue #16): no Velociraptor server runs
// here, so this checks what can break without one: the artifact is valid YAML with the fields a
// server artifact needs, the VQL calls only functions and arguments of the documented VQL
// reference, and the command line its `execve` builds is one dprk-triage accepts — run here on
// the bundled Velociraptor collection ZIP, it writes the per-flow JSON report that `merge` reads.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {BUILT, cli} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

const FILE = join(ROOT, 'docs', 'velociraptor', 'Server.Enrichment.DPRKTriage.yaml')
const artifact = parse(readFileSync(FILE, 'utf8')) as {
  name: string; type: string; required_permissions: string[]
  parameters: Array<{name: string; default?: string; type?: string}>; sources: Array<{query: string}>
}
const query = artifact.sources.map((s) => s.query).join('\n')

// Functions and plugins with the arguments the artifact passes, from docs.velociraptor.app/vql_reference
// (server/create_flow_download, server/file_store, event-plugins/watch_monitoring, popular/execve,
// basic/format, basic/if, basic/foreach, basic/scope).
const DOCUMENTED: Record<string, string[]> = {
  watch_monitoring: ['artifact', 'client_id', 'source'],
  create_flow_download: ['client_id', 'flow_id', 'wait', 'type', 'template', 'password', 'format', 'expand_sparse', 'name'],
  file_store: ['path'],
  execve: ['argv', 'sep', 'length', 'env', 'cwd'],
  format: ['format', 'args'],
  if: ['condition', 'then', 'else'],
  foreach: ['row', 'query', 'async', 'workers', 'column'],
  scope: [],
}

describe('Velociraptor server artifact (docs/velociraptor)', () => {
  it('is a SERVER_EVENT artifact with its parameters and the EXECVE permission', () => {
    expect(artifact.name).toBe('Server.Enrichment.DPRKTriage')
    expect(artifact.type).toBe('SERVER_EVENT')
    expect(artifact.required_permissions).toContain('EXECVE')
    expect(artifact.parameters.map((p) => p.name)).toEqual(['ArtifactRegex', 'DprkTriage', 'ReportDir', 'ClaimedTz'])
    // every parameter the query uses is declared
    for (const p of ['ArtifactRegex', 'DprkTriage', 'ReportDir', 'ClaimedTz']) expect(query).toContain(p)
  })

  it('calls only documented VQL functions, with documented argument names', () => {
    const locals = new Set([...query.matchAll(/LET\s+(\w+)\s*(?:\(|=)/g)].map((m) => m[1]!))
    expect([...locals].sort()).toEqual(['argv', 'completions', 'export'])
    const calls = [...query.matchAll(/\b([a-z_]+)\(/g)].map((m) => m[1]!).filter((f) => !locals.has(f))
    expect(calls.length).toBeGreaterThan(6)
    for (const f of calls) expect(Object.keys(DOCUMENTED), `VQL function ${f}`).toContain(f)
    // named arguments of documented calls: `name=` directly inside the call's parentheses
    for (const m of query.matchAll(/\b(create_flow_download|file_store|watch_monitoring|execve|format|if)\(([^()]*(?:\([^()]*\)[^()]*)*)\)/g)) {
      const args = [...m[2]!.replace(/\([^()]*\)/g, '').matchAll(/\b(\w+)=/g)].map((a) => a[1]!)
      for (const a of args) expect(DOCUMENTED[m[1]!], `${m[1]}(${a}=)`).toContain(a)
    }
  })

  it.skipIf(!BUILT)('its execve command line is accepted by dprk-triage scan and writes the per-flow report', () => {
    // the argv literals in their order: scan ZIP --case-name ID --format json --out FILE --quiet [--claimed-tz TZ]
    const literals = [...query.matchAll(/"(scan|--[a-z-]+|json)"/g)].map((m) => m[1]!)
    expect(literals).toEqual(['scan', '--case-name', '--format', 'json', '--out', '--quiet', '--claimed-tz'])
    const dir = tempDir('velociraptor-')
    const flow = 'C.1a2b3c4d5e6f7a8b-F.CQ1PL0O3A1B2C'
    const out = join(dir, `${flow}.json`)
    const argv = ['scan', join(ROOT, 'artifacts-samples', 'laptop-farm-velociraptor.zip'), '--case-name', flow, '--format', 'json', '--out', out, '--quiet', '--claimed-tz', 'America/Chicago']
    const r = cli(argv)
    // the artifact's comment: 0, 1 (level reached) and 5 (case failed) all wrote the report
    expect([0, 1, 5]).toContain(r.code)
    expect(r.stderr).toBe('')
    const report = JSON.parse(readFileSync(out, 'utf8'))
    expect(report.cases.map((c: {id: string}) => c.id)).toEqual([flow])
    expect(report.cases[0].assessment.level).toBe('high')
    expect(report.method.claimedTz).toBe('America/Chicago')
    // and merge takes the folder of such reports
    const combined = join(tempDir('velociraptor-merged-'), 'combined.json')
    const m = cli(['merge', '--from-dir', dir, '--out', combined])
    expect(m.code, m.stderr).toBe(0)
    expect(JSON.parse(readFileSync(combined, 'utf8')).cases.map((c: {id: string}) => c.id)).toEqual([flow])
  })
})
