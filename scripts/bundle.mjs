#!/usr/bin/env node
// `npm run bundle`: a self-contained tarball for an air-gapped Linux x64 workstation that has
// only Node >= 20: dist/, the runtime closure of the production dependencies copied from this
// clone's node_modules (with the better-sqlite3 addon `npm ci` built here), and a launcher.
// Nothing is downloaded and nothing is rebuilt: packages are resolved through package-lock.json
// exactly as Node would find them, and `prebuild-install` (better-sqlite3's install step, which
// fetches prebuilt binaries) is left out because the addon is already built.
//
//   node scripts/bundle.mjs [--out DIR]     (after npm run build; npm run bundle does both)
import {execFileSync} from 'node:child_process'
import {chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const outDir = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(ROOT, 'bundle'))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'))
const NAME = `dprk-triage-${pkg.version}-linux-x64`
// install-time only: never shipped, never run
const INSTALL_ONLY = new Set(['prebuild-install'])

if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the bundle carries a Linux x64 addon; this is ${process.platform}-${process.arch}`)
if (!existsSync(join(ROOT, 'dist', 'commands', 'scan.js'))) throw new Error('dist/ is not built: run npm run build first (npm run bundle does)')
const addon = join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
if (!existsSync(addon)) throw new Error(`${addon} is missing: npm ci builds it (needs python3, make, g++)`)

/** Lockfile key a dependency of the package at `from` resolves to (nested first, then upwards). */
function resolveKey(from, name) {
  let base = from
  for (;;) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`
    if (lock.packages[key]) return key
    if (!base) return undefined
    const i = base.lastIndexOf('/node_modules/')
    base = i === -1 ? '' : base.slice(0, i)
  }
}

/** Every package key the production dependencies need at run time. */
function runtimeClosure() {
  const seen = new Set()
  const visit = (from, deps, optional) => {
    for (const name of Object.keys(deps ?? {})) {
      if (INSTALL_ONLY.has(name)) continue
      const key = resolveKey(from, name)
      if (!key) {
        if (optional.has(name)) continue
        throw new Error(`${name} (needed by ${from || 'dprk-triage'}) is not in package-lock.json`)
      }
      if (seen.has(key)) continue
      const entry = lock.packages[key]
      if (entry.os && !entry.os.includes('linux')) continue
      if (entry.cpu && !entry.cpu.includes('x64')) continue
      seen.add(key)
      const opt = new Set(Object.keys(entry.optionalDependencies ?? {}))
      visit(key, {...entry.dependencies, ...entry.optionalDependencies}, opt)
    }
  }
  visit('', pkg.dependencies, new Set())
  return [...seen].sort()
}

const stage = join(outDir, NAME)
rmSync(stage, {recursive: true, force: true})
mkdirSync(stage, {recursive: true})
for (const f of ['bin', 'dist', 'oclif.manifest.json', 'schemas', 'README.md', 'package-lock.json']) {
  if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(stage, f), {recursive: true})
}
// package.json: oclif reads its config from it; no scripts (nothing to build or install here)
const {scripts: _s, devDependencies: _d, ...runtimePkg} = pkg
writeFileSync(join(stage, 'package.json'), JSON.stringify(runtimePkg, null, 2) + '\n')

const keys = runtimeClosure()
for (const key of keys) {
  const src = join(ROOT, key)
  const dst = join(stage, key)
  if (key === 'node_modules/better-sqlite3') {
    // the JS and the built addon only (the 25 MB of SQLite sources and objects stay behind)
    for (const f of ['package.json', 'LICENSE', 'lib']) cpSync(join(src, f), join(dst, f), {recursive: true})
    mkdirSync(join(dst, 'build', 'Release'), {recursive: true})
    cpSync(addon, join(dst, 'build', 'Release', 'better_sqlite3.node'))
    continue
  }
  // nested node_modules are their own keys (copied when needed)
  cpSync(src, dst, {recursive: true, filter: (p) => p === src || !p.slice(src.length).includes('/node_modules')})
}

const launcher = join(stage, 'dprk-triage')
writeFileSync(launcher, `#!/bin/sh
# dprk-triage launcher (offline bundle): needs only Node.js 20 or newer on PATH.
here=$(dirname "$(readlink -f "$0")")
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || { echo "dprk-triage: Node.js 20 or newer is needed on PATH" >&2; exit 4; }
if [ "$major" -lt 20 ]; then echo "dprk-triage: Node.js 20 or newer is needed (found $(node --version))" >&2; exit 4; fi
exec node "$here/bin/run.js" "$@"
`)
chmodSync(launcher, 0o755)
writeFileSync(join(stage, 'BUNDLE.txt'), `dprk-triage ${pkg.version} offline bundle for Linux x64 (Node.js >= 20; better-sqlite3 built with Node ${process.versions.node}, ABI ${process.versions.modules}, glibc of the build machine).
Unpack anywhere and run ./dprk-triage scan EVIDENCE --out report.html. Runtime packages: ${keys.length}.
`)

const tarball = join(outDir, `${NAME}.tar.gz`)
// stable archive: sorted names, fixed owner and time, so the same tree gives the same tarball
execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-czf', tarball, '-C', outDir, NAME])
rmSync(stage, {recursive: true, force: true})
process.stdout.write(`${tarball}\n`)
