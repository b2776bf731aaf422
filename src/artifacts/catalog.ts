// Where each artifact kind is found and in which formats, for `dprk-triage artifacts` (like
// `log2timeline --parsers list`). A side table keyed by kind, so parser modules stay as they are;
// test/artifacts/catalog.test.ts fails when a registered kind has no entry here.
import {ARCHIVE_KIND} from './archive/zip-listing.js'

export interface KindDescription {
  /** Typical locations on the source machine or in a collection. */
  paths: string[]
  /** File formats and variants the parser reads. */
  formats: string[]
}

export const ARTIFACT_CATALOG: Readonly<Record<string, KindDescription>> = {
  'anydesk.trace': {
    paths: ['C:/ProgramData/AnyDesk/ad_svc.trace', 'C:/Users/*/AppData/Roaming/AnyDesk/ad.trace', '~/.anydesk/anydesk.trace', 'custom clients: */ad_<name>/*.trace'],
    formats: ['AnyDesk trace text (info/auth/explode levels, .old and numbered rotations); non-UTF-8 bytes shown as \\xNN'],
  },
  'anydesk.connection_trace': {
    paths: ['C:/ProgramData/AnyDesk/connection_trace.txt', 'C:/Users/*/AppData/Roaming/AnyDesk/connection_trace.txt'],
    formats: ['AnyDesk connection table (UTF-8 or UTF-16LE text)'],
  },
  'anydesk.file_transfer_trace': {
    paths: ['C:/Users/*/AppData/Roaming/AnyDesk/file_transfer_trace.txt', 'C:/ProgramData/AnyDesk/file_transfer_trace.txt'],
    formats: ['AnyDesk file-transfer table (UTF-8 or UTF-16LE text)'],
  },
  'anydesk.conf': {
    paths: ['C:/ProgramData/AnyDesk/system.conf', 'C:/ProgramData/AnyDesk/service.conf', 'C:/Users/*/AppData/Roaming/AnyDesk/user.conf', '~/.anydesk/*.conf'],
    formats: ['AnyDesk key=value configuration (IDs, account e-mail, unattended access; secrets redacted)'],
  },
  'usb.system_profiler': {
    paths: ['system_profiler SPUSBDataType output saved by a macOS collection (*.xml, *.json, *.txt, *.spx)'],
    formats: ['system_profiler -xml plist', 'system_profiler -json', 'system_profiler text form'],
  },
  'windows.registry-hive': {
    paths: ['C:/Windows/System32/config/SYSTEM', 'C:/Windows/System32/config/SOFTWARE', 'C:/Users/*/NTUSER.DAT', 'C:/Users/*/AppData/Local/Microsoft/Windows/UsrClass.dat', 'C:/Windows/AppCompat/Programs/Amcache.hve', 'with .LOG1/.LOG2 beside them'],
    formats: ['raw REGF hive (any file name; role from its keys or embedded name)', 'transaction logs replayed in memory (DIRT and HvLE)'],
  },
  'windows.evtx': {
    paths: ['C:/Windows/System32/winevt/Logs/*.evtx (Application, System, Security, TerminalServices-*, RdpCoreTS, PowerShell, DriverFrameworks-UserMode)', 'any file with the ElfFile magic'],
    formats: ['raw EVTX (chunks, templates, template-less WEF records, records carved from slack)'],
  },
  'windows.event_export': {
    paths: ['any *.xml, *.csv, *.json, *.jsonl, *.ndjson, *.txt, *.clixml export of the Application / System logs'],
    formats: ['wevtutil qe /f:xml', 'Get-WinEvent | ToXml()', 'Export-Clixml', 'EvtxECmd CSV and JSON'],
  },
  'crd.host_config': {
    paths: ['C:/ProgramData/Google/Chrome Remote Desktop/host.json', '~/.config/chrome-remote-desktop/host#<hash>.json', '/Library/PrivilegedHelperTools/org.chromium.chromoting.json'],
    formats: ['JSON host configuration'],
  },
  'crd.host_log': {
    paths: ['/tmp/chrome_remote_desktop_YYYYMMDD_HHMMSS_*', 'C:/ProgramData/Google/Chrome Remote Desktop/*/chrome_remote_desktop_*.log', '.../Chrome Remote Desktop/latest.log'],
    formats: ['Chromium log lines ([pid:tid:MMDD/HHMMSS.ffffff:LEVEL:file(line)])'],
  },
  'crd.syslog': {
    paths: ['/var/log/syslog', '/var/log/messages', '/var/log/user.log', '/var/log/daemon.log', 'journalctl exports (*.json, *.txt, *.log)', 'macOS log show exports'],
    formats: ['RFC 3164 / RFC 5424 syslog', 'journalctl -o short-iso / json', 'macOS unified-log text and ndjson (ident chromoting)'],
  },
  'teamviewer.connections': {
    paths: ['C:/Program Files*/TeamViewer/Connections_incoming.txt', 'C:/Users/*/AppData/Roaming/TeamViewer/Connections.txt'],
    formats: ['TeamViewer tab-separated connection table (UTC)'],
  },
  'teamviewer.logfile': {
    paths: ['C:/Program Files*/TeamViewer/TeamViewer<NN>_Logfile.log', 'C:/Users/*/AppData/Roaming/TeamViewer/TeamViewer<NN>_Logfile.log'],
    formats: ['TeamViewer application log (Start: lines with offsets; zone-less lines)'],
  },
  'rustdesk.log': {
    paths: ['C:/Users/*/AppData/Roaming/RustDesk/log/**/*.log', '~/.local/share/logs/RustDesk/**/*.log', 'RustDesk_rCURRENT.log'],
    formats: ['RustDesk (flexi_logger) text log with offsets'],
  },
  'splashtop.splog': {
    paths: ['C:/Program Files (x86)/Splashtop/Splashtop Remote/Server/log/SPLog.txt'],
    formats: ['Splashtop Streamer log text (year inferred and flagged)'],
  },
  'splashtop.ftclog': {
    paths: ['C:/Program Files (x86)/Splashtop/Splashtop Remote/Server/log/FTCLog.txt'],
    formats: ['Splashtop file-transfer log text'],
  },
  'browser.safari_history': {
    paths: ['/Users/*/Library/Safari/History.db'],
    formats: ['SQLite (history_items, history_visits), read from a private copy with -wal/-journal'],
  },
  'browser.firefox_places': {
    paths: ['C:/Users/*/AppData/Roaming/Mozilla/Firefox/Profiles/*/places.sqlite', '~/.mozilla/firefox/*/places.sqlite', '/Users/*/Library/Application Support/Firefox/Profiles/*/places.sqlite'],
    formats: ['SQLite (moz_places, moz_historyvisits, download annotations), private copy with -wal/-journal'],
  },
  'browser.firefox_downloads': {
    paths: ['.../Firefox/Profiles/*/downloads.sqlite (Firefox 25 and older)'],
    formats: ['SQLite (moz_downloads), private copy with -wal/-journal'],
  },
  'browser.chromium_history': {
    paths: ['C:/Users/*/AppData/Local/{Google/Chrome,Microsoft/Edge,BraveSoftware/Brave-Browser,Vivaldi,Epic Privacy Browser}/User Data/*/History', 'C:/Users/*/AppData/Roaming/Opera Software/Opera Stable/History', '~/.config/{google-chrome,chromium,microsoft-edge,BraveSoftware/Brave-Browser,vivaldi,opera}/*/History', '/Users/*/Library/Application Support/Google/Chrome/*/History'],
    formats: ['SQLite History v20-v70 (urls, visits, downloads, keyword searches), private copy with -wal/-journal'],
  },
  'programs.uninstall_reg': {
    paths: ['any *.reg or *.txt export of HKLM/HKCU ...\\CurrentVersion\\Uninstall'],
    formats: ['regedit / reg export (REGEDIT4, Windows Registry Editor 5.00; UTF-16LE or ANSI)'],
  },
  'programs.recmd_csv': {
    paths: ['KAPE RECmd batch output *.csv'],
    formats: ['RECmd CSV (Uninstall keys grouped into programs)'],
  },
  'programs.windows_csv': {
    paths: ['any *.csv, *.tsv, *.txt'],
    formats: ['PowerShell Export-Csv of Uninstall keys / Win32_Product / Get-Package', 'wmic /format:csv', 'Velociraptor Windows.Sys.Programs CSV'],
  },
  'programs.wmic_xml': {
    paths: ['any *.xml, *.txt'],
    formats: ['wmic product get ... /format:rawxml'],
  },
  'programs.clixml': {
    paths: ['any *.xml, *.clixml, *.txt'],
    formats: ['PowerShell Export-Clixml of Uninstall-key or Win32_Product objects'],
  },
  'programs.system_profiler': {
    paths: ['any *.xml, *.plist, *.spx, *.json, *.txt'],
    formats: ['macOS system_profiler SPApplicationsDataType -xml (plist) and -json'],
  },
  'programs.json': {
    paths: ['any *.json, *.jsonl, *.ndjson, *.log, *.txt'],
    formats: ['Velociraptor Windows.Sys.Programs JSON/JSONL', 'osquery programs, apps, deb_packages (osqueryi --json, result logs)'],
  },
  'programs.dpkg_status': {
    paths: ['/var/lib/dpkg/status', '/var/lib/dpkg/status-old', '*.status'],
    formats: ['dpkg status database (RFC 822 stanzas)'],
  },
  'programs.dpkg_list': {
    paths: ['any *.txt, *.log, *.out, *.lst, *.list or extensionless file'],
    formats: ['dpkg -l / dpkg-query --list output'],
  },
  'programs.rpm_list': {
    paths: ['any *.txt, *.log, *.out, *.lst, *.list or extensionless file'],
    formats: ['rpm -qa --queryformat "%{NAME}|%{VERSION}-%{RELEASE}|%{ARCH}|%{VENDOR}|%{INSTALLTIME}\\n"', 'rpm -qa --last'],
  },
  [ARCHIVE_KIND]: {
    paths: ['any ZIP archive found inside the evidence'],
    formats: ['ZIP / ZIP64 listing: archive.entry events (sizes, CRC checked, SHA-256 of members up to 64 MiB, UT/NTFS or DOS times)'],
  },
}
