// Linux package lists. Fixtures written from:
// - deb-control(5) / dpkg(1): /var/lib/dpkg/status holds one stanza per package, `Field: value`,
//   continuation lines begin with a space (a line " ." is an empty paragraph), stanzas are
//   separated by a blank line; `Status: <want> <error> <state>` ("install ok installed",
//   "hold ok installed", "deinstall ok config-files"). No install time is recorded.
// - dpkg-query(1) --list: legend lines, `||/ Name Version Architecture Description`, a
//   `+++-===` ruler, rows starting with the two state letters (`ii`, `hi`, `rc`).
// - rpm(8) --queryformat with tags NAME, VERSION, RELEASE, ARCH, VENDOR, INSTALLTIME (epoch
//   seconds; `(none)` for an unset tag) and `rpm -qa --last` (package then `%c` install time).
import {describe, expect, it} from 'vitest'

import {programsDpkgList} from '../../../src/artifacts/programs/dpkg-list.js'
import {programsDpkgStatus} from '../../../src/artifacts/programs/dpkg-status.js'
import {PROGRAM_PARSERS} from '../../../src/artifacts/programs/index.js'
import {programsRpmList, splitNevra} from '../../../src/artifacts/programs/rpm-list.js'
import {scanWith} from '../../support/run-parser.js'
import {evidence, fixture} from './helpers.js'

