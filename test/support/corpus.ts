// Access to ../shared/corpus (real artifact files). Tests that need it skip with a clear
// message when it is absent; they never pass silently.
import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
// next to the project (../shared/corpus), or next to its parent for git worktrees (wt/<name>)
const CANDIDATES = [resolve(ROOT, '..', 'shared', 'corpus'), resolve(ROOT, '..', '..', 'shared', 'corpus')]
export const CORPUS = CANDIDATES.find((p) => existsSync(p)) ?? CANDIDATES[0]!
export const HAS_CORPUS = existsSync(CORPUS)
export const FIXTURES = join(ROOT, 'test', 'fixtures')

export function corpusPath(...parts: string[]): string {
  return join(CORPUS, ...parts)
}

if (!HAS_CORPUS) {
  process.stderr.write(`NOTE: shared corpus not found at ${CORPUS}; corpus tests are skipped\n`)
}
