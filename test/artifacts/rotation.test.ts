// Rotated text logs are read like the current one, for every text-log kind: logrotate names
// (`syslog.1`, `messages-20240601`, dateext with hour), the tools' own rotation
// (`ad.trace.old`, `TeamViewer15_Logfile_OLD.log`) and gzip (`syslog.2.gz`, `kern.log.3.gz`).
// Fixtures in test/fixtures/rotated/ and test/fixtures/usb/; gzip made here with node:zlib.
import {mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {gzipSync} from 'node:zlib'

import {describe, expect, it} from 'vitest'

import {withoutRotation} from '../../src/artifacts/rotation.js'
import {pathInfoOf} from '../../src/evidence/paths.js'
import {PARSERS} from '../../src/artifacts/registry.js'
import {FIXTURES} from '../support/corpus.js'
import {scanWith} from '../support/run-parser.js'
import {tempDir} from '../support/tmp.js'

const ROT = join(FIXTURES, 'rotated')
const fx = (name: string) => readFileSync(name.startsWith('usb/') ? join(FIXTURES, name) : join(ROT, name))

async function scanOne(path: string, data: Buffer) {
  const root = tempDir('rotated-')
  const p = join(root, path)
  mkdirSync(dirname(p), {recursive: true})
  writeFileSync(p, data)
  const mtime = new Date('2024-06-03T12:00:00Z')
  utimesSync(p, mtime, mtime)
  return scanWith(root)
}

const CASES: Array<[string, string, string, string[]]> = [
  // [path in the collection, fixture, kind, event types expected]
  ['var/log/syslog.1', 'syslog', 'crd.syslog', ['remote_access.session_start', 'remote_access.connection_route', 'usb.device', 'remote_access.session_end']],
  ['var/log/syslog.2.gz', 'syslog', 'crd.syslog', ['remote_access.session_start', 'remote_access.connection_route', 'usb.device', 'remote_access.session_end']],
  ['var/log/messages-20240601', 'syslog', 'crd.syslog', ['remote_access.session_start', 'remote_access.connection_route', 'usb.device', 'remote_access.session_end']],
  ['var/log/messages-20240601.gz', 'usb/messages-20240602', 'crd.syslog', ['usb.device', 'usb.device', 'usb.device']],
  ['var/log/user.log.1', 'syslog', 'crd.syslog', ['remote_access.session_start', 'remote_access.connection_route', 'usb.device', 'remote_access.session_end']],
  ['var/log/daemon.log-2024060112', 'syslog', 'crd.syslog', ['remote_access.session_start', 'remote_access.connection_route', 'usb.device', 'remote_access.session_end']],
  ['var/log/kern.log.1', 'usb/kern.log', 'crd.syslog', ['usb.device', 'usb.device', 'usb.device']],
  ['var/log/kern.log.3.gz', 'usb/kern.log', 'crd.syslog', ['usb.device', 'usb.device', 'usb.device']],
  ['home/alice/.anydesk/ad.trace.1', 'ad.trace', 'anydesk.trace', ['remote_access.session_start', 'remote_access.session_end']],
  ['home/alice/.anydesk/ad.trace.old.gz', 'ad.trace', 'anydesk.trace', ['remote_access.session_start', 'remote_access.session_end']],
  ['C/ProgramData/AnyDesk/ad_svc.trace.2.gz', 'ad.trace', 'anydesk.trace', ['remote_access.session_start', 'remote_access.session_end']],
  ['C/Program Files/TeamViewer/TeamViewer15_Logfile_OLD.log', 'TeamViewer15_Logfile.log', 'teamviewer.logfile', []],
  ['C/Program Files/TeamViewer/TeamViewer15_Logfile.log.1', 'TeamViewer15_Logfile.log', 'teamviewer.logfile', []],
  ['C/Program Files/TeamViewer/TeamViewer15_Logfile_OLD.log.gz', 'TeamViewer15_Logfile.log', 'teamviewer.logfile', []],
]

describe('rotated and compressed text logs', () => {
  it.each(CASES)('%s is read as %s (%s)', async (path, fixture, kind, types) => {
    const raw = fx(fixture)
    const data = path.endsWith('.gz') ? gzipSync(raw) : raw
    const {artifacts, events} = await scanOne(path, data)
    expect(artifacts.map((a) => [a.path.endsWith(path.replace(/^C\//, '')), a.kind, a.status])).toEqual([[true, kind, 'parsed']])
    if (path.endsWith('.gz')) expect(artifacts[0]!.decompressedSize).toBe(raw.length)
    const got = events.map((e) => e.type)
    if (types.length) expect(got).toEqual(types)
    else expect(got.length).toBeGreaterThan(0)
    // the same file under its current name gives the same events (rotation changes nothing else)
    const current = path.replace(/\.gz$/, '').replace(/(?:\.\d+|-\d{8,10}|_OLD(?=\.log)|\.old)$/, '').replace(/_OLD(?=\.log$)/, '')
    const plain = await scanOne(current, raw)
    expect(plain.events.map((e) => [e.type, e.time, e.location, e.message])).toEqual(events.map((e) => [e.type, e.time, e.location, e.message]))
  })

  it('names that are not rotations of a known log stay unclaimed', async () => {
    for (const p of ['var/log/syslog.tar.gz', 'var/log/syslog.bin', 'var/log/apt/history.log.1.gz']) {
      const {artifacts} = await scanOne(p, gzipSync(fx('syslog')))
      expect(artifacts.filter((a) => a.kind === 'crd.syslog' && !/history/.test(a.path))).toEqual([])
    }
  })

  it('withoutRotation removes one suffix: numbered, dateext, .old', () => {
    expect(['syslog.1', 'syslog.12', 'messages-20240601', 'daemon.log-2024060112', 'ad.trace.old', 'TeamViewer15_Logfile.log', 'kern.log', 'syslog-old']
      .map(withoutRotation)).toEqual(['syslog', 'syslog', 'messages', 'daemon.log', 'ad.trace', 'TeamViewer15_Logfile.log', 'kern.log', 'syslog'])
  })

  it('every parser that accepts a log name accepts its numbered rotation (path test)', () => {
    const names = ['var/log/syslog', 'var/log/kern.log', 'C:/Users/u/AppData/Roaming/AnyDesk/ad.trace', 'C:/Program Files/TeamViewer/TeamViewer15_Logfile.log',
      'C:/Users/u/AppData/Roaming/RustDesk/log/server/RustDesk_rCURRENT.log', 'C:/ProgramData/Splashtop/Temp/log/SPLog.txt', 'C:/ProgramData/Splashtop/Temp/log/FTCLog.txt']
    for (const n of names) {
      const kinds = (p: string) => PARSERS.filter((x) => x.matchPath(pathInfoOf(p))).map((x) => x.kind)
        // listings (program lists, system_profiler output) are not logs: they are not rotated
        .filter((k) => !k.startsWith('programs.') && k !== 'usb.system_profiler')
      expect(kinds(`${n}.1`), n).toEqual(expect.arrayContaining(kinds(n).filter((k) => k !== 'windows.event_export')))
    }
  })
})
