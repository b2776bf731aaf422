// The registered parsers for Windows event logs: exports (wevtutil/Get-WinEvent XML,
// Export-Clixml, EvtxECmd CSV/JSON) and raw `.evtx` files share one set of handlers, so a record
// gives the same events whichever form it was collected in: Chrome Remote Desktop `chromoting`
// (reference §2.1), ScreenConnect (§3), service installs, MSI installs, RDP, USB, PowerShell
// (raw-windows-evidence.md §2).
import {crdEventHandler} from '../crd/event-log.js'
import {screenConnectEventHandler} from '../screenconnect/event-log.js'
import {windowsEventExportClaim, windowsEvtxClaim} from './claims.js'
import {makeEvtxParser} from './evtx.js'
import {makeEventExportParser} from './export-parser.js'
import type {WinEventHandlerFactory} from './handler.js'
import {msiHandler} from './msi.js'
import {powershellHandler} from './powershell.js'
import {rdpHandler} from './rdp.js'
import {serviceInstallHandler} from './services.js'
import {usbHandler} from './usb.js'

const HANDLERS: WinEventHandlerFactory[] = [
  crdEventHandler, screenConnectEventHandler, serviceInstallHandler, msiHandler, rdpHandler, usbHandler, powershellHandler,
]

export const windowsEventExport = makeEventExportParser(windowsEventExportClaim, HANDLERS)

export const windowsEvtx = makeEvtxParser(windowsEvtxClaim, HANDLERS)
