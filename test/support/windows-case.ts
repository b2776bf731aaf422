// A small Windows host collection (KAPE target layout `C/...`) written from the format references,
// shared by the issue-14 fidelity tests. Every source has its own time precision:
// - AnyDesk ad_svc.trace: ms, no zone, read as UTC (remote-access-artifacts.md §1.2)
// - chromoting events in a wevtutil XML export: TimeCreated SystemTime with 7 digits, UTC (§2.1)
// - TeamViewer Connections_incoming.txt: seconds, UTC, TAB-separated (§3)
// - a regedit .reg export of an Uninstall key: InstallDate YYYYMMDD, a day (raw-windows-evidence.md)
// - Chrome History: WebKit µs (browser-history.md §2)
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {createChromiumV70, insertUrl, insertVisit} from '../artifacts/browser/build-db.js'

export function put(root: string, rel: string, data: string | Buffer): string {
  const p = join(root, rel)
  mkdirSync(dirname(p), {recursive: true})
  writeFileSync(p, data)
  return p
}

export const AD_SVC = [
  '   info 2024-05-16 09:40:57.112       gsvc   4620   5012   11                anynet.any_socket - Accept request from 918273645 (via relay).',
  '   info 2024-05-16 09:40:57.268       gsvc   4620   5012   11                anynet.any_socket - Client-ID: 918273645 (FPR: 3be8ae34a21e).',
  '   info 2024-05-16 09:40:57.269       gsvc   4620   5012   11                anynet.any_socket - Logged in from 203.0.113.77:50104 on relay 0b975d23.',
  "   info 2024-05-16 09:41:20.004       gsvc   4620   5012   11                      app.session - Authenticated with correct passphrase of profile '_unattended_access'.",
  '   info 2024-05-16 10:05:00.500       gsvc   4620   5012   11                      app.session - Session closed by remote side: desk_rt_ipc_error.',
].join('\r\n') + '\r\n'

const JID = 'worker.remote@gmail.com/chromoting_ftl_0523e78a-4a7c-4466-9fd5-5df9be1c656a'
function chromoting(id: number, record: number, time: string, data: string[]): string {
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='chromoting'/>` +
    `<EventID Qualifiers='16384'>${id}</EventID><Level>4</Level><Task>1</Task><Keywords>0x80000000000000</Keywords>` +
    `<TimeCreated SystemTime='${time}'/><EventRecordID>${record}</EventRecordID><Channel>Application</Channel><Computer>WS-BOB</Computer>` +
    `<Execution ProcessID='6544' ThreadID='812'/></System><EventData>${data.map((d) => `<Data>${d}</Data>`).join('')}</EventData></Event>`
}
export const CHROMOTING_XML = '<Events>' + [
  chromoting(1, 1204, '2024-05-16T09:40:58.1234567Z', [JID]),
  chromoting(2, 1205, '2024-05-16T10:12:03.6234567Z', [JID]),
].join('') + '</Events>'

export const TV_INCOMING = '\n918273645\tRemote Ops\t16-05-2024 11:00:05\t16-05-2024 11:30:41\tbob\tRemoteControl\t{b3a4df33-d027-44d5-b50f-4e61115494d4}\t'

export const REG_EXPORT = [
  'Windows Registry Editor Version 5.00', '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\AnyDesk]',
  '"DisplayName"="AnyDesk"', '"DisplayVersion"="8.0.9"', '"Publisher"="AnyDesk Software GmbH"', '"InstallDate"="20240516"', '',
].join('\r\n')

/** Writes the collection under `root` and returns it. */
export function writeWindowsCase(root: string): string {
  put(root, 'C/ProgramData/AnyDesk/ad_svc.trace', AD_SVC)
  put(root, 'C/exports/Application-chromoting.xml', CHROMOTING_XML)
  put(root, 'C/Program Files/TeamViewer/Connections_incoming.txt', TV_INCOMING)
  put(root, 'C/exports/uninstall.reg', Buffer.from('\ufeff' + REG_EXPORT, 'utf16le')) // regedit writes UTF-16LE with a BOM
  const db = createChromiumV70(join(root, 'C/Users/bob/AppData/Local/Google/Chrome/User Data/Default/History'))
  insertUrl(db, 1, 'https://www.payoneer.com/', 'Payoneer', 13360326045123457n)
  // 2024-05-16T09:40:45.123457Z in WebKit µs (seconds since 1601)
  insertVisit(db, {id: 1, urlId: 1, time: 13360326045123457n, transition: 0x30000001})
  db.close()
  return root
}
