// Every artifact parser, listed explicitly (no globbing). The first parser whose path test and
// content sniff both pass claims a file, so more specific parsers come first. An entry is the
// parser's claim (claims.ts of its folder: kind, title, path test, sniff) and a `load()` that
// imports the implementation module on first use: a scan loads only the parsers of files it
// claims (module loading dominated the start-up of a small scan, issue #17).
import {anydeskConfClaim, anydeskConnectionTraceClaim, anydeskFileTransferTraceClaim, anydeskTraceClaim} from './anydesk/claims.js'
import {chromiumHistoryClaim, firefoxLegacyDownloadsClaim, firefoxPlacesClaim, safariHistoryClaim} from './browser/claims.js'
import {crdHostConfigClaim, crdHostLogClaim, crdSyslogClaim} from './crd/claims.js'
import {registryHiveClaim} from './hive/claims.js'
import {
  programsClixmlClaim, programsDpkgListClaim, programsDpkgStatusClaim, programsJsonClaim, programsRecmdCsvClaim,
  programsRegExportClaim, programsRpmListClaim, programsSystemProfilerClaim, programsWindowsCsvClaim, programsWmicXmlClaim,
} from './programs/claims.js'
import {rustdeskLogClaim} from './rustdesk/claims.js'
import {splashtopFtcLogClaim, splashtopSpLogClaim} from './splashtop/claims.js'
import {teamviewerConnectionsClaim, teamviewerLogfileClaim} from './teamviewer/claims.js'
import type {ArtifactClaim, ArtifactParser, RegisteredParser} from './types.js'
import {usbSystemProfilerClaim} from './usb/claims.js'
import {windowsEventExportClaim, windowsEvtxClaim} from './windows-events/claims.js'

/** A registry entry: the claim, and its implementation imported once, on the first `load()`. */
export function lazyParser(claim: ArtifactClaim, importImpl: () => Promise<ArtifactParser>): RegisteredParser {
  let loaded: Promise<ArtifactParser> | undefined
  return {...claim, load: () => (loaded ??= importImpl())}
}

export const PARSERS: readonly RegisteredParser[] = [
  // AnyDesk (shared/reference/remote-access-artifacts.md §1)
  lazyParser(anydeskTraceClaim, async () => (await import('./anydesk/trace.js')).anydeskTrace),
  lazyParser(anydeskConnectionTraceClaim, async () => (await import('./anydesk/connection-trace.js')).anydeskConnectionTrace),
  lazyParser(anydeskFileTransferTraceClaim, async () => (await import('./anydesk/file-transfer-trace.js')).anydeskFileTransferTrace),
  lazyParser(anydeskConfClaim, async () => (await import('./anydesk/conf.js')).anydeskConf),
  // Chrome Remote Desktop and ScreenConnect (remote-access-artifacts.md §2, §3). One parser reads
  // Windows event exports (wevtutil XML, ToXml, Export-Clixml, EvtxECmd CSV/JSON) for both tools.
  lazyParser(windowsEventExportClaim, async () => (await import('./windows-events/application-log.js')).windowsEventExport),
  // raw .evtx by its ElfFile magic, any name (raw-windows-evidence.md §1)
  lazyParser(windowsEvtxClaim, async () => (await import('./windows-events/application-log.js')).windowsEvtx),
  lazyParser(crdHostConfigClaim, async () => (await import('./crd/host-config.js')).crdHostConfig),
  // before crdSyslog: both accept names without an extension
  lazyParser(crdHostLogClaim, async () => (await import('./crd/host-log.js')).crdHostLog),
  lazyParser(crdSyslogClaim, async () => (await import('./crd/syslog.js')).crdSyslog),
  // TeamViewer, RustDesk, Splashtop (shared/reference/remote-access-artifacts.md §3)
  lazyParser(teamviewerConnectionsClaim, async () => (await import('./teamviewer/connections.js')).teamviewerConnections),
  lazyParser(teamviewerLogfileClaim, async () => (await import('./teamviewer/logfile.js')).teamviewerLogfile),
  lazyParser(rustdeskLogClaim, async () => (await import('./rustdesk/log.js')).rustdeskLog),
  lazyParser(splashtopSpLogClaim, async () => (await import('./splashtop/splog.js')).splashtopSpLog),
  lazyParser(splashtopFtcLogClaim, async () => (await import('./splashtop/ftclog.js')).splashtopFtcLog),
  // Browser history, identified by tables and columns (shared/reference/browser-history.md)
  lazyParser(safariHistoryClaim, async () => (await import('./browser/safari-history.js')).safariHistory),
  lazyParser(firefoxPlacesClaim, async () => (await import('./browser/firefox-places.js')).firefoxPlaces),
  lazyParser(firefoxLegacyDownloadsClaim, async () => (await import('./browser/firefox-downloads.js')).firefoxLegacyDownloads),
  lazyParser(chromiumHistoryClaim, async () => (await import('./browser/chromium-history.js')).chromiumHistory),
  // USB devices (Linux kernel lines are read by crdSyslog, with the rest of syslog)
  // macOS system_profiler SPUSBDataType
  lazyParser(usbSystemProfilerClaim, async () => (await import('./usb/system-profiler.js')).usbSystemProfiler),
  // Raw registry hives (shared/reference/raw-windows-evidence.md §3, §4)
  lazyParser(registryHiveClaim, async () => (await import('./hive/index.js')).registryHive),
  // Installed-program lists (most specific content tests first)
  // reg export / regedit .reg
  lazyParser(programsRegExportClaim, async () => (await import('./programs/reg-export.js')).programsRegExport),
  // KAPE RECmd batch CSV
  lazyParser(programsRecmdCsvClaim, async () => (await import('./programs/recmd-csv.js')).programsRecmdCsv),
  // PowerShell Export-Csv, Win32_Product, Get-Package, wmic csv, Velociraptor CSV
  lazyParser(programsWindowsCsvClaim, async () => (await import('./programs/windows-csv.js')).programsWindowsCsv),
  // wmic /format:rawxml
  lazyParser(programsWmicXmlClaim, async () => (await import('./programs/wmic-xml.js')).programsWmicXml),
  // PowerShell Export-Clixml
  lazyParser(programsClixmlClaim, async () => (await import('./programs/clixml.js')).programsClixml),
  // macOS system_profiler -xml / -json
  lazyParser(programsSystemProfilerClaim, async () => (await import('./programs/system-profiler.js')).programsSystemProfiler),
  // Velociraptor JSON, osquery programs/apps/deb_packages
  lazyParser(programsJsonClaim, async () => (await import('./programs/json-lists.js')).programsJson),
  // /var/lib/dpkg/status
  lazyParser(programsDpkgStatusClaim, async () => (await import('./programs/dpkg-status.js')).programsDpkgStatus),
  // dpkg -l
  lazyParser(programsDpkgListClaim, async () => (await import('./programs/dpkg-list.js')).programsDpkgList),
  // rpm -qa --queryformat / --last
  lazyParser(programsRpmListClaim, async () => (await import('./programs/rpm-list.js')).programsRpmList),
]
