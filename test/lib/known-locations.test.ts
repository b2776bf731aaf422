// #14.3: a file at a known artifact location (catalog.ts) that no parser can read is listed,
// hashed and marked failed/unsupported with the reason; it never vanishes from the inventory.
// Files with generic names (`notes.txt`, `export.csv`) that no parser reads stay out of it.
import {createHash} from 'node:crypto'
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {knownLocationOf} from '../../src/artifacts/known-locations.js'
import {pathInfoOf} from '../../src/evidence/paths.js'
import {scanCase} from '../../src/lib/scan-case.js'
import {tempDir} from '../support/tmp.js'

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/** Deterministic bytes that are no text format (xorshift32). */
function noise(n: number, seed = 0x9e3779b9): Buffer {
  const b = Buffer.alloc(n)
  let x = seed >>> 0
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0
    x ^= x >>> 17
    x ^= x << 5; x >>>= 0
    b[i] = x & 0xff
  }
  return b
}

function tree(files: Record<string, Buffer>): string {
  const root = tempDir('known-loc-')
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(dirname(p), {recursive: true})
    writeFileSync(p, data)
  }
  return root
}

// A collector that saved an HTTP error page instead of the file: text, but not the table (§1.3 of
// remote-access-artifacts.md: connection_trace.txt rows are `Incoming  2024-05-16, 09:40  User  <id>  <id>`).
const ERROR_PAGE = Buffer.from('<html><head><title>403 Forbidden</title></head><body>Access is denied.</body></html>\r\n')
// regf signature, then a base block of a version no parser reads (major 2) and nothing else
const ODD_HIVE = Buffer.concat([Buffer.from('regf', 'latin1'), Buffer.from([1, 0, 0, 0, 1, 0, 0, 0]), Buffer.alloc(8), Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), Buffer.alloc(4096 - 24)])

