// The Kubernetes map/reduce manifests (scripts/k8s-manifests.mjs): every field they use is a
// field of the batch/v1 Job (and core/v1 ConfigMap, PodSpec…) API with the right type, the
// Indexed-Job rules hold, and the pods' scripts, run here for each completion index with the
// mount paths pointed at local folders, give the report of a joint scan.
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'
import {parseAllDocuments} from 'yaml'

import {BUILT, cli} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
// @ts-expect-error plain ESM script without types
import {manifests, MERGE_SCRIPT, renderYaml, SCAN_SCRIPT} from '../../scripts/k8s-manifests.mjs'
// @ts-expect-error plain ESM script without types
import {generateBatchCases} from '../../scripts/gen-batch-cases.mjs'

// Field types from the Kubernetes API reference (kubernetes.io/docs/reference/kubernetes-api/:
// workload-resources/job-v1, pod-v1, config-and-storage-resources/config-map-v1, volume). Only the
// fields these manifests use are listed; an unknown field or a wrong type fails the test.
type T = 'string' | 'int' | 'bool' | 'map' | {obj: Record<string, T>} | {list: T}
const str = 'string' as const
const int = 'int' as const
const bool = 'bool' as const
const META: T = {obj: {name: str, labels: 'map'}}
const CONTAINER: T = {obj: {
  name: str, image: str, command: {list: str}, args: {list: str},
  env: {list: {obj: {name: str, value: str}}},
  resources: {obj: {requests: 'map', limits: 'map'}},
  securityContext: {obj: {allowPrivilegeEscalation: bool, readOnlyRootFilesystem: bool, runAsNonRoot: bool}},
  volumeMounts: {list: {obj: {name: str, mountPath: str, readOnly: bool}}},
}}
const POD_SPEC: T = {obj: {
  restartPolicy: str,
  securityContext: {obj: {runAsNonRoot: bool, runAsUser: int, fsGroup: int}},
  containers: {list: CONTAINER},
  volumes: {list: {obj: {
    name: str,
    persistentVolumeClaim: {obj: {claimName: str, readOnly: bool}},
    configMap: {obj: {name: str}},
    emptyDir: {obj: {}},
  }}},
}}
const JOB: T = {obj: {
  apiVersion: str, kind: str, metadata: META,
  spec: {obj: {
    completionMode: str, completions: int, parallelism: int, backoffLimit: int, backoffLimitPerIndex: int,
    maxFailedIndexes: int, ttlSecondsAfterFinished: int,
    template: {obj: {metadata: META, spec: POD_SPEC}},
  }},
}}
const CONFIG_MAP: T = {obj: {apiVersion: str, kind: str, metadata: META, data: 'map'}}

function check(v: unknown, t: T, path: string, errors: string[]): void {
  if (t === 'string' && typeof v !== 'string') errors.push(`${path}: not a string`)
  else if (t === 'int' && !Number.isInteger(v)) errors.push(`${path}: not an integer`)
  else if (t === 'bool' && typeof v !== 'boolean') errors.push(`${path}: not a boolean`)
  else if (t === 'map') {
    if (typeof v !== 'object' || v === null || Object.values(v).some((x) => typeof x !== 'string')) errors.push(`${path}: not a map of strings`)
  } else if (typeof t === 'object' && 'list' in t) {
    if (!Array.isArray(v)) errors.push(`${path}: not a list`)
    else v.forEach((x, i) => check(x, t.list, `${path}[${i}]`, errors))
  } else if (typeof t === 'object' && 'obj' in t) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return void errors.push(`${path}: not an object`)
    for (const [k, x] of Object.entries(v)) {
      if (!(k in t.obj)) errors.push(`${path}.${k}: not a field of this API object`)
      else check(x, t.obj[k]!, `${path}.${k}`, errors)
    }
  }
}

