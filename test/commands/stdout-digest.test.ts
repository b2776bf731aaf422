// The report's own SHA-256 when it goes to stdout (`--out -`, or no --out with stdout piped):
// stderr carries `SHA-256 <hex>  -`, sha256sum's line for a stream, with the byte count; the
// digest is of exactly the bytes on stdout; no side file is written anywhere; --quiet says nothing.
import {createHash} from 'node:crypto'
import {spawnSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'

import {describe, expect, it} from 'vitest'

import {DigestWriter} from '../../src/report/digest-writer.js'
import {writeChunk} from '../../src/report/output.js'
import {BUILT} from '../support/cli.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

const BENIGN = join(ROOT, 'artifacts-samples', 'benign-helpdesk')

/** Runs the CLI in `cwd` with stdout as a pipe, keeping stdout as bytes. */
function run(args: string[], cwd: string): {code: number; stdout: Buffer; stderr: string} {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {cwd, env: {...process.env, NO_COLOR: '1'}, maxBuffer: 256 << 20})
  return {code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8')}
}

describe.skipIf(!BUILT)('the report on stdout', () => {
  for (const [how, args] of [['--out -', ['--out', '-']], ['piped, no --out', []]] as const) {
    it(`${how}: stderr names the SHA-256 of the bytes written, no side file`, () => {
      const cwd = tempDir('stdout-digest-')
      const r = run(['scan', BENIGN, '-f', 'md', '--deterministic', ...args], cwd)
      expect(r.code).toBe(0)
      expect(r.stdout.subarray(0, 2).toString()).toBe('# ')
      const sha = createHash('sha256').update(r.stdout).digest('hex')
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('SHA-256 '))
      expect(lines).toEqual([`SHA-256 ${sha}  - (the ${r.stdout.length.toLocaleString('en-US')} bytes of the report written to stdout; no side file)`])
      expect(r.stderr).toMatch(/^done: report stdout; 1 case;/m)
      expect(readdirSync(cwd)).toEqual([])
    })
  }

  it('--quiet prints nothing on stderr; the report bytes are the same', () => {
    const cwd = tempDir('stdout-digest-')
    const loud = run(['scan', BENIGN, '-f', 'json', '--deterministic', '-o', '-'], cwd)
    const quiet = run(['scan', BENIGN, '-f', 'json', '--deterministic', '-o', '-', '-q'], cwd)
    expect(quiet.code).toBe(0)
    expect(quiet.stderr).toBe('')
    const noCommand = (b: Buffer) => ({...JSON.parse(b.toString('utf8')), command: undefined})
    expect(noCommand(quiet.stdout)).toEqual(noCommand(loud.stdout))
    expect(readdirSync(cwd)).toEqual([])
  })
})

describe('DigestWriter', () => {
  it('passes every byte on, keeps back-pressure, and hashes what it passed', async () => {
    const target = new PassThrough({highWaterMark: 64})
    const got: Buffer[] = []
    const tee = new DigestWriter(target)
    const chunks = Array.from({length: 200}, (_, i) => `chunk ${i} ${'é'.repeat(i % 50)}\n`)
    const writing = (async () => {
      for (const c of chunks) await writeChunk(tee, c)
      return tee.close()
    })()
    // the reader starts late: the writer must wait (back-pressure), not buffer everything
    await new Promise((r) => setTimeout(r, 20))
    expect(tee.bytes).toBeLessThan(Buffer.byteLength(chunks.join('')))
    target.on('data', (b: Buffer) => got.push(b))
    const digest = await writing
    const all = Buffer.from(chunks.join(''), 'utf8')
    expect(Buffer.concat(got)).toEqual(all)
    expect(tee.bytes).toBe(all.length)
    expect(digest).toBe(createHash('sha256').update(all).digest('hex'))
    expect(target.writableEnded).toBe(false) // stdout is never ended by us
  })

  it('a reader that went away (EPIPE) fails the write with that error', async () => {
    const target = new PassThrough({highWaterMark: 16})
    const tee = new DigestWriter(target)
    const epipe = Object.assign(new Error('write EPIPE'), {code: 'EPIPE'})
    const writing = (async () => {
      for (let i = 0; i < 100; i++) await writeChunk(tee, 'x'.repeat(100))
      return tee.close()
    })()
    setTimeout(() => target.emit('error', epipe), 10)
    await expect(writing).rejects.toMatchObject({code: 'EPIPE'})
  })
})
