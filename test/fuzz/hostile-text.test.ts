// Hostile text and XML (GitHub issue "hostile-input fuzz suite"): a 100 MB single line in an
// AnyDesk trace, BOM-less UTF-16LE text tables, 100,000 nested XML elements and billion-laughs
// entity documents for every XML-reading parser. Each case runs in the fuzz child with a hard
// time bound (support/fuzz.ts): no crash, bounded time and memory, evidence unchanged, and a
// warning on the artifact (status partial/failed or a warning line).
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {CRD_EVENTS, CRD_MESSAGES} from '../artifacts/crd/scenario.js'
import {clixml, wevtutilXml} from '../artifacts/windows-events/fixtures.js'
import {corpusPath, FIXTURES, HAS_CORPUS, ROOT} from '../support/corpus.js'
import {allWarnings, checkedScan, FuzzHost, type ArtifactSummary} from '../support/fuzz.js'

let host: FuzzHost
beforeAll(() => {
  host = new FuzzHost()
})
afterAll(async () => {
  await host.close()
})

const warned = (a: ArtifactSummary) => a.status === 'partial' || a.status === 'failed' || a.warnings.length > 0

describe('fuzz: a 100 MB single line in an AnyDesk trace', () => {
  // remote-access-artifacts.md §1 trace columns: level, date time.ms, process, pid, tid, [fiber,] component - message
  const line = (t: string, msg: string) => `   info 2022-08-23 ${t}       gsvc   4628   3528   23                anynet.any_socket - ${msg}\n`

  it('is cut with a warning, the lines around it still parsed, in bounded time and memory', async () => {
    const head = line('10:20:17.125', 'Client-ID: 547911884 (FPR: 67a8dcc336a1).')
    const tail = line('10:20:19.000', 'Logged in from 203.0.113.9:41314 on relay ad3345a7.')
    const huge = Buffer.alloc(100 * 1024 * 1024, 'A')
    Buffer.from(line('10:20:18.000', 'Incoming session request: ').trimEnd()).copy(huge)
    huge[huge.length - 1] = 0x0a
    // a fresh child, so its peak RSS is this case's
    const big = new FuzzHost(512)
    try {
      const dir = big.evidence({'Users/u/AppData/Roaming/AnyDesk/ad.trace': Buffer.concat([Buffer.from(head), huge, Buffer.from(tail)])})
      const t0 = performance.now()
      const {outcome, problems} = await checkedScan(big, dir, {timeoutMs: 60_000})
      const ms = performance.now() - t0
      expect(problems).toEqual([])
      const r = outcome.reply!
      expect(r.artifacts.map((a) => [a.kind, a.status])).toEqual([['anydesk.trace', 'partial']])
      expect(r.artifacts[0]!.warnings).toContain('1 line(s) longer than 1 MiB were cut (first at line 2)')
      expect(r.artifacts[0]!.events).toBeGreaterThanOrEqual(1)
      // streaming: the 100 MB line is never held whole (the child's peak RSS stays far below it x several)
      expect(r.maxRss).toBeLessThan(400 * 1024 * 1024)
      console.log(`fuzz 100 MB line: ${Math.round(ms)} ms, child peak RSS ${Math.round(r.maxRss / 1024 / 1024)} MiB`)
    } finally {
      await big.close()
    }
  }, 120_000)
})

/** UTF-16LE without a BOM: what some exporters (and AnyDesk's connection_trace.txt) write. */
const utf16NoBom = (b: Buffer) => Buffer.from(b.toString('utf8').replace(/^\uFEFF/, ''), 'utf16le')
const utf8Of = (b: Buffer) => (b[0] === 0xff && b[1] === 0xfe ? Buffer.from(b.subarray(2).toString('utf16le')) : b)

describe('fuzz: text tables in UTF-16LE without a BOM', () => {
  const samples = join(ROOT, 'artifacts-samples', 'laptop-farm', 'C', 'ProgramData', 'AnyDesk')
  const tables: Array<[string, string, () => Buffer, boolean]> = [
    ['anydesk.connection_trace', 'C/ProgramData/AnyDesk/connection_trace.txt', () => utf8Of(readFileSync(join(samples, 'connection_trace.txt'))), true],
    ['anydesk.file_transfer_trace', 'C/ProgramData/AnyDesk/file_transfer_trace.txt', () => utf8Of(readFileSync(join(samples, 'file_transfer_trace.txt'))), true],
    ['teamviewer.connections', 'Program Files/TeamViewer/Connections_incoming.txt', () => readFileSync(corpusPath('remote/teamviewer-15-plaso/Program Files/TeamViewer/Connections_incoming.txt')), HAS_CORPUS],
    ['splashtop.ftclog', 'ProgramData/Splashtop/Temp/log/FTCLog.txt', () => readFileSync(corpusPath('remote/splashtop-excerpt/ProgramData/Splashtop/Temp/log/FTCLog.txt')), HAS_CORPUS],
    ['splashtop.splog', 'Program Files (x86)/Splashtop/Splashtop Remote/Server/log/SPLog.txt', () => readFileSync(corpusPath('remote/splashtop-excerpt/Program Files (x86)/Splashtop/Splashtop Remote/Server/log/SPLog.txt')), HAS_CORPUS],
    ['programs.windows_csv', 'Users/u/Desktop/ps-uninstall.csv', () => readFileSync(join(FIXTURES, 'programs', 'ps-uninstall.csv')), true],
    ['programs.dpkg_list', 'Users/u/Desktop/dpkg-l.txt', () => readFileSync(join(FIXTURES, 'programs', 'dpkg-l.txt')), true],
    ['programs.rpm_list', 'Users/u/Desktop/rpm-qa.txt', () => readFileSync(join(FIXTURES, 'programs', 'rpm-qa.txt')), true],
  ]

  for (const [kind, rel, load, available] of tables) {
    it.skipIf(!available)(`${kind}: read like the UTF-8 original (same events) or warned`, async () => {
      const utf8 = load()
      const base = await checkedScan(host, host.evidence({[rel]: utf8}))
      expect(base.problems).toEqual([])
      const want = base.outcome.reply!.artifacts
      expect(want.map((a) => a.kind)).toEqual([kind])

      const {outcome, problems} = await checkedScan(host, host.evidence({[rel]: utf16NoBom(utf8)}))
      expect(problems).toEqual([])
      const got = outcome.reply!.artifacts
      // not claimed at all would be a silent loss: the kind must still recognise it
      expect(got.map((a) => a.kind), `${kind} does not recognise BOM-less UTF-16LE`).toEqual([kind])
      if (!warned(got[0]!)) expect(got[0]!.events).toBe(want[0]!.events)
    })
  }
})

