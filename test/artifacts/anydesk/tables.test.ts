// connection_trace.txt, file_transfer_trace.txt and *.conf: real corpus samples plus fixtures
// written from shared/reference/remote-access-artifacts.md §1.3, §1.4, §1.6.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {anydeskConf} from '../../../src/artifacts/anydesk/conf.js'
import {anydeskConnectionTrace} from '../../../src/artifacts/anydesk/connection-trace.js'
import {anydeskFileTransferTrace} from '../../../src/artifacts/anydesk/file-transfer-trace.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const utf16 = (s: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')])

function anydeskDir(): string {
  const root = tempDir('ad-tables-')
  mkdirSync(join(root, 'ProgramData', 'AnyDesk'), {recursive: true})
  return root
}

describe.skipIf(!HAS_CORPUS)('AnyDesk tables on the corpus', () => {
  it('connection_trace.txt (ASCII transcription): two incoming rows with method and ID', async () => {
    const {artifacts, events} = await scanWith(corpusPath('remote', 'anydesk-win-excerpt'), {parsers: [anydeskConnectionTrace]})
    expect(artifacts.map((a) => [a.path, a.status, a.events])).toEqual([['ProgramData/AnyDesk/connection_trace.txt', 'parsed', 2]])
    expect(events.map((e) => [e.time, e.timePrecision, e.fields.remote_id, e.fields.auth_method, e.location])).toEqual([
      ['2022-08-23T10:23:00.000000Z', 'minute', '547911884', 'password', 'line 1'],
      ['2022-09-28T12:39:00.000000Z', 'minute', '442226597', 'accepted by local user', 'line 2'],
    ])
  })

  it('conf files: local ID, account e-mail, remote IDs bound to a profile, UI language; secrets redacted', async () => {
    const {events} = await scanWith(corpusPath('remote', 'anydesk-7.1-linux-artemis'), {parsers: [anydeskConf]})
    const by = (setting: string) => events.find((e) => e.fields.setting === setting)!
    expect(by('local_id').fields.local_id).toBe('633952986')
    expect(by('local_id').artifact).toBe('etc/anydesk/system.conf')
    expect(by('account_email').fields.email).toBe('cipice2205@dotxan.com')
    expect(by('account_email').fields.user).toBe('user')
    expect(by('address_to_profile').fields.remote_id).toBe('1001025310')
    expect(by('ui_language').fields.language).toBe('en')
    expect(events.every((e) => e.time === null && e.timeBasis === 'unknown')).toBe(true)

    const win = await scanWith(corpusPath('remote', 'anydesk-7.0-win-portable'), {parsers: [anydeskConf]})
    const unattended = win.events.find((e) => e.fields.setting === 'unattended_access')!
    expect(unattended.raw).toBe('ad.security.permission_profiles._unattended_access.pwd=[redacted]')
    expect(win.events.find((e) => e.fields.setting === 'ui_language')!.fields.language).toBe('zh')
    expect(JSON.stringify(win.events)).not.toMatch(/pkey=|pwd_hash=0/)
  })
})

describe('AnyDesk tables written from the documented formats', () => {
  it('connection_trace.txt as UTF-16LE with BOM, without BOM, Outgoing and REJECTED rows, alias with spaces', async () => {
    // modern rows (§1.3: rvt2-family example) and the 2014 support-KB form with an alias
    const rows = [
      'Incoming    2024-05-16, 09:41    User                             1108841617    1108841617',
      'Outgoing    2024-05-16, 10:02    Token                            998877665    998877665',
      'Incoming    2024-05-17, 23:59    REJECTED                         user one@ad    654321',
      'this is not a row',
    ].join('\r\n') + '\r\n'
    for (const bom of [true, false]) {
      const root = anydeskDir()
      writeFileSync(join(root, 'ProgramData', 'AnyDesk', 'connection_trace.txt'), utf16(rows, bom))
      const {artifacts, events} = await scanWith(root, {parsers: [anydeskConnectionTrace]})
      expect(artifacts[0]!.status).toBe('partial')
      expect(artifacts[0]!.warnings).toEqual(['1 row(s) not in the connection_trace format (first at line 4)'])
      expect(events.map((e) => [e.type, e.time, e.fields.direction, e.fields.remote_id, e.fields.remote_alias ?? null])).toEqual([
        ['remote_access.session_start', '2024-05-16T09:41:00.000000Z', 'incoming', '1108841617', null],
        ['remote_access.session_start', '2024-05-16T10:02:00.000000Z', 'outgoing', '998877665', null],
        ['remote_access.access_denied', '2024-05-17T23:59:00.000000Z', 'incoming', '654321', 'user one@ad'],
      ])
    }
  })

  it('file_transfer_trace.txt (UTF-16LE, TAB-separated): dissect test row', async () => {
    const root = anydeskDir()
    // §1.4: "Clipboard\t\t2025-01-01, 13:37\tstart \tdownload\t'malware.exe' (~0 B out of 4.20 MiB)"
    writeFileSync(join(root, 'ProgramData', 'AnyDesk', 'file_transfer_trace.txt'),
      utf16("Clipboard\t\t2025-01-01, 13:37\tstart \tdownload\t'malware.exe' (~0 B out of 4.20 MiB)\r\n" +
        "File Manager\t\t2025-01-01, 13:39\tfinish \tupload\t'C:\\Users\\x\\secret plans.docx' (~4.20 MiB out of 4.20 MiB)\r\n"))
    // the table is UTC (§1.4, dissect): --host-tz leaves it alone (issue #14 point 1)
    const {events} = await scanWith(root, {parsers: [anydeskFileTransferTrace], hostTz: 'Asia/Seoul'})
    expect(events.map((e) => [e.time, e.timeBasis, e.fields.channel, e.fields.action, e.fields.transfer_direction, e.fields.file_name, e.fields.total_size])).toEqual([
      ['2025-01-01T13:37:00.000000Z', 'assumed-utc', 'Clipboard', 'start', 'download', 'malware.exe', '4.20 MiB'],
      ['2025-01-01T13:39:00.000000Z', 'assumed-utc', 'File Manager', 'finish', 'upload', 'C:\\Users\\x\\secret plans.docx', '4.20 MiB'],
    ])
  })

  it('conf: splits on the first "=" only and ignores files outside an AnyDesk folder', async () => {
    const root = anydeskDir()
    writeFileSync(join(root, 'ProgramData', 'AnyDesk', 'user.conf'), 'ad.session.remote_browser_start_path=C:\\a=b\\c\nad.ui.lang=ko\n')
    mkdirSync(join(root, 'etc'))
    writeFileSync(join(root, 'etc', 'user.conf'), 'ad.ui.lang=ko\n')
    const {artifacts, events} = await scanWith(root, {parsers: [anydeskConf]})
    expect(artifacts.map((a) => a.path)).toEqual(['ProgramData/AnyDesk/user.conf'])
    expect(events.find((e) => e.fields.setting === 'browser_start_path')!.fields.path).toBe('C:\\a=b\\c')
  })
})
