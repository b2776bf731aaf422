// Node module hooks for the fuzz child process: runs the project's TypeScript sources directly
// (as vitest does) so a hostile case can be killed from outside when it hangs or blows memory.
// `./x.js` imports from a `.ts` file resolve to `./x.ts`; `.ts` files are stripped of types with
// the oxc transformer that vite/rolldown already ship (no new package).
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'

import {transformSync} from 'rolldown/utils'

export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && /^\.\.?\//.test(specifier) && specifier.endsWith('.js')) {
    const tsUrl = new URL(specifier.slice(0, -3) + '.ts', context.parentURL)
    if (!existsSync(fileURLToPath(new URL(specifier, context.parentURL))) && existsSync(fileURLToPath(tsUrl))) {
      return {url: tsUrl.href, shortCircuit: true}
    }
  }
  return next(specifier, context)
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context)
  const file = fileURLToPath(url)
  const r = transformSync(file, await readFile(file, 'utf8'), {lang: 'ts', sourceType: 'module'})
  if (r.errors?.length) throw new Error(`${file}: ${r.errors.map((e) => e.message).join('; ')}`)
  return {format: 'module', source: r.code, shortCircuit: true}
}
