// Evidence arguments (folder, single file, archive) to a deterministic listing of virtual files.
// Folders are walked in byte order of names; symlinks are followed only when they stay inside
// the evidence folder and do not loop. Nothing here ever writes.
import {createReadStream, lstatSync, readdirSync, statSync} from 'node:fs'
import {lstat, open, readdir, realpath, stat} from 'node:fs/promises'
import {basename, dirname, join, relative, sep} from 'node:path'

import type {EvidenceLimits, VirtualFile, WarnFn} from './virtual-file.js'
import {digestFile, hashFileInWorker} from '../lib/parallel-hash.js'
import {looksLikeZip, walkZip, type ByteBudget} from './zip.js'

async function readHead(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r')
  try {
    const buf = Buffer.alloc(n)
    const {bytesRead} = await fh.read(buf, 0, n, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

function diskFile(abs: string, evidencePath: string, size: number, mtime: Date): VirtualFile {
  return {
    path: evidencePath,
    size,
    mtime,
    async open() {
      return createReadStream(abs, {flags: 'r', highWaterMark: 1024 * 1024})
    },
    digestInParallel: () => hashFileInWorker(abs),
    sibling(suffix: string) {
      return lazySibling(abs + suffix, evidencePath + suffix)
    },
    diskPath: abs,
    neighbour: (name: string) => diskNeighbour(abs, evidencePath, name),
  }
}

/** A regular file (not a symlink: it could lead out of the evidence) next to `abs`, name compared ignoring case. */
function diskNeighbour(abs: string, evidencePath: string, name: string): VirtualFile | undefined {
  const want = name.toLowerCase()
  let names: string[]
  try {
    names = readdirSync(dirname(abs)).sort(byteOrder)
  } catch {
    return undefined
  }
  const found = names.find((n) => n.toLowerCase() === want)
  if (found === undefined) return undefined
  const target = join(dirname(abs), found)
  let st
  try {
    st = lstatSync(target)
  } catch {
    return undefined
  }
  if (!st.isFile()) return undefined
  const slash = evidencePath.lastIndexOf('/')
  return diskFile(target, (slash >= 0 ? evidencePath.slice(0, slash + 1) : '') + found, st.size, st.mtime)
}

function lazySibling(abs: string, evidencePath: string): VirtualFile | undefined {
  let st
  try {
    st = statSync(abs)
  } catch {
    return undefined
  }
  return st.isFile() ? diskFile(abs, evidencePath, st.size, st.mtime) : undefined
}

const byteOrder = (a: string, b: string) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))

/** Yields every file of one evidence argument, archives opened in place. */
export async function* walkEvidence(
  evidence: string,
  limits: EvidenceLimits,
  warn: WarnFn,
): AsyncGenerator<VirtualFile> {
  const budget: ByteBudget = {used: 0}
  const st = await stat(evidence)
  if (st.isDirectory()) {
    const rootReal = await realpath(evidence)
    const visited = new Set<string>([`${st.dev}:${st.ino}`])
    yield* walkDir(evidence, rootReal, '', visited, limits, budget, warn)
    return
  }
  if (!st.isFile()) {
    warn(`${evidence}: not a regular file or folder, skipped`)
    return
  }
  // a ZIP given as the evidence argument is the collection container: its members are the case
  yield* fileOrArchive(evidence, basename(evidence), st.size, st.mtime, limits, budget, warn, false)
}

async function* fileOrArchive(
  abs: string,
  evidencePath: string,
  size: number,
  mtime: Date,
  limits: EvidenceLimits,
  budget: ByteBudget,
  warn: WarnFn,
  /** A ZIP inside a folder of evidence is evidence itself: list its members too. */
  listArchive: boolean,
): AsyncGenerator<VirtualFile> {
  let head: Buffer
  try {
    head = await readHead(abs, 4)
  } catch (error) {
    warn(`${evidencePath}: unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
    return
  }
  if (looksLikeZip(head)) {
    // the archive's own hash runs on another core while its members are listed and hashed
    const digest = listArchive ? archiveDigest(abs, size) : undefined
    digest?.catch(() => {}) // awaited (and its failure reported) by walkZip; never unhandled
    const listing = digest ? {sha256: digest, size, mtime} : undefined
    yield* walkZip({file: abs}, evidencePath, 1, limits, budget, warn, listing)
    return
  }
  yield diskFile(abs, evidencePath, size, mtime)
}

/** SHA-256 of an evidence archive; a file that changed while it was read is an error. */
async function archiveDigest(abs: string, size: number): Promise<string> {
  // small archives are hashed here: a folder can hold thousands, and a thread each costs more
  const d = await digestFile(abs, size)
  if (d.size !== size) throw new Error(`the file changed while it was read (${size} bytes listed, ${d.size} hashed)`)
  return d.sha256
}

async function* walkDir(
  dir: string,
  rootReal: string,
  relDir: string,
  visited: Set<string>,
  limits: EvidenceLimits,
  budget: ByteBudget,
  warn: WarnFn,
): AsyncGenerator<VirtualFile> {
  let names: string[]
  try {
    names = (await readdir(dir)).sort(byteOrder)
  } catch (error) {
    warn(`${relDir || '.'}: folder unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
    return
  }
  for (const name of names) {
    const abs = join(dir, name)
    const rel = relDir ? `${relDir}/${name}` : name
    let st
    try {
      st = await lstat(abs)
    } catch {
      warn(`${rel}: vanished or unreadable during the walk`)
      continue
    }
    if (st.isSymbolicLink()) {
      let target: string
      try {
        target = await realpath(abs)
      } catch {
        warn(`${rel}: dangling symlink, not followed`)
        continue
      }
      const rel2 = relative(rootReal, target)
      const inside = rel2 === '' || (!rel2.startsWith('..') && !rel2.startsWith(sep))
      if (!inside) {
        warn(`${rel}: symlink points outside the evidence folder, not followed`)
        continue
      }
      st = await stat(abs)
    }
    if (st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`
      if (visited.has(key)) {
        warn(`${rel}: folder already visited (symlink loop), not followed again`)
        continue
      }
      visited.add(key)
      yield* walkDir(abs, rootReal, rel, visited, limits, budget, warn)
    } else if (st.isFile()) {
      yield* fileOrArchive(abs, rel, st.size, st.mtime, limits, budget, warn, true)
    }
  }
}
