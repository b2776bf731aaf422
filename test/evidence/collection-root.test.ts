// `--batch` on one collection: a KAPE output folder, an unpacked Velociraptor collection or a
// copied volume root is one case; a share of case folders is not mistaken for one (#14.5).
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {collectionRootReason} from '../../src/evidence/collection-root.js'
import {ROOT} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

const S = join(ROOT, 'artifacts-samples')

function tree(root: string, paths: string[]): string {
  for (const p of paths) {
    const full = join(root, p)
    if (p.endsWith('/')) mkdirSync(full, {recursive: true})
    else {
      mkdirSync(join(full, '..'), {recursive: true})
      writeFileSync(full, 'x')
    }
  }
  return root
}

describe('collection root detection', () => {
  it('recognises KAPE, Velociraptor and volume layouts', async () => {
    const d = tempDir('root-')
    expect(await collectionRootReason(join(S, 'laptop-farm'))).toBe('it is a KAPE-style collection (drive folder C/ProgramData)')
    expect(await collectionRootReason(tree(join(d, 'kape-mft'), ['C/$MFT', 'C/$Extend/']))).toBe('it is a KAPE-style collection (drive folder C/$Extend)')
    expect(await collectionRootReason(tree(join(d, 'kape-log'), ['2024-05-16T094057_ConsoleLog.txt', 'D/']))).toBe('it is a KAPE target output (2024-05-16T094057_ConsoleLog.txt)')
    expect(await collectionRootReason(tree(join(d, 'vr'), ['results/', 'uploads/auto/C%3A/Users/']))).toBe('it is a Velociraptor collection (uploads/)')
    expect(await collectionRootReason(tree(join(d, 'vr2'), ['collection_context.json', 'uploads/']))).toBe('it is a Velociraptor collection (collection_context.json)')
    expect(await collectionRootReason(tree(join(d, 'vol'), ['$MFT', 'Users/', 'Windows/']))).toBe('it holds a file-system root ($MFT, Users, Windows)')
  })

  it('leaves shares of cases alone', async () => {
    const d = tempDir('root-')
    expect(await collectionRootReason(S)).toBeUndefined()
    expect(await collectionRootReason(tree(join(d, 'share'), ['case-1/C/Users/', 'case-2.zip', 'uploads/notes.txt', 'triage/', 'X/readme.txt']))).toBeUndefined()
    expect(await collectionRootReason(join(d, 'missing'))).toBeUndefined()
  })
})
