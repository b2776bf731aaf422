// Every artifact parser, listed explicitly (no globbing). The first parser whose path test and
// content sniff both pass claims a file, so more specific parsers come first.
import {anydeskConf} from './anydesk/conf.js'
import {anydeskConnectionTrace} from './anydesk/connection-trace.js'
import {anydeskFileTransferTrace} from './anydesk/file-transfer-trace.js'
import {anydeskTrace} from './anydesk/trace.js'
import {chromiumHistory, firefoxLegacyDownloads, firefoxPlaces, safariHistory} from './browser/index.js'
import {crdHostConfig} from './crd/host-config.js'
import {crdHostLog} from './crd/host-log.js'
import {crdSyslog} from './crd/syslog.js'
import {registryHive} from './hive/index.js'
import {
  programsClixml, programsDpkgList, programsDpkgStatus, programsJson, programsRecmdCsv, programsRegExport,
  programsRpmList, programsSystemProfiler, programsWindowsCsv, programsWmicXml,
} from './programs/index.js'
import {rustdeskLog} from './rustdesk/log.js'
import {splashtopFtcLog} from './splashtop/ftclog.js'
import {splashtopSpLog} from './splashtop/splog.js'
import {teamviewerConnections} from './teamviewer/connections.js'
import {teamviewerLogfile} from './teamviewer/logfile.js'
import type {ArtifactParser} from './types.js'
import {usbSystemProfiler} from './usb/system-profiler.js'
import {windowsEventExport, windowsEvtx} from './windows-events/application-log.js'

export const PARSERS: readonly ArtifactParser[] = [
  // AnyDesk (shared/reference/remote-access-artifacts.md §1)
  anydeskTrace,
  anydeskConnectionTrace,
  anydeskFileTransferTrace,
  anydeskConf,
  // Chrome Remote Desktop and ScreenConnect (remote-access-artifacts.md §2, §3). One parser reads
  // Windows event exports (wevtutil XML, ToXml, Export-Clixml, EvtxECmd CSV/JSON) for both tools.
  windowsEventExport,
  windowsEvtx, // raw .evtx by its ElfFile magic, any name (raw-windows-evidence.md §1)
  crdHostConfig,
  crdHostLog, // before crdSyslog: both accept names without an extension
  crdSyslog,
  // TeamViewer, RustDesk, Splashtop (shared/reference/remote-access-artifacts.md §3)
  teamviewerConnections,
  teamviewerLogfile,
  rustdeskLog,
  splashtopSpLog,
  splashtopFtcLog,
  // Browser history, identified by tables and columns (shared/reference/browser-history.md)
  safariHistory,
  firefoxPlaces,
  firefoxLegacyDownloads,
  chromiumHistory,
  // USB devices (Linux kernel lines are read by crdSyslog, with the rest of syslog)
  usbSystemProfiler, // macOS system_profiler SPUSBDataType
  // Raw registry hives (shared/reference/raw-windows-evidence.md §3, §4)
  registryHive,
  // Installed-program lists (most specific content tests first)
  programsRegExport, // reg export / regedit .reg
  programsRecmdCsv, // KAPE RECmd batch CSV
  programsWindowsCsv, // PowerShell Export-Csv, Win32_Product, Get-Package, wmic csv, Velociraptor CSV
  programsWmicXml, // wmic /format:rawxml
  programsClixml, // PowerShell Export-Clixml
  programsSystemProfiler, // macOS system_profiler -xml / -json
  programsJson, // Velociraptor JSON, osquery programs/apps/deb_packages
  programsDpkgStatus, // /var/lib/dpkg/status
  programsDpkgList, // dpkg -l
  programsRpmList, // rpm -qa --queryformat / --last
]