const OPTS = {image: 'registry.example/dprk-triage:0.1.0', evidencePvc: 'evidence', reportsPvc: 'reports', name: 'triage-7', parallelism: 8, scanArgs: '--claimed-tz America/Chicago', mergeArgs: '', part: 'all'}
const dir = mkdtempSync(join(tmpdir(), 'dprk-k8s-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('Kubernetes manifests', () => {
  it('use only batch/v1 Job and v1 ConfigMap fields, with the Indexed Job rules', () => {
    const docs = parseAllDocuments(renderYaml(manifests({...OPTS, cases: ['case-001', 'case-002', 'laptop 3.zip']}))).map((d) => d.toJS())
    expect(docs.map((d) => `${d.apiVersion} ${d.kind}`)).toEqual(['v1 ConfigMap', 'batch/v1 Job', 'batch/v1 Job'])
    const errors: string[] = []
    check(docs[0], CONFIG_MAP, 'ConfigMap', errors)
    for (const d of docs.slice(1)) check(d, JOB, d.metadata.name, errors)
    expect(errors).toEqual([])
    const [cm, scan, merge] = docs
    expect(cm.data['cases.txt']).toBe('case-001\ncase-002\nlaptop 3.zip\n')
    // Indexed: completions set, one per case; per-index backoff needs Indexed; maxFailedIndexes <= completions
    expect(scan.spec.completionMode).toBe('Indexed')
    expect(scan.spec.completions).toBe(3)
    expect(scan.spec.parallelism).toBeLessThanOrEqual(scan.spec.completions)
    expect(scan.spec.maxFailedIndexes).toBeLessThanOrEqual(scan.spec.completions)
    for (const job of [scan, merge]) {
      const pod = job.spec.template.spec
      expect(['Never', 'OnFailure']).toContain(pod.restartPolicy)
      expect(job.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
      const volumes = new Set(pod.volumes.map((v: {name: string}) => v.name))
      for (const m of pod.containers[0].volumeMounts) expect(volumes.has(m.name), m.name).toBe(true)
    }
    // evidence is mounted read-only, both in the claim and in the mount
    const pod = scan.spec.template.spec
    expect(pod.volumes.find((v: {name: string}) => v.name === 'evidence').persistentVolumeClaim.readOnly).toBe(true)
    expect(pod.containers[0].volumeMounts.find((m: {name: string}) => m.name === 'evidence').readOnly).toBe(true)
    expect(pod.containers[0].command).toEqual(['/bin/sh', '-c', SCAN_SCRIPT])
  })

  it.skipIf(!BUILT)('the pods\' scripts, one run per completion index then the merge Job, equal scan --batch', () => {
    const share = join(dir, 'share')
    generateBatchCases(share, 3)
    const cases = ['case-001', 'case-002', 'case-003']
    writeFileSync(join(dir, 'cases.txt'), cases.join('\n') + '\n')
    const reports = join(dir, 'reports')
    mkdirSync(reports)
    const env = {
      ...process.env, SOURCE_DATE_EPOCH: '1700000000', CASES_FILE: join(dir, 'cases.txt'), EVIDENCE_DIR: share, REPORTS_DIR: reports,
      DPRK_TRIAGE: `${process.execPath} ${join(ROOT, 'bin', 'run.js')}`, SCAN_ARGS: '', MERGE_ARGS: '--quiet',
    }
    for (let i = 0; i < cases.length; i++) {
      const r = spawnSync('/bin/sh', ['-c', SCAN_SCRIPT], {env: {...env, JOB_COMPLETION_INDEX: String(i)}, encoding: 'utf8'})
      expect(r.status, r.stderr).toBe(0)
    }
    const m = spawnSync('/bin/sh', ['-c', MERGE_SCRIPT], {env, encoding: 'utf8'})
    expect(m.status, m.stderr).toBe(0)
    expect(cli(['scan', '--batch', share, '--out', join(dir, 'batch'), '--format', 'json', '-q'], {SOURCE_DATE_EPOCH: '1700000000'}).code).toBe(0)
    const noCommand = (f: string) => readFileSync(f, 'utf8').replace(/^ {2}"command": .*$/m, '')
    expect(noCommand(join(reports, 'combined', 'combined.json'))).toBe(noCommand(join(dir, 'batch', 'all-cases.json')))
  }, 300_000)
})
