// A library loaded on first use, not when the module that needs it is imported (#17 start-up):
// through require, since an ESM import of a CommonJS package makes Node scan its source first.
import {createRequire} from 'node:module'

const load = createRequire(import.meta.url)

/** A getter of the module `id` that loads it on its first call. */
export function lazyRequire<T>(id: string): () => T {
  let mod: T | undefined
  return () => (mod ??= load(id) as T)
}
