#!/usr/bin/env node
// Kubernetes manifests for the map and reduce steps (no scheduler of ours: the cluster's Job
// controller is the job runner). Writes YAML to stdout:
//   - a ConfigMap with the case list (one evidence path per line, relative to the evidence volume);
//   - an Indexed Job: completion index i scans case line i+1 into /reports/<case>.json;
//   - a follow-up Job that merges /reports into /reports/combined/combined.json (apply it once the
//     scan Job is complete: kubectl wait --for=condition=complete job/<name>-scan).
// The evidence volume is mounted read-only; reports go to a shared ReadWriteMany volume.
//
//   node scripts/k8s-manifests.mjs --cases cases.txt --image registry/dprk-triage:0.1.0 \
//     --evidence-pvc evidence --reports-pvc reports [--name triage] [--parallelism 8] \
//     [--scan-args "--claimed-tz America/Chicago"] [--part all|scan|merge]
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

import {stringify} from 'yaml'

/** The scan pod's shell script; mount paths and the tool can be changed through env (tests run it). */
export const SCAN_SCRIPT = `set -u
cases=\${CASES_FILE:-/config/cases.txt}
case_path=$(sed -n "$((JOB_COMPLETION_INDEX + 1))p" "$cases")
[ -n "$case_path" ] || { echo "no case at index $JOB_COMPLETION_INDEX in $cases" >&2; exit 2; }
name=$(basename "$case_path")
\${DPRK_TRIAGE:-dprk-triage} scan "\${EVIDENCE_DIR:-/evidence}/$case_path" --format json --out "\${REPORTS_DIR:-/reports}/$name.json" --quiet $SCAN_ARGS
rc=$?
# 1 (level reached), 3 (nothing readable) and 5 (case failed) still wrote the case's report
case $rc in 0|1|3|5) exit 0 ;; *) exit $rc ;; esac
`

export const MERGE_SCRIPT = `set -u
out=\${REPORTS_DIR:-/reports}/combined
mkdir -p "$out"
\${DPRK_TRIAGE:-dprk-triage} merge --from-dir "\${REPORTS_DIR:-/reports}" --out "$out/combined.json" $MERGE_ARGS
`

function podSpec(o, script, env, volumes, mounts) {
  return {
    restartPolicy: 'Never',
    securityContext: {runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000},
    containers: [{
      name: 'dprk-triage',
      image: o.image,
      command: ['/bin/sh', '-c', script],
      env,
      resources: {requests: {cpu: '1', memory: '512Mi'}, limits: {memory: '1Gi'}},
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true},
      volumeMounts: [...mounts, {name: 'tmp', mountPath: '/tmp'}],
    }],
    volumes: [...volumes, {name: 'tmp', emptyDir: {}}],
  }
}

export function manifests(o) {
  const cases = o.cases.filter((c) => c.length > 0)
  if (cases.length === 0) throw new Error('no cases')
  const labels = {'app.kubernetes.io/name': 'dprk-triage', 'app.kubernetes.io/instance': o.name}
  const reports = {name: 'reports', persistentVolumeClaim: {claimName: o.reportsPvc}}
  const configMap = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: `${o.name}-cases`, labels}, data: {'cases.txt': cases.join('\n') + '\n'}}
  const scan = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: {name: `${o.name}-scan`, labels},
    spec: {
      completionMode: 'Indexed',
      completions: cases.length,
      parallelism: Math.min(o.parallelism, cases.length),
      // a case that crashes a pod is retried on its own, not counted against the others
      backoffLimitPerIndex: 1,
      maxFailedIndexes: cases.length,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: {labels},
        spec: podSpec(o, SCAN_SCRIPT, [{name: 'SCAN_ARGS', value: o.scanArgs}], [
          {name: 'evidence', persistentVolumeClaim: {claimName: o.evidencePvc, readOnly: true}},
          reports,
          {name: 'cases', configMap: {name: `${o.name}-cases`}},
        ], [
          {name: 'evidence', mountPath: '/evidence', readOnly: true},
          {name: 'reports', mountPath: '/reports'},
          {name: 'cases', mountPath: '/config', readOnly: true},
        ]),
      },
    },
  }
  const merge = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: {name: `${o.name}-merge`, labels},
    spec: {
      completions: 1,
      backoffLimit: 0,
      ttlSecondsAfterFinished: 86400,
      template: {metadata: {labels}, spec: podSpec(o, MERGE_SCRIPT, [{name: 'MERGE_ARGS', value: o.mergeArgs}], [reports], [{name: 'reports', mountPath: '/reports'}])},
    },
  }
  return o.part === 'scan' ? [configMap, scan] : o.part === 'merge' ? [merge] : [configMap, scan, merge]
}

export function renderYaml(docs) {
  return docs.map((d) => stringify(d, {lineWidth: 0, aliasDuplicateObjects: false})).join('---\n')
}

function parseArgs(argv) {
  const o = {name: 'triage', parallelism: 4, scanArgs: '', mergeArgs: '', part: 'all'}
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]]
    if (v === undefined) throw new Error(`${k}: missing value`)
    if (k === '--cases') o.cases = readFileSync(v, 'utf8').split('\n').map((l) => l.trim())
    else if (k === '--image') o.image = v
    else if (k === '--evidence-pvc') o.evidencePvc = v
    else if (k === '--reports-pvc') o.reportsPvc = v
    else if (k === '--name') o.name = v
    else if (k === '--parallelism') o.parallelism = Number(v)
    else if (k === '--scan-args') o.scanArgs = v
    else if (k === '--merge-args') o.mergeArgs = v
    else if (k === '--part') o.part = v
    else throw new Error(`unknown option ${k}`)
  }
  for (const k of ['cases', 'image', 'evidencePvc', 'reportsPvc']) if (!o[k]) throw new Error(`--${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} is required`)
  return o
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.stdout.write(renderYaml(manifests(parseArgs(process.argv.slice(2)))))
  } catch (error) {
    process.stderr.write(`k8s-manifests: ${error.message}\n`)
    process.exit(2)
  }
}
