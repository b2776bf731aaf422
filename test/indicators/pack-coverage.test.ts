// #14.6: indicators fire where the pack means them to, on events the parsers make from realistic
// artifacts: the Linux chrome-remote-desktop package (dpkg, rpm) is the CRD host (RA-02); CRD host
// sessions are incoming remote-control sessions (RA-16, and with them C-REMOTE-CAMERA); OBS
// (macOS /Applications/OBS.app, Windows "OBS Studio") is a virtual camera (VC-02); a visit to
// drive.google.com is cloud-storage context (EXF-07).
import {copyFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {IndicatorEngine} from '../../src/indicators/engine.js'
import {loadPack} from '../../src/indicators/load.js'
import type {TimelineEvent} from '../../src/lib/model.js'
import {scanCase} from '../../src/lib/scan-case.js'
import {FIXTURES} from '../support/corpus.js'
import {tempDir} from '../support/tmp.js'

const pack = loadPack()

function tree(files: Record<string, string | {copy: string}>): string {
  const root = tempDir('pack-cov-')
  for (const [rel, data] of Object.entries(files)) {
    const p = join(root, rel)
    mkdirSync(dirname(p), {recursive: true})
    if (typeof data === 'string') writeFileSync(p, data)
    else copyFileSync(data.copy, p)
  }
  return root
}

async function matched(files: Record<string, string | {copy: string}>): Promise<{events: TimelineEvent[]; findings: string[]}> {
  const c = await scanCase(tree(files), {caseId: 'cov'})
  const {findings} = new IndicatorEngine(pack).matchCase(c.events)
  return {events: c.events, findings: findings.map((f) => f.indicator)}
}

const tagsOf = (events: TimelineEvent[], program: string) => events.filter((e) => e.fields.program === program).map((e) => e.indicators)

// rpm -qa --queryformat "%{NAME}|%{VERSION}-%{RELEASE}|%{ARCH}|%{VENDOR}|%{INSTALLTIME}\n" (catalog.ts programs.rpm_list);
// Google's repository package for Fedora/RHEL is named like the .deb
const RPM_QA = [
  'bash|5.2.26-3.fc40|x86_64|Fedora Project|1709632353',
  'chrome-remote-desktop|124.0.6367.18-1|x86_64|Google LLC|1715850000',
  'obs-studio|30.1.2-1.fc40|x86_64|Fedora Project|1715851000',
].join('\n') + '\n'

// syslog lines of the Linux host (remote-access-artifacts.md §2.2: ident chromoting, "Client connected: <jid>")
const JID = 'worker.one@gmail.com/chromoting_ftl_0523e78a-4a7c-4466-9fd5-5df9be1c656a'
const SYSLOG = [
  '2024-05-16T09:40:58.123456+00:00 dev-box chromoting[2211]: Client connected: ' + JID,
  `2024-05-16T09:40:58.223456+00:00 dev-box chromoting[2211]: Channel IP for client: ${JID} ip='198.51.100.23:40112' host_ip='192.168.1.50:40113' channel='' connection='stun'`,
  '2024-05-16T10:12:03.623456+00:00 dev-box chromoting[2211]: Client disconnected: ' + JID,
].join('\n') + '\n'

describe('pack coverage on parser output (#14.6)', () => {
  it('dpkg status and rpm: chrome-remote-desktop is the CRD host (RA-02), obs-studio a virtual camera (VC-02)', async () => {
    const {events, findings} = await matched({
      'var/lib/dpkg/status': {copy: join(FIXTURES, 'programs', 'dpkg-status.txt')},
      'collection/rpm-qa.txt': RPM_QA,
    })
    expect(tagsOf(events, 'chrome-remote-desktop')).toEqual([['RA-02'], ['RA-02']])
    expect(tagsOf(events, 'obs-studio')).toEqual([['VC-02']])
    expect(findings).toEqual(expect.arrayContaining(['RA-02', 'VC-02']))
  })

  it('OBS on macOS (/Applications/OBS.app, -json and -xml) and OBS Studio on Windows are virtual cameras (VC-02)', async () => {
    const {events} = await matched({
      'mac/SPApplicationsDataType.json': {copy: join(FIXTURES, 'programs', 'SPApplicationsDataType.json')},
      'mac2/SPApplicationsDataType.xml': {copy: join(FIXTURES, 'programs', 'SPApplicationsDataType.xml')},
      'win/ps-uninstall.csv': {copy: join(FIXTURES, 'programs', 'ps-uninstall.csv')},
    })
    expect(tagsOf(events, 'OBS')).toEqual([['VC-02'], ['VC-02']])
    expect(tagsOf(events, 'OBS Studio')).toEqual([['VC-02']])
  })

  it('a Chrome Remote Desktop host session is an incoming remote-control session (RA-16)', async () => {
    const {events, findings} = await matched({'var/log/syslog': SYSLOG})
    const start = events.find((e) => e.type === 'remote_access.session_start')!
    expect(start.fields).toMatchObject({tool: 'chrome_remote_desktop', direction: 'incoming', client: JID, remote_ip: '198.51.100.23'})
    expect(start.indicators).toEqual(['RA-02', 'RA-16'])
    expect(findings).toEqual(expect.arrayContaining(['RA-02', 'RA-16']))
  })

  it('CRD sessions and OBS together complete C-REMOTE-CAMERA', async () => {
    const {findings} = await matched({
      'var/log/syslog': SYSLOG,
      'mac/SPApplicationsDataType.json': {copy: join(FIXTURES, 'programs', 'SPApplicationsDataType.json')},
    })
    const combos = pack.combinations.filter((c) => c.all_of.every((g) => g.some((id) => findings.includes(id)))).map((c) => c.id)
    expect(combos).toContain('C-REMOTE-CAMERA')
  })
})

describe('pack coverage on browser events (#14.6)', () => {
  it('drive.google.com visits are EXF-07 context; an upload page is EXF-01 as well', () => {
    const ev = (url: string, title: string): TimelineEvent => ({
      id: url, time: '2024-05-16T10:00:00.000000Z', timeBasis: 'utc', type: 'browser.visit', timestampDesc: 'Visit time', artifact: 'History',
      location: 'row 1', message: url, fields: {url, title}, indicators: [],
    })
    const events = [ev('https://drive.google.com/drive/my-drive', 'My Drive - Google Drive'), ev('https://drive.google.com/drive/folders/1AbC?upload=1', 'Upload - Google Drive'), ev('https://docs.google.com/document/d/1x/edit', 'Notes')]
    new IndicatorEngine(pack).matchCase(events)
    expect(events.map((e) => e.indicators)).toEqual([['EXF-07'], ['EXF-01', 'EXF-07'], []])
  })
})
