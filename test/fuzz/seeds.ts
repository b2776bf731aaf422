// Seed inputs for the fuzz suite, each at the evidence-relative path its parser expects
// (recognition reads paths): the real corpus (read at test time, never copied into the project),
// the artifacts-samples cases (folders and the Velociraptor ZIP), test/fixtures/programs, and
// short documented inputs for kinds without a public sample.
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {gzipSync} from 'node:zlib'

import {PARSERS} from '../../src/artifacts/registry.js'
import {SNIFF_BYTES} from '../../src/artifacts/types.js'
import {pathInfoOf} from '../../src/evidence/paths.js'
import {CRD_EVENTS, CRD_MESSAGES, JID_A, JID_B, JID_C} from '../artifacts/crd/scenario.js'
import {clixml, evtxecmdCsv, evtxecmdJson, toXmlLines, wevtutilXml} from '../artifacts/windows-events/fixtures.js'
import {CORPUS, FIXTURES, HAS_CORPUS, ROOT} from '../support/corpus.js'
import {systemHive} from '../support/hive-fixtures.js'
import {ANYDESK_7045, applicationEvtx, PIKVM_400} from '../support/evtx-fixtures.js'
import {writeEvtx} from '../support/evtx-writer.js'

export interface Seed {
  /** Where it came from (`corpus:remote/...`, `samples:...`, `fixture:...`, `written:...`). */
  name: string
  /** Evidence-relative path inside the temp evidence folder. */
  rel: string
  data: Buffer
}

function files(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n)
      if (statSync(p).isDirectory()) walk(p)
      else out.push(p)
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

/** Whether a registered parser claims the file at `rel` (the same path and content tests as a scan). */
export function isClaimed(rel: string, data: Buffer): boolean {
  const info = pathInfoOf(rel)
  const head = data.subarray(0, SNIFF_BYTES)
  return PARSERS.some((p) => p.matchPath(info) && p.sniff(head, info))
}

/** Where a corpus file lies on the source machine. */
function corpusRel(parts: string[]): string | undefined {
  // `<area>/<case>/<path on the machine>` -> `<path on the machine>`
  if (parts.length > 3) return parts.slice(2).join('/')
  // `evtx/<source>/<name>.evtx`: logs are collected from the standard folder (any name works)
  if (parts[0] === 'evtx' && parts.length === 3) return `C/Windows/System32/winevt/Logs/${parts[2]}`
  return undefined
}

/**
 * Corpus files that a registered parser claims. The corpus also holds files of kinds no parser of
 * this branch reads (registry hives, handled elsewhere): they are left out here rather than
 * failing the "seed is recognised" check, and come in by themselves once a parser claims them.
 */
function corpusSeeds(): Seed[] {
  if (!HAS_CORPUS) return []
  const out: Seed[] = []
  for (const abs of files(CORPUS)) {
    const parts = relative(CORPUS, abs).split('/')
    const rel = corpusRel(parts)
    if (!rel || parts.at(-1)!.endsWith('.sql')) continue
    const data = readFileSync(abs)
    if (!isClaimed(rel, data)) continue
    // the 1 MiB .evtx rings cost 16 chunks per variant; the small logs and the written ones cover the reader
    if (parts[0] === 'evtx' && data.length > 256 * 1024) continue
    out.push({name: `corpus:${parts.slice(0, 2).join('/')}:${parts.at(-1)}`, rel, data})
  }
  return out
}

function sampleSeeds(): Seed[] {
  const base = join(ROOT, 'artifacts-samples')
  return files(base)
    .filter((abs) => /[\\/](?:benign-helpdesk|laptop-farm)[\\/]|\.zip$/.test(abs))
    .map((abs) => {
      const parts = relative(base, abs).split('/')
      // a ZIP keeps its name (the archive is the artifact); folder cases drop the case folder
      const rel = parts.length === 1 ? parts[0]! : parts.slice(1).join('/')
      return {name: `samples:${parts.join('/')}`, rel, data: readFileSync(abs)}
    })
}

/** test/fixtures/programs: exports a responder saves anywhere, here on a user's desktop. */
function fixtureSeeds(): Seed[] {
  return files(join(FIXTURES, 'programs')).map((abs) => {
    const name = relative(join(FIXTURES, 'programs'), abs)
    // dpkg's status file is recognised by its name `status` (dpkg-status.ts matchPath)
    const rel = name === 'dpkg-status.txt' ? 'var/lib/dpkg/status' : `Users/u/Desktop/${name}`
    return {name: `fixture:programs/${name}`, rel, data: readFileSync(abs)}
  })
}

// Chrome Remote Desktop lines, as quoted in test/artifacts/crd/linux.test.ts from reference §2.2
// (Python launcher and Chromium line grammars; classic syslog; host.json keys of §2.1 "Config").
const CRD_HOST_LOG = [
  '2023-12-30 23:55:00,851:INFO:Using host_id: 4b1d3c2a-0000-4e5f-9a8b-1234567890ab',
  "[1230/235501.762082:INFO:remoting_user_session.cc(759)] Daemon process started in the background, logging to '/tmp/chrome_remote_desktop_20231230_235500_LUyjRz'",
  '[4321:4322:1230/235502.000001:INFO:remoting_me2me_host.cc(1900)] Host ready to receive connections.',
  `[4321:4322:1231/235958.500000:INFO:host_event_logger_posix.cc(86)] Client connected: ${JID_A}`,
  `[4321:4322:1231/235958.600000:INFO:host_event_logger_posix.cc(86)] Channel IP for client: ${JID_A} ip='unknown' host_ip='10.0.0.5:45001' channel='' connection='relay'`,
  `[4321:4322:0101/000130.250000:INFO:host_event_logger_posix.cc(86)] Client disconnected: ${JID_A}`,
].join('\n') + '\n'

