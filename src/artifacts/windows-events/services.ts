// System log, Service Control Manager 7045 "A service was installed" (reference §2.1): the
// install time of a remote tool's service, its image path, start type and account. Every 7045
// becomes a `service.installed` event; `tool` names the remote tool when the service or image
// is a known one (names and paths from the §2.1 table, LOLRMM, SigmaHQ's service list).
import {cleanFields} from '../common.js'
import type {WinEventHandler, WinEventHandlerFactory} from './handler.js'
import {named, present} from './fields.js'
import {evtxFields, type WinEventRecord} from './record.js'

const TOOLS: Array<[string, RegExp]> = [
  ['anydesk', /anydesk/i],
  ['chrome_remote_desktop', /^chromoting$|chrome remote desktop|remoting_host\.exe/i],
  ['teamviewer', /teamviewer/i],
  ['rustdesk', /rustdesk/i],
  ['screenconnect', /screenconnect|connectwise control/i],
  ['splashtop', /splashtop|\bSRService\.exe/i],
  ['parsec', /^parsec$|\\parsec\\|\bpservice\.exe/i],
  ['logmein', /logmein|LMIGuardianSvc|gotoassist|gotomypc/i],
  ['vnc', /tightvnc|ultravnc|realvnc|vncserver|tvnserver|winvnc/i],
  ['atera', /atera/i],
  ['meshcentral', /mesh ?agent|meshcentral/i],
  ['netsupport', /netsupport|client32\.exe/i],
  ['zoho_assist', /zoho/i],
  ['ammyy', /ammyy/i],
  ['remote_utilities', /rutserv|remote utilities/i],
  ['supremo', /supremo/i],
  ['nomachine', /nomachine|nxservice/i],
  ['radmin', /radmin|rserver3/i],
  ['todesk', /todesk/i],
  ['sunlogin', /sunlogin|oray/i],
  ['astrill', /astrill/i],
]

/** The normalised remote tool a service name or image path belongs to, if known. */
export function serviceTool(name: string | undefined, image: string | undefined): string | undefined {
  for (const [tool, re] of TOOLS) if ((name && re.test(name)) || (image && re.test(image))) return tool
  return undefined
}

/** 7045 values by name, or by position for records forwarded without names. */
function value(r: WinEventRecord, name: string, pos: number): string | undefined {
  return present(named(r, name) ?? (r.dataNames.every((n) => n === null) ? r.data[pos] : undefined))
}

export const serviceInstallHandler: WinEventHandlerFactory = (ctx): WinEventHandler => ({
  acceptsProvider: (name) => name === 'Service Control Manager',
  accepts: (r) => r.provider === 'Service Control Manager' && r.eventId === 7045,
  handle(r) {
    const serviceName = value(r, 'ServiceName', 0)
    const imagePath = value(r, 'ImagePath', 1)
    if (!serviceName && !imagePath) {
      ctx.warn(`${r.location}: 7045 without ServiceName/ImagePath; not used`)
      return
    }
    const tool = serviceTool(serviceName, imagePath)
    const startType = value(r, 'StartType', 3)
    ctx.emit({
      time: r.timeCreated, timeBasis: 'utc', type: 'service.installed', timestampDesc: 'Service installed', location: r.location,
      message: `Service installed: ${serviceName ?? '?'} (${imagePath ?? 'no image path'})${startType ? `, ${startType}` : ''}${tool ? ` [${tool}]` : ''}`.slice(0, 500),
      raw: r.raw,
      fields: cleanFields({
        service_name: serviceName, image_path: imagePath, service_type: value(r, 'ServiceType', 2), start_type: startType,
        account: value(r, 'AccountName', 4), tool, computer: r.computer, record_id: r.recordId, event_id: 7045,
        source: 'System 7045', ...evtxFields(r),
      }),
    })
  },
  finish() {},
})
