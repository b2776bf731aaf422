// Shared helpers for the installed-program tests: temp evidence folders, UTF-16LE encoding of
// UTF-8 templates, and reading the committed fixtures.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {FIXTURES} from '../../support/corpus.js'
import {tempDir} from '../../support/tmp.js'

export const fixture = (name: string): string => readFileSync(join(FIXTURES, 'programs', name), 'utf8')

export const utf16 = (s: string, bom = true): Buffer =>
  Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')])

/** A temp evidence folder with the given files (relative path -> content). */
export function evidence(files: Record<string, string | Buffer>): string {
  const root = tempDir('programs-')
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(dirname(p), {recursive: true})
    writeFileSync(p, content)
  }
  return root
}
