// Folder walking: byte order, symlinks followed only inside the evidence, loops cut.
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {DEFAULT_LIMITS} from '../../src/evidence/virtual-file.js'
import {walkEvidence} from '../../src/evidence/walk.js'
import {tempDir} from '../support/tmp.js'

async function list(root: string) {
  const warnings: string[] = []
  const files: string[] = []
  for await (const f of walkEvidence(root, DEFAULT_LIMITS, (w) => warnings.push(w))) files.push(f.path)
  return {files, warnings}
}

describe('folder evidence', () => {
  it('lists files in byte order of names, recursively', async () => {
    const root = tempDir('walk-')
    mkdirSync(join(root, 'b'))
    writeFileSync(join(root, 'b', 'z.txt'), 'z')
    writeFileSync(join(root, 'B.txt'), 'B')
    writeFileSync(join(root, 'a.txt'), 'a')
    expect((await list(root)).files).toEqual(['B.txt', 'a.txt', 'b/z.txt'])
  })

  it('follows a symlink inside the evidence once, refuses one pointing outside, and cuts loops', async () => {
    const outside = tempDir('outside-')
    writeFileSync(join(outside, 'secret.txt'), 'host file')
    const root = tempDir('walk-')
    mkdirSync(join(root, 'real'))
    writeFileSync(join(root, 'real', 'f.txt'), 'f')
    symlinkSync(join(root, 'real', 'f.txt'), join(root, 'inside-link.txt'))
    symlinkSync(outside, join(root, 'escape'))
    symlinkSync(root, join(root, 'real', 'loop'))
    symlinkSync(join(root, 'nope'), join(root, 'dangling'))
    const {files, warnings} = await list(root)
    expect(files).toEqual(['inside-link.txt', 'real/f.txt'])
    expect(warnings).toEqual([
      'dangling: dangling symlink, not followed',
      'escape: symlink points outside the evidence folder, not followed',
      'real/loop: folder already visited (symlink loop), not followed again',
    ])
  })
})