describe('files at known artifact locations that cannot be parsed', () => {
  it('are listed with SHA-256, size, status and reason; generic names are not', async () => {
    const trace = noise(3 * 1024 * 1024 + 17)
    const conn = noise(4096, 7)
    const evtx = noise(69632, 11)
    const files = {
      'C/ProgramData/AnyDesk/ad_svc.trace': trace,
      'C/ProgramData/AnyDesk/connection_trace.txt': conn,
      'C/Users/bob/AppData/Roaming/AnyDesk/connection_trace.txt': ERROR_PAGE,
      'C/Windows/System32/winevt/Logs/Microsoft-Windows-TerminalServices-LocalSessionManager%4Operational.evtx': evtx,
      'C/Windows/System32/config/SYSTEM': ODD_HIVE,
      'C/Users/bob/AppData/Local/Google/Chrome/User Data/Default/History': Buffer.alloc(0),
      'var/lib/dpkg/status': noise(2048, 13),
      // generic names: not known locations
      'C/Users/bob/Documents/notes.txt': noise(1000, 17),
      'C/Users/bob/Documents/export.csv': noise(1000, 19),
    }
    const root = tree(files)
    const c = await scanCase(root, {caseId: 'k'})
    const byPath = Object.fromEntries(c.artifacts.map((a) => [a.path, a]))
    expect(Object.keys(byPath).sort()).toEqual([
      'C/ProgramData/AnyDesk/ad_svc.trace',
      'C/ProgramData/AnyDesk/connection_trace.txt',
      'C/Users/bob/AppData/Local/Google/Chrome/User Data/Default/History',
      'C/Users/bob/AppData/Roaming/AnyDesk/connection_trace.txt',
      'C/Windows/System32/config/SYSTEM',
      'C/Windows/System32/winevt/Logs/Microsoft-Windows-TerminalServices-LocalSessionManager%4Operational.evtx',
      'var/lib/dpkg/status',
    ])
    const t = byPath['C/ProgramData/AnyDesk/ad_svc.trace']!
    expect(t).toMatchObject({kind: 'anydesk.trace', status: 'failed', size: trace.length, sha256: sha(trace), events: 0})
    expect(t.warnings).toEqual([`not read: the content is not an AnyDesk trace log (first bytes ${trace.subarray(0, 16).toString('hex')})`])
    expect(byPath['C/ProgramData/AnyDesk/connection_trace.txt']).toMatchObject({kind: 'anydesk.connection_trace', status: 'failed', sha256: sha(conn), size: 4096})
    const page = byPath['C/Users/bob/AppData/Roaming/AnyDesk/connection_trace.txt']!
    expect(page).toMatchObject({kind: 'anydesk.connection_trace', status: 'failed', sha256: sha(ERROR_PAGE)})
    expect(page.warnings[0]).toBe('not read: the content is not an AnyDesk connection_trace.txt table (first bytes 3c68746d6c3e3c686561643e3c746974)')
    expect(byPath['C/Windows/System32/winevt/Logs/Microsoft-Windows-TerminalServices-LocalSessionManager%4Operational.evtx'])
      .toMatchObject({kind: 'windows.evtx', status: 'failed', sha256: sha(evtx), size: 69632})
    const hive = byPath['C/Windows/System32/config/SYSTEM']!
    expect(hive).toMatchObject({kind: 'windows.registry-hive', status: 'unsupported', sha256: sha(ODD_HIVE)})
    expect(hive.warnings).toEqual(['not read: a registry hive (regf) file at the location of a registry hive (regf header), in a variant or layout the parser does not read'])
    // an empty History in a Chrome profile: the browser parser already claims it and says why
    expect(byPath['C/Users/bob/AppData/Local/Google/Chrome/User Data/Default/History']).toMatchObject({kind: 'browser.chromium_history', status: 'failed', size: 0})
    expect(byPath['var/lib/dpkg/status']).toMatchObject({kind: 'programs.dpkg_status', status: 'failed'})
    expect(c.events).toEqual([])
  })

  it('a kind left out with --kinds is counted as skipped, not listed', async () => {
    const root = tree({'C/ProgramData/AnyDesk/connection_trace.txt': noise(512, 3)})
    const c = await scanCase(root, {caseId: 'k', selectKind: (k) => k !== 'anydesk.connection_trace'})
    expect(c.artifacts).toEqual([])
    expect(c.skipped).toBe(1)
  })

  it('knows the catalogue names and not generic extensions', () => {
    const kind = (p: string) => knownLocationOf(pathInfoOf(p))?.kind
    expect(kind('C/ProgramData/AnyDesk/ad_svc.trace.old')).toBe('anydesk.trace')
    expect(kind('home/u/.anydesk/anydesk.trace')).toBe('anydesk.trace')
    expect(kind('C/Program Files/TeamViewer/Connections_incoming.txt')).toBe('teamviewer.connections')
    expect(kind('C/Program Files/TeamViewer/TeamViewer15_Logfile.log')).toBe('teamviewer.logfile')
    expect(kind('home/u/.mozilla/firefox/x.default/places.sqlite')).toBe('browser.firefox_places')
    expect(kind('Users/u/Library/Safari/History.db')).toBe('browser.safari_history')
    expect(kind('C/Users/u/NTUSER.DAT')).toBe('windows.registry-hive')
    expect(kind('var/log/syslog.1')).toBe('crd.syslog')
    expect(kind('tmp/chrome_remote_desktop_20240603_101500_AbCdEf')).toBe('crd.host_log')
    expect(kind('C/Users/u/Documents/Connections.txt')).toBeUndefined()
    expect(kind('C/Users/u/Documents/History')).toBeUndefined()
    expect(kind('C/Users/u/Documents/notes.txt')).toBeUndefined()
    expect(kind('C/Users/u/Documents/system')).toBeUndefined()
    expect(kind('var/log/auth.log')).toBeUndefined()
  })
})
