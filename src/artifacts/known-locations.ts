// Known artifact locations: the specific names and paths (catalog.ts) at which a file is an
// artifact whether or not its content can be read. A file here that no parser reads is listed as
// `failed`/`unsupported` with the reason (engineering rule 2), never dropped. Generic extensions
// that many parsers try (`*.txt`, `*.csv`, `*.json`) are not known locations: there, a file that
// no parser recognises is just another file.
import {
  anydeskConfClaim as anydeskConf, anydeskConnectionTraceClaim as anydeskConnectionTrace,
  anydeskFileTransferTraceClaim as anydeskFileTransferTrace, anydeskTraceClaim as anydeskTrace,
} from './anydesk/claims.js'
import {FIREFOX_PROFILE_HINT} from './browser/claims.js'
import {crdHostConfigClaim as crdHostConfig, crdHostLogClaim as crdHostLog} from './crd/claims.js'
import {withoutRotation} from './rotation.js'
import {rustdeskLogClaim as rustdeskLog} from './rustdesk/claims.js'
import {splashtopFtcLogClaim as splashtopFtcLog, splashtopSpLogClaim as splashtopSpLog} from './splashtop/claims.js'
import type {PathInfo} from './types.js'

export interface KnownLocation {
  kind: string
  /** What a file here should be, for the reason text. */
  expected: string
  test(p: PathInfo): boolean
}

const CHROMIUM_PROFILE = /(user data|google-chrome|chromium|microsoft-edge|microsoft edge|brave-browser|opera|vivaldi|epic|yandexbrowser)\//

export const KNOWN_LOCATIONS: readonly KnownLocation[] = [
  // these parsers' path tests (their claims: no parse code loaded) already name the artifact itself (ad_svc.trace, connection_trace.txt, ...)
  {kind: anydeskTrace.kind, expected: 'an AnyDesk trace log', test: (p) => anydeskTrace.matchPath(p)},
  {kind: anydeskConnectionTrace.kind, expected: 'an AnyDesk connection_trace.txt table', test: (p) => anydeskConnectionTrace.matchPath(p)},
  {kind: anydeskFileTransferTrace.kind, expected: 'an AnyDesk file_transfer_trace.txt table', test: (p) => anydeskFileTransferTrace.matchPath(p)},
  {kind: anydeskConf.kind, expected: 'an AnyDesk key=value configuration', test: (p) => anydeskConf.matchPath(p)},
  {kind: crdHostConfig.kind, expected: 'a Chrome Remote Desktop host configuration (JSON)', test: (p) => crdHostConfig.matchPath(p)},
  {kind: crdHostLog.kind, expected: 'a Chrome Remote Desktop host log', test: (p) => crdHostLog.matchPath(p)},
  {kind: rustdeskLog.kind, expected: 'a RustDesk log', test: (p) => rustdeskLog.matchPath(p)},
  {kind: splashtopSpLog.kind, expected: 'a Splashtop SPLog.txt', test: (p) => splashtopSpLog.matchPath(p)},
  {kind: splashtopFtcLog.kind, expected: 'a Splashtop FTCLog.txt', test: (p) => splashtopFtcLog.matchPath(p)},
  {
    kind: 'teamviewer.connections', expected: 'a TeamViewer connection table',
    test: (p) => /^connections_incoming\.txt$/i.test(p.name) || (/^connections\.txt$/i.test(p.name) && /(?:^|\/)teamviewer[^/]*\//.test(p.lower)),
  },
  {kind: 'teamviewer.logfile', expected: 'a TeamViewer application log', test: (p) => /^teamviewer\d*_logfile(?:_old)?\.log$/i.test(withoutRotation(p.name))},
  // browser databases by their usual name inside a profile folder
  {kind: 'browser.chromium_history', expected: 'a Chromium History database (SQLite)', test: (p) => p.name === 'History' && CHROMIUM_PROFILE.test(p.lower)},
  {kind: 'browser.firefox_places', expected: 'a Firefox places.sqlite database', test: (p) => p.name.toLowerCase() === 'places.sqlite'},
  {kind: 'browser.firefox_downloads', expected: 'a Firefox downloads.sqlite database', test: (p) => p.name.toLowerCase() === 'downloads.sqlite' && FIREFOX_PROFILE_HINT.test(p.lower)},
  {kind: 'browser.safari_history', expected: 'a Safari History.db database (SQLite)', test: (p) => p.name.toLowerCase() === 'history.db' && /\/safari\//.test(p.lower)},
  // Windows event logs and hives
  {kind: 'windows.evtx', expected: 'a Windows event log (EVTX, ElfFile header)', test: (p) => /\.evtx$/i.test(p.name)},
  {
    kind: 'windows.registry-hive', expected: 'a registry hive (regf header)',
    test: (p) => /^(?:ntuser\.dat|usrclass\.dat|amcache\.hve)$/i.test(p.name) || /(?:^|\/)windows\/system32\/config\/(?:system|software|sam|security)$/.test(p.lower),
  },
  // Linux package database and system logs
  {kind: 'programs.dpkg_status', expected: 'a dpkg status database', test: (p) => /(?:^|\/)var\/lib\/dpkg\/status(?:-old)?$/.test(p.lower)},
  {kind: 'crd.syslog', expected: 'a syslog file', test: (p) => /(?:^|\/)var\/log\/(?:syslog|messages)$/.test(p.lower.replace(/[^/]+$/, withoutRotation(p.name).toLowerCase()))},
]

export function knownLocationOf(p: PathInfo): KnownLocation | undefined {
  return KNOWN_LOCATIONS.find((k) => k.test(p))
}
