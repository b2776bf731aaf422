// USB devices in the event logs (reference §2.5): Kernel-PnP 400/410 (device configured /
// started), UserPnp 20001/20003 (driver install), DriverFrameworks-UserMode 2003/2004/2100/2101
// and Partition/Diagnostic 1006 (manufacturer, model, serial). Each becomes a `usb.device` with
// vid/pid (4 lowercase hex digits) and serial from the device instance id `USB\VID_x&PID_y\serial`,
// so the IP-KVM indicators (PiKVM 1d6b:0104 …) can match.
import {cleanFields} from '../common.js'
import type {WinEventHandler, WinEventHandlerFactory} from './handler.js'
import {named, present} from './fields.js'
import {evtxFields, type WinEventRecord} from './record.js'

const WANTED: Record<string, number[]> = {
  'Microsoft-Windows-Kernel-PnP': [400, 410],
  'Microsoft-Windows-UserPnp': [20001, 20003],
  'Microsoft-Windows-DriverFrameworks-UserMode': [2003, 2004, 2100, 2101],
  'Microsoft-Windows-Partition': [1006],
}
const SHORT: Record<string, string> = {
  'Microsoft-Windows-Kernel-PnP': 'Kernel-PnP', 'Microsoft-Windows-UserPnp': 'UserPnp',
  'Microsoft-Windows-DriverFrameworks-UserMode': 'DriverFrameworks-UserMode', 'Microsoft-Windows-Partition': 'Partition',
}

const INSTANCE = /\b(?:USB|USBSTOR|HID)\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})[^\\]*(?:\\([^\\\s]+))?/i

export interface UsbIds {
  vid: string
  pid: string
  serial?: string
}

/** vid/pid/serial of a device instance id; the serial is dropped when Windows generated it (`&` inside). */
export function usbIdsOf(instance: string | undefined): UsbIds | undefined {
  const m = instance ? INSTANCE.exec(instance) : null
  if (!m) return undefined
  const serial = m[3] && !m[3].includes('&') ? m[3] : undefined
  return {vid: m[1]!.toLowerCase(), pid: m[2]!.toLowerCase(), serial}
}

function instanceOf(r: WinEventRecord): string | undefined {
  for (const n of ['DeviceInstanceId', 'DeviceInstanceID', 'InstanceId', 'DeviceId', 'instance', 'ParentId']) {
    const v = named(r, n)
    if (v && INSTANCE.test(v)) return v
  }
  return r.data.find((d) => INSTANCE.test(d))
}

export const usbHandler: WinEventHandlerFactory = (ctx): WinEventHandler => ({
  acceptsProvider: (name) => name in WANTED,
  accepts: (r) => WANTED[r.provider]?.includes(r.eventId ?? -1) ?? false,
  handle(r) {
    const instance = instanceOf(r)
    const ids = usbIdsOf(instance)
    if (!ids) return
    const product = present(named(r, 'Model') ?? named(r, 'DriverDescription') ?? named(r, 'DeviceDescription'))
    const manufacturer = present(named(r, 'Manufacturer') ?? named(r, 'DriverProvider'))
    const serial = ids.serial ?? present(named(r, 'SerialNumber'))
    const source = `${SHORT[r.provider] ?? r.provider} ${r.eventId}`
    ctx.emit({
      time: r.timeCreated, timeBasis: 'utc', type: 'usb.device', timestampDesc: `USB device event (${source})`, location: r.location, raw: r.raw,
      message: `USB device ${ids.vid}:${ids.pid}${serial ? ` serial ${serial}` : ''}${product ? ` (${product})` : ''}${manufacturer ? ` by ${manufacturer}` : ''} [${source}]`.slice(0, 500),
      fields: cleanFields({
        vid: ids.vid, pid: ids.pid, serial, product, manufacturer, device_class: present(named(r, 'ClassGuid')), instance_id: instance,
        source, computer: r.computer, record_id: r.recordId, event_id: r.eventId ?? undefined, ...evtxFields(r),
      }),
    })
  },
  finish() {},
})
