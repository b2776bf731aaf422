// Hostile-input fuzzing helpers: a seeded PRNG, byte mutators, and a host that runs each case
// through the real pipeline in a child process (killed when a case overruns its time bound, with
// a private TMPDIR so leftover temp copies are seen) and checks the evidence stayed untouched.
import {fork, type ChildProcess} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

import type {ScanReply, ScanRequest} from '../fuzz/harness/scan-child.js'
import {ROOT} from './corpus.js'
import {snapshotTree} from './evidence-guard.js'

export type {ArtifactSummary, ScanReply} from '../fuzz/harness/scan-child.js'

export const STATUSES = new Set(['parsed', 'partial', 'failed', 'unsupported'])

/** mulberry32: small, fast, deterministic 32-bit PRNG (same seed, same variants on every run). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a of a string: derives a per-seed-file PRNG seed from the suite seed and the file name. */
export function hash32(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return h >>> 0
}

type Rand = () => number
const int = (r: Rand, n: number) => Math.floor(r() * n)

export interface Mutator {
  name: string
  apply(data: Buffer, r: Rand): Buffer
}

/** Byte-level mutations of a seed file. Each keeps output size within ~2x of the input. */
export const MUTATORS: readonly Mutator[] = [
  {name: 'truncate', apply: (d, r) => d.subarray(0, int(r, d.length + 1))},
  {
    name: 'bitflip',
    apply(d, r) {
      const out = Buffer.from(d)
      const n = 1 + int(r, 16)
      for (let i = 0; i < n && out.length > 0; i++) out[int(r, out.length)]! ^= 1 << int(r, 8)
      return out
    },
  },
  {
    name: 'insert',
    apply(d, r) {
      const at = int(r, d.length + 1)
      const ins = Buffer.from(Array.from({length: 1 + int(r, 64)}, () => int(r, 256)))
      return Buffer.concat([d.subarray(0, at), ins, d.subarray(at)])
    },
  },
  {
    name: 'delete',
    apply(d, r) {
      const at = int(r, d.length + 1)
      return Buffer.concat([d.subarray(0, at), d.subarray(Math.min(d.length, at + 1 + int(r, 256)))])
    },
  },
  {
    name: 'duplicate',
    apply(d, r) {
      const at = int(r, d.length + 1)
      const len = Math.min(d.length - at, 1 + int(r, 4096))
      const chunk = d.subarray(at, at + len)
      const reps = 1 + int(r, 4)
      return Buffer.concat([d.subarray(0, at + len), ...Array.from({length: reps}, () => chunk), d.subarray(at + len)])
    },
  },
  {
    name: 'nul-run',
    apply(d, r) {
      const out = Buffer.from(d)
      const at = int(r, out.length + 1)
      out.fill(0, at, Math.min(out.length, at + 1 + int(r, 2048)))
      return out
    },
  },
  {
    name: 'random-bytes',
    apply(d, r) {
      const out = Buffer.from(d)
      const at = int(r, out.length + 1)
      for (let i = at; i < Math.min(out.length, at + 1 + int(r, 512)); i++) out[i] = int(r, 256)
      return out
    },
  },
  {
    name: 'crlf-swap',
    apply(d) {
      const s = d.toString('latin1')
      return Buffer.from(s.includes('\r\n') ? s.replace(/\r\n/g, '\n') : s.replace(/\n/g, '\r\n'), 'latin1')
    },
  },
  // UTF-16LE without a BOM, as some exporters write (the decoders must guess from NUL bytes)
  {name: 'utf16le-nobom', apply: (d) => Buffer.from(d.toString('utf8').replace(/^\uFEFF/, ''), 'utf16le')},
]

export interface Outcome {
  kind: 'reply' | 'timeout' | 'died'
  reply?: ScanReply
  /** Exit code/signal and the child's last stderr when it died. */
  detail?: string
  ms: number
}

const CHILD = join(ROOT, 'test', 'fuzz', 'harness', 'scan-child.ts')
const REGISTER = join(ROOT, 'test', 'fuzz', 'harness', 'register.mjs')

/**
 * A workspace (evidence folders + the child's private TMPDIR) and the child that scans in it.
 * The child is restarted after a timeout (killed by its own pid) or a death.
 */
export class FuzzHost {
  readonly root: string
  readonly tmp: string
  readonly ev: string
  private child?: ChildProcess
  private ready?: Promise<void>
  private stderr = ''
  private seq = 0
  private pending?: {id: number; resolve: (o: Outcome) => void; t0: number}

  constructor(private readonly maxHeapMb = 1024) {
    this.root = mkdtempSync(join(tmpdir(), 'fuzz-ws-'))
    this.tmp = join(this.root, 'tmp')
    this.ev = join(this.root, 'ev')
    mkdirSync(this.tmp)
    mkdirSync(this.ev)
  }

