// Headless Chromium for the report tests: found on PATH, or installed from Debian's `chromium`
// package when missing (as root, with apt-get). Returns null with a printed reason otherwise.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

function which(): string | null {
  for (const n of NAMES) {
    const r = spawnSync('sh', ['-c', `command -v ${n}`], {encoding: 'utf8'})
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim()
  }
  return null
}

export function ensureChromium(): {bin: string | null; note: string} {
  const found = which()
  if (found) return {bin: found, note: `using ${found}`}
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    return {bin: null, note: 'chromium is not installed and cannot be installed here (needs root and apt-get); browser tests skipped'}
  }
  process.stderr.write('NOTE: installing Debian chromium for the HTML report browser test (apt-get update && apt-get install -y chromium)\n')
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'}
  const up = spawnSync('apt-get', ['update'], {env, encoding: 'utf8', timeout: 5 * 60_000})
  const inst = up.status === 0 ? spawnSync('apt-get', ['install', '-y', 'chromium'], {env, encoding: 'utf8', timeout: 12 * 60_000}) : up
  const bin = which()
  if (bin) return {bin, note: `installed ${bin}`}
  return {bin: null, note: `chromium could not be installed (apt-get exit ${inst.status}): ${(inst.stderr ?? '').slice(-400)}; browser tests skipped`}
}

/** The flags from the issue: no sandbox (root), no GPU, no background traffic of its own. */
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-default-apps', '--disable-extensions', '--mute-audio',
]

/** Runs chromium asynchronously (the test's HTTP server must keep answering meanwhile). */
export function runChromium(bin: string, args: string[], timeoutMs = 60_000): Promise<{code: number | null; stdout: string; stderr: string}> {
  const profile = mkdtempSync(join(tmpdir(), 'dprk-chromium-'))
  return new Promise((resolve, reject) => {
    const child = spawn(bin, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, ...args], {stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      rmSync(profile, {recursive: true, force: true})
      resolve({code, stdout, stderr})
    })
  })
}
