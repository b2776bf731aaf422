// Issue #18.3: one event can never dominate memory. A field value over 64 Ki characters keeps its
// first and last KiB, its length and SHA-256, and the artifact says so.
import {createHash} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import type {ArtifactParser} from '../../src/artifacts/types.js'
import {scanCase} from '../../src/lib/scan-case.js'

const dir = mkdtempSync(join(tmpdir(), 'field-cap-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('field cap', () => {
  it('a 4 MiB URL is kept as first and last KiB with length and hash, with a warning', async () => {
    const url = 'https://evil.invalid/' + 'x'.repeat(4 * 1024 * 1024) + 'TAIL'
    writeFileSync(join(dir, 'huge.txt'), 'huge\n')
    const parser: ArtifactParser = {
      kind: 'test.huge', title: 'test', matchPath: (p) => p.name === 'huge.txt', sniff: () => true,
      async parse(input, ctx) {
        await input.readAll(100)
        ctx.emit({time: null, timeBasis: 'unknown', type: 'browser.visit', timestampDesc: 'Visit', location: 'line 1', message: 'visit', fields: {url}})
      },
    }
    const r = await scanCase(dir, {caseId: 'c', parsers: [parser]})
    const v = r.events[0]!.fields.url as string
    expect(v.length).toBeLessThan(4000)
    expect(v.startsWith(url.slice(0, 1024))).toBe(true)
    expect(v.endsWith(url.slice(-1024))).toBe(true)
    expect(v).toContain(`${url.length} characters, sha256 ${createHash('sha256').update(url).digest('hex')}`)
    expect(r.artifacts[0]!.warnings[0]).toMatch(/^line 1: url longer than 65536 characters/)
  })
})
