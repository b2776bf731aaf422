// Issue #18.9: Ctrl-C (SIGINT) or SIGTERM in the middle of a scan removes the run's temp files
// (spilled events, the private SQLite copy) and exits with the shell's code for the signal
// (130 / 143), also with cases in worker threads (--batch -j 2).
import {spawn} from 'node:child_process'
import {copyFileSync, mkdirSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {createChromiumV70} from '../artifacts/browser/build-db.js'
import {BUILT} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {suiteTempDir, tempDir} from '../support/tmp.js'

const HISTORY = join('C', 'Users', 'x', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default', 'History')
// 100,000 visits: ten spills of the timeline, and a scan of several seconds to interrupt
const VISITS = 100_000

let evidence = ''
let batch = ''

// made in a beforeAll of its own: a folder made at collection, or tempDir inside a hook, would stay
const root = suiteTempDir('interrupt-ev-')

beforeAll(() => {
  evidence = join(root, 'host')
  const db = createChromiumV70(join(evidence, HISTORY))
  const url = db.prepare('INSERT INTO urls (id, url, title, visit_count, typed_count, last_visit_time, hidden) VALUES (?, ?, ?, 1, 0, ?, 0)')
  const visit = db.prepare("INSERT INTO visits (id, url, visit_time, from_visit, transition, segment_id, visit_duration, originator_cache_guid) VALUES (?, ?, ?, 0, 805306368, 0, 0, '')")
  db.transaction(() => {
    for (let i = 1; i <= VISITS; i++) {
      const t = 13_350_000_000_000_000n + BigInt(i) * 1_000_000n
      url.run(i, `https://example.com/page/${i}`, `page ${i}`, t)
      visit.run(i, i, t)
    }
  })()
  db.close()
  batch = join(root, 'batch')
  for (const name of ['one', 'two']) {
    mkdirSync(join(batch, name, HISTORY, '..'), {recursive: true})
    copyFileSync(join(evidence, HISTORY), join(batch, name, HISTORY))
  }
}, 120_000)

/** Runs a scan with its own TMPDIR, sends `signal` once events have spilled, returns how it ended. */
async function interrupted(args: string[], signal: NodeJS.Signals): Promise<{code: number | null; signal: NodeJS.Signals | null; stderr: string; spilledSeen: string[]; left: string[]}> {
  const tmp = tempDir('interrupt-tmp-')
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'scan', ...args], {env: {...process.env, TMPDIR: tmp, NO_COLOR: '1'}, stdio: ['ignore', 'ignore', 'pipe']})
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => void (stderr += c.toString('utf8')))
  const ended = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((resolve) => child.on('exit', (code, sig) => resolve({code, signal: sig})))
  let exited = false
  void ended.then(() => void (exited = true))
  let spilledSeen: string[] = []
  while (!exited) {
    spilledSeen = readdirSync(tmp, {recursive: true}).map(String).filter((n) => /run-\d+\.jsonl$/.test(n))
    if (spilledSeen.length > 0) break
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill(signal)
  const end = await ended
  return {...end, stderr, spilledSeen, left: readdirSync(tmp, {recursive: true}).map(String)}
}

describe.skipIf(!BUILT)('scan interrupted by a signal (issue #18.9)', () => {
  it('SIGINT mid-scan: exit 130, the spilled events and the SQLite copy are removed', async () => {
    const out = join(tempDir('interrupt-out-'), 'report.json')
    const r = await interrupted([evidence, '--format', 'json', '--out', out], 'SIGINT')
    expect(r.spilledSeen.length).toBeGreaterThan(0)
    expect(r.left).toEqual([])
    expect(r).toMatchObject({code: 130, signal: null})
    expect(r.stderr).toContain('interrupted (SIGINT): stopped; temp files removed')
  }, 180_000)

  it('SIGTERM mid-scan with cases in worker threads (--batch -j 2): exit 143, nothing left', async () => {
    const out = join(tempDir('interrupt-out-'), 'reports')
    const r = await interrupted(['--batch', batch, '-j', '2', '--format', 'json', '--out', out], 'SIGTERM')
    expect(r.spilledSeen.length).toBeGreaterThan(0)
    expect(r.left).toEqual([])
    expect(r).toMatchObject({code: 143, signal: null})
  }, 180_000)
})