describe('programs.dpkg_status', () => {
  it('installed stanzas only (install/hold ok installed); time null; Korean description', async () => {
    const {artifacts, events} = await scanWith(evidence({'var/lib/dpkg/status': fixture('dpkg-status.txt')}), {parsers: [...PROGRAM_PARSERS]})
    expect(artifacts.map((a) => [a.path, a.kind, a.status, a.events])).toEqual([['var/lib/dpkg/status', 'programs.dpkg_status', 'parsed', 5]])
    expect(events.map((e) => [e.fields.program, e.fields.version, e.fields.publisher, e.fields.architecture, e.location, e.time])).toEqual([
      ['adduser', '3.118ubuntu5', 'Debian Adduser Developers', 'all', 'line 1', null],
      ['anydesk', '6.3.0', 'philandro Software GmbH', 'amd64', 'line 17', null],
      ['chrome-remote-desktop', '124.0.6367.18', 'The Chromium Authors', 'amd64', 'line 42', null],
      ['fonts-nanum', '20200506-1', 'Debian Fonts Task Force', 'all', 'line 53', null],
      ['v4l2loopback-dkms', '0.12.7-2ubuntu2', 'Ubuntu Developers', 'all', 'line 64', null],
    ])
    expect(events.every((e) => e.timeBasis === 'unknown' && e.timestampDesc === 'Installed program (no time in source)')).toBe(true)
    expect(events[1]!.fields).toMatchObject({
      maintainer: 'philandro Software GmbH <info@anydesk.com>', description: 'The fastest remote desktop software on the market.',
      package_status: 'install ok installed', scope: 'machine', program_normalized: 'anydesk', package_manager: 'dpkg',
    })
    expect(events[2]!.fields.package_status).toBe('hold ok installed')
    expect(events[3]!.fields.description).toBe('나눔 한글 글꼴 (Nanum Korean fonts)')
    expect(events[4]!.fields.package_source).toBe('v4l2loopback')
    expect(events[1]!.raw!.split('\n')).toHaveLength(12)
  })

  it('a damaged status file (stray line, truncated stanza) warns and keeps going', async () => {
    const text = fixture('dpkg-status.txt').replace('Version: 6.3.0\n', 'Version: 6.3.0\ngarbage line without colon\n')
    const cut = text.slice(0, text.indexOf('Description: Source for'))
    const {artifacts, events} = await scanWith(evidence({'var/lib/dpkg/status': cut}), {parsers: [programsDpkgStatus]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings).toEqual(['1 line(s) are not "Field: value" lines (first at line 25)'])
    expect(events.map((e) => e.fields.program)).toEqual(['adduser', 'anydesk', 'chrome-remote-desktop', 'fonts-nanum', 'v4l2loopback-dkms'])
  })
})

describe('programs.dpkg_list', () => {
  it('dpkg -l rows in an installed state (ii, hi); rc skipped; multiarch suffix', async () => {
    const {artifacts, events} = await scanWith(evidence({'triage/linux/dpkg-l.txt': fixture('dpkg-l.txt')}), {parsers: [...PROGRAM_PARSERS]})
    expect(artifacts.map((a) => [a.kind, a.status, a.events])).toEqual([['programs.dpkg_list', 'parsed', 6]])
    expect(events.map((e) => [e.fields.program, e.fields.version, e.fields.architecture, e.fields.package_status, e.location])).toEqual([
      ['adduser', '3.118ubuntu5', 'all', 'ii', 'line 6'],
      ['anydesk', '6.3.0', 'amd64', 'ii', 'line 7'],
      ['chrome-remote-desktop', '124.0.6367.18', 'amd64', 'hi', 'line 8'],
      ['fonts-nanum', '20200506-1', 'all', 'ii', 'line 9'],
      ['libc6', '2.35-0ubuntu3.6', 'amd64', 'ii', 'line 10'],
      ['v4l2loopback-dkms', '0.12.7-2ubuntu2', 'all', 'ii', 'line 12'],
    ])
    expect(events[3]!.fields.description).toBe('나눔 한글 글꼴 (Nanum Korean fonts)')
    expect(events.every((e) => e.time === null)).toBe(true)
  })

  it('a truncated listing with a damaged row warns', async () => {
    const text = fixture('dpkg-l.txt').replace('ii  fonts-nanum', 'i?  fonts-nanum')
    const {artifacts, events} = await scanWith(evidence({'dpkg-l.txt': text.slice(0, text.indexOf('libc6'))}), {parsers: [programsDpkgList]})
    expect(artifacts[0]!.warnings).toEqual(['2 row(s) are not dpkg -l package rows (first at line 9)'])
    expect(events.map((e) => e.fields.program)).toEqual(['adduser', 'anydesk', 'chrome-remote-desktop'])
  })
})

describe('programs.rpm_list', () => {
  it('queryformat NAME|VERSION-RELEASE|ARCH|VENDOR|INSTALLTIME: exact UTC install times', async () => {
    const {artifacts, events} = await scanWith(evidence({'triage/rpm-qa.txt': fixture('rpm-qa.txt')}), {parsers: [...PROGRAM_PARSERS]})
    expect(artifacts.map((a) => [a.kind, a.status, a.events])).toEqual([['programs.rpm_list', 'parsed', 6]])
    expect(events.map((e) => [e.fields.program, e.fields.version, e.fields.publisher ?? null, e.fields.architecture ?? null, e.time, e.timeBasis, e.timePrecision])).toEqual([
      ['gpg-pubkey', '18b8e74c-62f2920f', null, null, '2024-03-05T09:46:40.000000Z', 'utc', 'second'],
      ['bash', '5.2.26-3.fc40', 'Fedora Project', 'x86_64', '2024-03-05T09:52:33.000000Z', 'utc', 'second'],
      ['redos-release', '7.3.4-1.red80', 'ООО «РЕД СОФТ»', 'noarch', '2024-03-06T04:40:00.000000Z', 'utc', 'second'],
      ['anydesk', '6.3.0-1', 'philandro Software GmbH', 'x86_64', '2024-03-06T09:34:22.000000Z', 'utc', 'second'],
      ['teamviewer', '15.51.5-0', 'TeamViewer GmbH', 'x86_64', '2024-03-10T17:30:01.000000Z', 'utc', 'second'],
      ['obs-studio', '30.0.2-1.fc40', 'RPM Fusion', 'x86_64', '2024-03-12T12:00:00.000000Z', 'utc', 'second'],
    ])
    expect(events[3]!.timestampDesc).toBe('Install time')
    expect(events[3]!.fields.install_time).toBe('2024-03-06T09:34:22.000000Z')
  })

  it('a queryformat list cut mid-line warns for the partial row', async () => {
    const text = fixture('rpm-qa.txt')
    const {artifacts, events} = await scanWith(evidence({'rpm-qa.txt': text.slice(0, text.indexOf('|1710091801') + 4)}), {parsers: [programsRpmList]})
    expect(artifacts[0]!.warnings).toEqual(['1 line(s) are not rpm list rows (first at line 3)'])
    expect(events.map((e) => e.fields.program)).toEqual(['bash', 'anydesk'])
  })

  it('rpm -qa --last: UTC suffix is UTC; a zone name other than UTC is a zone-less local time', async () => {
    const {events} = await scanWith(evidence({'rpm-last.txt': fixture('rpm-last.txt')}), {parsers: [programsRpmList]})
    // the same instants as the queryformat listing of the same (fictional) host
    expect(events.map((e) => [e.fields.program, e.fields.version, e.fields.architecture ?? null, e.time, e.timeBasis])).toEqual([
      ['gpg-pubkey', '18b8e74c-62f2920f', null, '2024-03-05T09:46:40.000000Z', 'utc'],
      ['bash', '5.2.26-3.fc40', 'x86_64', '2024-03-05T09:52:33.000000Z', 'utc'],
      ['anydesk', '6.3.0-1', 'x86_64', '2024-03-06T09:34:22.000000Z', 'utc'],
      ['teamviewer', '15.51.5-0', 'x86_64', '2024-03-10T17:30:01.000000Z', 'utc'],
      ['obs-studio', '30.0.2-1.fc40', 'x86_64', '2024-03-12T12:00:00.000000Z', 'utc'],
    ])
    const kst = 'anydesk-6.3.0-1.x86_64                        Wed 06 Mar 2024 06:34:22 PM KST\n' +
      'teamviewer-15.51.5-0.x86_64                   Sun Mar 10 17:30:01 2024\n' +
      'broken-line\n'
    const r = await scanWith(evidence({'rpm-last.txt': kst}), {parsers: [programsRpmList], hostTz: 'Asia/Seoul'})
    expect(r.artifacts[0]!.warnings).toEqual(['1 line(s) are not rpm list rows (first at line 3)'])
    expect(r.events.map((e) => [e.fields.program, e.time, e.timeBasis, e.fields.time_zone_name ?? null])).toEqual([
      ['anydesk', '2024-03-06T09:34:22.000000Z', 'local-converted', 'KST'],
      ['teamviewer', '2024-03-10T08:30:01.000000Z', 'local-converted', null],
    ])
  })

  it('splits NEVRA from the right', () => {
    expect(splitNevra('python3-dbus-1.3.2-6.fc40.x86_64')).toEqual({name: 'python3-dbus', version: '1.3.2-6.fc40', arch: 'x86_64'})
    expect(splitNevra('gpg-pubkey-18b8e74c-62f2920f')).toEqual({name: 'gpg-pubkey', version: '18b8e74c-62f2920f', arch: undefined})
  })
})