/** Inserts `payload` right after the first `anchor` (so the content sniff still sees its markers). */
function inject(doc: string, anchor: string, payload: string): string {
  const i = doc.indexOf(anchor)
  if (i === -1) throw new Error(`anchor ${anchor} not found`)
  return doc.slice(0, i + anchor.length) + payload + doc.slice(i + anchor.length)
}

const DEPTH = 100_000
const DEEP = '<a>'.repeat(DEPTH) + 'x' + '</a>'.repeat(DEPTH)
// The classic billion-laughs DTD: lol9 expands to 10^9 "lol"s (3 GB) if entities are expanded.
const LAUGHS_DTD = (root: string) => `<!DOCTYPE ${root} [\n <!ENTITY lol "lol">\n` +
  Array.from({length: 9}, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">\n`).join('') + ']>\n'

interface XmlCase {
  kind: string
  rel: string
  doc: () => string
  /** Where nested elements go: inside the first record, after the markers the sniff needs in its 64 KiB. */
  deepAt: string
  /** Where the `&lol9;` reference goes (a text value the parser reads). */
  laughAt: string
  root: string
}

const fixture = (n: string) => readFileSync(join(FIXTURES, 'programs', n), 'utf8')
const XML_CASES: XmlCase[] = [
  {kind: 'windows.event_export', rel: 'Users/u/Desktop/Application.xml', doc: () => wevtutilXml(CRD_EVENTS, '\r\n'), deepAt: '<EventData>', laughAt: '<Data>', root: 'Event'},
  {kind: 'windows.event_export', rel: 'Users/u/Desktop/application.clixml', doc: () => clixml(CRD_EVENTS, CRD_MESSAGES), deepAt: '<Props>', laughAt: '<S N="Message">', root: 'Objs'},
  {kind: 'programs.wmic_xml', rel: 'Users/u/Desktop/products.xml', doc: () => fixture('wmic-product-rawxml.xml'), deepAt: '<INSTANCE CLASSNAME="Win32_Product">', laughAt: '<VALUE>', root: 'COMMAND'},
  {kind: 'programs.clixml', rel: 'Users/u/Desktop/uninstall.clixml', doc: () => fixture('uninstall.clixml'), deepAt: '<S N="DisplayName">AnyDesk</S>', laughAt: '<S N="DisplayName">', root: 'Objs'},
  {kind: 'programs.system_profiler', rel: 'Users/u/Desktop/SPApplicationsDataType.xml', doc: () => fixture('SPApplicationsDataType.xml'), deepAt: '<string>SPApplicationsDataType</string>', laughAt: '<string>', root: 'plist'},
]

/** The DTD goes after an XML declaration, replacing an existing DOCTYPE (plist). */
function withDtd(doc: string, root: string): string {
  const dtd = LAUGHS_DTD(root)
  if (/<!DOCTYPE[^>]*>\s*/.test(doc)) return doc.replace(/<!DOCTYPE[^>]*>\s*/, dtd)
  const decl = /^<\?xml[^>]*\?>\s*/.exec(doc)
  return decl ? decl[0] + dtd + doc.slice(decl[0].length) : dtd + doc
}

describe('fuzz: XML bombs for the XML-reading parsers', () => {
  for (const c of XML_CASES) {
    it(`${c.kind} (${c.rel}): ${DEPTH.toLocaleString('en')} nested elements`, async () => {
      const {outcome, problems} = await checkedScan(host, host.evidence({[c.rel]: inject(c.doc(), c.deepAt, DEEP)}), {timeoutMs: 20_000})
      expect(problems).toEqual([])
      const arts = outcome.reply!.artifacts
      expect(arts.map((a) => a.kind)).toEqual([c.kind])
      expect(warned(arts[0]!), `no warning for ${DEPTH} nested elements: ${JSON.stringify(arts[0])}`).toBe(true)
    })

    it(`${c.kind} (${c.rel}): billion-laughs entities are not expanded`, async () => {
      const doc = inject(withDtd(c.doc(), c.root), c.laughAt, '&lol9;')
      const {outcome, problems} = await checkedScan(host, host.evidence({[c.rel]: doc}), {timeoutMs: 20_000})
      expect(problems).toEqual([])
      const r = outcome.reply!
      expect(r.artifacts.map((a) => a.kind)).toEqual([c.kind])
      expect(r.maxRss).toBeLessThan(1024 ** 3)
      expect(warned(r.artifacts[0]!), `no warning for a DTD with entity definitions: ${JSON.stringify(r.artifacts[0])} ${allWarnings(r).join(' | ')}`).toBe(true)
    })
  }
})
