// Proves evidence stays untouched: hashes every file under a folder (and lists names) so a test
// can compare before and after a scan.
import {createHash} from 'node:crypto'
import {readdirSync, readFileSync, lstatSync} from 'node:fs'
import {join} from 'node:path'

export function snapshotTree(root: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name)
      const r = rel ? `${rel}/${name}` : name
      const st = lstatSync(abs)
      if (st.isDirectory()) walk(abs, r)
      else if (st.isSymbolicLink()) out.set(r, 'symlink')
      else out.set(r, createHash('sha256').update(readFileSync(abs)).digest('hex') + `:${st.mtimeMs}`)
    }
  }
  walk(root, '')
  return out
}