  private start(): Promise<void> {
    this.stderr = ''
    const child = fork(CHILD, [], {
      execArgv: ['--import', REGISTER, `--max-old-space-size=${this.maxHeapMb}`],
      env: {...process.env, TMPDIR: this.tmp, NO_COLOR: '1'},
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    this.child = child
    child.stderr!.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString('utf8')).slice(-4000)
    })
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (m: ScanReply | {ready: true}) => {
        if ('ready' in m) return resolve()
        const p = this.pending
        if (p && m.id === p.id) {
          this.pending = undefined
          p.resolve({kind: 'reply', reply: m, ms: performance.now() - p.t0})
        }
      })
      child.on('exit', (code, signal) => {
        if (this.child === child) this.child = undefined
        reject(new Error(`fuzz child exited before ready (${code ?? signal}): ${this.stderr}`))
        const p = this.pending
        if (p) {
          this.pending = undefined
          p.resolve({kind: 'died', detail: `exit ${code ?? ''} ${signal ?? ''}: ${this.stderr.trim().slice(-1500)}`, ms: performance.now() - p.t0})
        }
      })
    })
    this.ready = ready
    return ready
  }

  /** Runs one request; a case over `timeoutMs` is killed and reported as a timeout. */
  async run(op: ScanRequest['op'], evidence: string, timeoutMs: number, caseId = 'fuzz'): Promise<Outcome> {
    if (!this.child) await this.start()
    else await this.ready
    const child = this.child!
    const id = ++this.seq
    return new Promise<Outcome>((resolve) => {
      const t0 = performance.now()
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return
        this.pending = undefined
        child.kill('SIGKILL')
        if (this.child === child) this.child = undefined
        resolve({kind: 'timeout', ms: performance.now() - t0})
      }, timeoutMs)
      this.pending = {id, t0, resolve: (o) => {
        clearTimeout(timer)
        resolve(o)
      }}
      child.send({id, op, evidence, caseId} satisfies ScanRequest)
    })
  }

  /** A fresh evidence folder holding `files` (evidence-relative path -> bytes). */
  evidence(files: Record<string, Buffer | string>): string {
    const dir = mkdtempSync(join(this.ev, 'case-'))
    for (const [rel, data] of Object.entries(files)) {
      const p = join(dir, rel)
      mkdirSync(dirname(p), {recursive: true})
      writeFileSync(p, data)
    }
    return dir
  }

  /** Entries left in the child's TMPDIR (all are leftovers: the folder is private to the child). */
  leftovers(): string[] {
    return readdirSync(this.tmp)
  }

  clearTmp(): void {
    for (const n of readdirSync(this.tmp)) rmSync(join(this.tmp, n), {recursive: true, force: true})
  }

  async close(): Promise<void> {
    const child = this.child
    this.child = undefined
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r))
      child.kill('SIGKILL')
      await gone
    }
    rmSync(this.root, {recursive: true, force: true})
  }
}

export interface CaseResult {
  outcome: Outcome
  /** Everything wrong with this case (empty = passed the fuzz invariants). */
  problems: string[]
}

/**
 * Scans `dir` and checks the fuzz invariants: a reply within the bound, no exception escaped,
 * every artifact has a contract status, the evidence folder is byte-identical with nothing added,
 * and no temp copies (`dprk-triage-*` or anything else) are left in the private TMPDIR.
 */
export async function checkedScan(host: FuzzHost, dir: string, opts: {op?: ScanRequest['op']; timeoutMs?: number} = {}): Promise<CaseResult> {
  const before = snapshotTree(dir)
  const outcome = await host.run(opts.op ?? 'scan', dir, opts.timeoutMs ?? 10_000)
  const problems: string[] = []
  if (outcome.kind === 'timeout') problems.push(`hang: no answer within ${opts.timeoutMs ?? 10_000} ms (child killed)`)
  else if (outcome.kind === 'died') problems.push(`crash: the scanning process died (${outcome.detail})`)
  const r = outcome.reply
  if (r) {
    if (!r.ok) problems.push(`crash: exception escaped the pipeline: ${r.error}`)
    if (r.caseFailed) problems.push(`crash: processCase failed the case: ${r.warnings.join(' | ')}`)
    for (const a of r.artifacts) if (!STATUSES.has(a.status)) problems.push(`${a.path}: status ${JSON.stringify(a.status)} is not in the contract`)
  }
  const after = snapshotTree(dir)
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k))
  if (changed.length > 0) problems.push(`evidence changed: ${changed.slice(0, 5).join(', ')}`)
  const left = host.leftovers()
  if (left.length > 0) {
    problems.push(`temp files left in TMPDIR: ${left.join(', ')}`)
    host.clearTmp()
  }
  return {outcome, problems}
}

/** All warnings of a reply: case-level and per artifact, one string each. */
export function allWarnings(r: ScanReply | undefined): string[] {
  if (!r) return []
  return [...r.warnings, ...r.artifacts.flatMap((a) => a.warnings.map((w) => `${a.path}: ${w}`))]
}
