// The registered parser for Windows event-log exports (wevtutil / Get-WinEvent XML,
// Export-Clixml, EvtxECmd CSV/JSON). The tools' handlers read their own providers:
// Chrome Remote Desktop `chromoting` (reference §2.1) and ScreenConnect (§3).
import {crdEventHandler} from '../crd/event-log.js'
import {screenConnectEventHandler} from '../screenconnect/event-log.js'
import {makeEventExportParser} from './export-parser.js'

export const windowsEventExport = makeEventExportParser(
  'windows.event_export',
  'Windows event-log export (wevtutil/Get-WinEvent XML, Export-Clixml, EvtxECmd CSV/JSON): Chrome Remote Desktop and ScreenConnect events',
  [crdEventHandler, screenConnectEventHandler],
)