const CRD_SYSLOG = [
  `Dec 31 23:59:58 ubuntu-host chromoting[2315]: Client connected: ${JID_A}`,
  `Dec 31 23:59:58 ubuntu-host chromoting[2315]: Channel IP for client: ${JID_A} ip='203.0.113.77:50001' host_ip='192.168.1.20:50002' channel='' connection='direct'`,
  `Jan  1 00:01:30 ubuntu-host chromoting[2315]: Client disconnected: ${JID_A}`,
  `Jan  2 10:00:00 ubuntu-host chromoting[2315]: Access denied for client: ${JID_C}`,
  `Jan  2 11:00:00 ubuntu-host chromoting[2315]: Client connected: ${JID_B}`,
].join('\n') + '\n'

const CRD_HOST_JSON = JSON.stringify({
  host_id: '4b1d3c2a-0000-4e5f-9a8b-1234567890ab', host_name: 'DESKTOP-7QK2F', host_owner: 'owner@gmail.com',
  xmpp_login: 'owner@gmail.com', host_secret_hash: 'hmac:Zm9vYmFyYmF6cXV4', usage_stats_consent: false,
}, null, 2)

// RustDesk lines of reference §3 (grammar `^\[(date time.frac ±hh:mm)\] LEVEL \[src\] msg$`), as in
// test/artifacts/rustdesk/log.test.ts.
const RUSTDESK = [
  '[2025-01-01 10:04:08.350802 -03:00] DEBUG [src/server/connection.rs:1377] #899 Connection opened from 192.168.35.148:50328.',
  '[2025-01-01 10:04:09.120000 -03:00] WARN [src/server/connection.rs:1600] #899 Login failed: wrong password',
  '[2025-01-01 10:20:00.000001 -03:00] INFO [src/server/connection.rs:2900] #899 Connection closed: Reset by the peer',
  '[2025-01-01 22:00:00.5 +09:00] DEBUG [src\\server\\connection.rs:983] #900 Connection opened from [2001:db8::5]:50330.',
].join('\r\n') + '\r\n'

function writtenSeeds(): Seed[] {
  const evt = 'Users/u/Desktop'
  const s = (name: string, rel: string, data: string | Buffer): Seed => ({name: `written:${name}`, rel, data: Buffer.from(data)})
  return [
    // Windows Application-log exports in every form (builders: test/artifacts/windows-events/fixtures.ts)
    s('wevtutil-xml', `${evt}/Application.xml`, wevtutilXml(CRD_EVENTS, '\r\n')),
    s('toxml-lines', `${evt}/application-toxml.xml`, toXmlLines(CRD_EVENTS)),
    s('export-clixml', `${evt}/application.clixml`, clixml(CRD_EVENTS, CRD_MESSAGES)),
    s('evtxecmd-csv', `${evt}/evtxecmd-application.csv`, evtxecmdCsv(CRD_EVENTS)),
    s('evtxecmd-json', `${evt}/evtxecmd-application.json`, evtxecmdJson(CRD_EVENTS)),
    s('crd-host-log', 'tmp/chrome_remote_desktop_20231230_235500_LUyjRz', CRD_HOST_LOG),
    s('crd-syslog', 'var/log/syslog', CRD_SYSLOG),
    s('crd-host-json', 'C/ProgramData/Google/Chrome Remote Desktop/host.json', CRD_HOST_JSON),
    // raw event logs written from the format description (support/evtx-writer.ts): any name is recognised
    s('evtx-application', 'C/Windows/System32/winevt/Logs/Application.evtx', applicationEvtx(CRD_EVENTS)),
    s('evtx-system', 'Users/u/Desktop/system-log.bin', writeEvtx([ANYDESK_7045, PIKVM_400])),
    s('rustdesk-log', 'Users/alice/AppData/Roaming/RustDesk/log/server/RustDesk_rCURRENT.log', RUSTDESK),
    // a raw SYSTEM hive (builder: test/support/hive-fixtures.ts; hostile cases: hostile-hives.test.ts)
    s('system-hive', 'C/Windows/System32/config/SYSTEM', systemHive()),
  ]
}

/** test/fixtures/usb: a kernel log (also gzipped, as rotated), a journal export, system_profiler output. */
function usbSeeds(): Seed[] {
  const usb = (n: string) => readFileSync(join(FIXTURES, 'usb', n))
  return [
    {name: 'fixture:usb/kern.log', rel: 'var/log/kern.log', data: usb('kern.log')},
    // gzip's own level, so the seed's bytes are the same on every run
    {name: 'written:kern.log.2.gz', rel: 'var/log/kern.log.2.gz', data: gzipSync(usb('kern.log'), {level: 6})},
    {name: 'fixture:usb/journal.json', rel: 'export/journal.json', data: usb('journal.json')},
    ...['SPUSBDataType.xml', 'SPUSBDataType.json', 'SPUSBDataType.txt'].map((n) => ({name: `fixture:usb/${n}`, rel: `Users/u/Desktop/${n}`, data: usb(n)})),
  ]
}

export function loadSeeds(): Seed[] {
  return [...corpusSeeds(), ...sampleSeeds(), ...fixtureSeeds(), ...writtenSeeds(), ...usbSeeds()]
}
