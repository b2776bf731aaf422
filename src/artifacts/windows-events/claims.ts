// What recognises Windows event logs (exports by content, raw .evtx by magic), apart from the
// readers and handlers so that the registry loads them only when a file is claimed.
import {isEvtx} from '../../core/magic.js'
import type {ArtifactClaim} from '../types.js'
import {decodeHead} from './decode.js'
import {detectExportForm} from './export-form.js'

// Names responders give exports: Application.xml, app-events.csv, *_EvtxECmd_Output.csv/json, x.clixml.
const EXPORT_NAME = /\.(?:xml|csv|json|jsonl|ndjson|txt|clixml)$/i

export function eventExportClaim(kind: string, title: string): ArtifactClaim {
  return {
    kind,
    title,
    timeSource: 'utc', // TimeCreated SystemTime is UTC (remote-access-artifacts.md §2.1)
    matchPath: (p) => EXPORT_NAME.test(p.name),
    sniff: (head) => detectExportForm(decodeHead(head)) !== undefined,
  }
}

export function evtxClaim(kind: string, title: string): ArtifactClaim {
  return {
    kind,
    title,
    timeSource: 'utc', // TimeCreated and the record's written time are FILETIMEs (UTC)
    matchPath: () => true,
    sniff: (head) => isEvtx(head),
  }
}

export const windowsEventExportClaim = eventExportClaim(
  'windows.event_export',
  'Windows event-log export (wevtutil/Get-WinEvent XML, Export-Clixml, EvtxECmd CSV/JSON): Chrome Remote Desktop, ScreenConnect, service and MSI installs, RDP, USB and PowerShell events',
)

export const windowsEvtxClaim = evtxClaim(
  'windows.evtx',
  'Windows event log file (.evtx, any name): Chrome Remote Desktop, ScreenConnect, service and MSI installs, RDP, USB and PowerShell events; other records counted per event id',
)
