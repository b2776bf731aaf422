#!/usr/bin/env node
// Generates N small cases for the `--batch` benchmark: <dir>/case-001 ... case-NNN, each a variant
// of artifacts-samples/laptop-farm (KAPE layout `C/...`) with small changes, so the cases differ
// the way real laptops of one farm do:
//   - every date in the AnyDesk traces / tables shifted by a per-case number of days;
//   - the remote controller address's last octet varied within 203.0.113.0/24 (RFC 5737);
//   - two in three cases use another remote ID than 918273645 (the rest link across cases);
//   - every case is its own machine: its own AnyDesk local ID and alias, computer name and
//     Chrome Remote Desktop host (else the cases would be one laptop collected N times, which
//     the same-host check of the cross-case step reports as a note rather than links);
//   - odd cases rename the Windows user folder (jsmith -> devNNN);
//   - every other case also carries the benign-helpdesk Chrome History as a second profile.
// UTF-16LE tables (connection_trace.txt, file_transfer_trace.txt) are edited decoded and re-encoded
// with their BOM, so the files keep the format of the originals. Deterministic.
//
//   node scripts/gen-batch-cases.mjs <dir> [count=100]
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const FARM = join(ROOT, 'artifacts-samples', 'laptop-farm')
const HISTORY = join(ROOT, 'artifacts-samples', 'benign-helpdesk', 'C', 'Users', 'alee', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default', 'History')

function files(dir) {
  const out = []
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...files(p))
    else if (e.isFile()) out.push(p)
  }
  return out
}

function shiftDate(ymd, days) {
  const d = new Date(`${ymd}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

function vary(text, n) {
  const remoteId = n % 3 === 0 ? '918273645' : String(918273000 + n)
  const nnn = String(n).padStart(3, '0')
  return text
    .replace(/\b731904622\b/g, String(731900000 + n))
    .replace(/\bjsmith-laptop\b/g, `farm-laptop-${nnn}`)
    .replace(/\bJSMITH-LT\b/g, `FARM-LT-${nnn}`)
    .replace(/7c1f8a3e-5d2b-4a6c-9e0f-1b2c3d4e5f60/g, `7c1f8a3e-5d2b-4a6c-9e0f-${n.toString(16).padStart(12, '0')}`)
    .replace(/\b(20\d\d-\d\d-\d\d)\b/g, (m) => shiftDate(m, -n))
    .replace(/203\.0\.113\.77\b/g, `203.0.113.${(n * 7) % 250 + 1}`)
    .replace(/\b918273645\b/g, remoteId)
}

export function generateBatchCases(dir, count = 100) {
  if (!existsSync(FARM)) throw new Error(`${FARM} missing (npm run samples)`)
  const src = files(FARM)
  let bytes = 0
  for (let n = 1; n <= count; n++) {
    const caseDir = join(dir, `case-${String(n).padStart(3, '0')}`)
    const user = n % 2 ? `dev${String(n).padStart(3, '0')}` : 'jsmith'
    for (const f of src) {
      const rel = relative(FARM, f).split('\\').join('/').replace(/^C\/Users\/jsmith\//, `C/Users/${user}/`)
      const out = join(caseDir, rel)
      mkdirSync(dirname(out), {recursive: true})
      const buf = readFileSync(f)
      let data
      if (buf[0] === 0xff && buf[1] === 0xfe) {
        data = Buffer.concat([buf.subarray(0, 2), Buffer.from(vary(buf.subarray(2).toString('utf16le'), n), 'utf16le')])
      } else {
        data = Buffer.from(vary(buf.toString('latin1'), n), 'latin1')
      }
      writeFileSync(out, data)
      bytes += data.length
    }
    if (n % 2 === 0 && existsSync(HISTORY)) {
      const out = join(caseDir, 'C', 'Users', user, 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Profile 1', 'History')
      mkdirSync(dirname(out), {recursive: true})
      copyFileSync(HISTORY, out)
      bytes += readFileSync(out).length
    }
  }
  return {cases: count, bytes}
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dir, n] = process.argv.slice(2)
  if (!dir) {
    process.stderr.write('usage: gen-batch-cases.mjs <dir> [count=100]\n')
    process.exit(2)
  }
  const r = generateBatchCases(dir, n === undefined ? 100 : Number(n))
  process.stdout.write(`${dir}: ${r.cases} cases, ${r.bytes} bytes\n`)
}
