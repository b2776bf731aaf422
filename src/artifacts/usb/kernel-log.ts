// USB connections in the Linux kernel log, as drivers/usb/core/hub.c prints them through
// dev_info() on the device (`usb <bus>-<port[.port…]>: …`):
//   new high-speed USB device number 5 using xhci_hcd                  (hub_port_init)
//   New USB device found, idVendor=%04x, idProduct=%04x, bcdDevice=%2x.%02x   (announce_device;
//     kernels before 4.19 stop after idProduct)
//   New USB device strings: Mfr=%d, Product=%d, SerialNumber=%d
//   Product: %s / Manufacturer: %s / SerialNumber: %s                  (show_string)
//   USB disconnect, device number %d                                   (usb_disconnect)
// The lines of one enumeration are assembled per host and bus path into one `usb.device`
// event, dated by the `New USB device found` line. Root hubs (`usb usb1:`) are the host's own
// controllers and are not reported.
import type {FieldValue, TimelineEvent} from '../../lib/model.js'
import type {EventTime} from '../common.js'
import type {ParseContext} from '../types.js'
import {emitUsbDevice} from './device-event.js'
import {DEVICE_LINE, isUsbKernelMessage, KERNEL_USB_MARK} from './kernel-line.js'

export {isUsbKernelMessage, KERNEL_USB_MARK}

const FOUND = /^New USB device found, idVendor=([0-9a-f]{4}), idProduct=([0-9a-f]{4})(?:, bcdDevice=\s*([0-9a-f]{1,2}\.[0-9a-f]{2}))?\s*$/i
const ENUMERATING = /^new (\S+(?: \S+)?) USB device number (\d+) using (\S+)/
const STRING = /^(Product|Manufacturer|SerialNumber): (.*)$/
const DISCONNECT = /^USB disconnect, device number (\d+)/

interface Pending {
  busPath: string
  vid: string
  pid: string
  bcd?: string
  speed?: string
  deviceNumber?: string
  driver?: string
  strings: {Product?: string; Manufacturer?: string; SerialNumber?: string}
  at: EventTime & {precision?: TimelineEvent['timePrecision']}
  location: string
  raw: string[]
  source: string
  fields: Record<string, FieldValue | undefined>
}

/** A hard bound on devices being assembled at once (a log has a handful; hostile input more). */
const MAX_PENDING = 256

export class UsbKernelAssembler {
  private pending = new Map<string, Pending>()
  /** `new … USB device number N using drv` seen, waiting for its `found` line. */
  private enumerating = new Map<string, {speed: string; deviceNumber: string; driver: string; raw: string}>()

  constructor(private readonly ctx: ParseContext) {}

  /**
   * One kernel message (without the syslog prefix); `source` names the log (`kern.log`,
   * `syslog`, `journald`). `fields` are the line's context (computer,
   * log_source, year_source); `host` keeps devices of different machines in a merged log apart.
   */
  add(message: string, at: EventTime & {precision?: TimelineEvent['timePrecision']}, location: string, raw: string, source: string, fields: Record<string, FieldValue | undefined>, host = ''): void {
    const m = DEVICE_LINE.exec(message)
    if (!m) return
    const busPath = m[1]!
    const text = m[2]!
    const key = `${host}\0${busPath}`
    let r: RegExpExecArray | null
    if ((r = FOUND.exec(text))) {
      this.flush(key)
      const en = this.enumerating.get(key)
      this.enumerating.delete(key)
      if (this.pending.size >= MAX_PENDING) this.flush(this.pending.keys().next().value!)
      this.pending.set(key, {
        busPath, vid: r[1]!.toLowerCase(), pid: r[2]!.toLowerCase(), bcd: r[3], strings: {}, at, location,
        speed: en?.speed, deviceNumber: en?.deviceNumber, driver: en?.driver,
        raw: en ? [en.raw, raw] : [raw], source, fields,
      })
      return
    }
    if ((r = STRING.exec(text))) {
      const p = this.pending.get(key)
      const name = r[1] as keyof Pending['strings']
      if (p && p.strings[name] === undefined) {
        p.strings[name] = r[2]!.trimEnd()
        p.raw.push(raw)
      }
      return
    }
    if ((r = ENUMERATING.exec(text))) {
      this.flush(key)
      if (this.enumerating.size >= MAX_PENDING) this.enumerating.delete(this.enumerating.keys().next().value!)
      this.enumerating.set(key, {speed: r[1]!, deviceNumber: r[2]!, driver: r[3]!, raw})
      return
    }
    if (DISCONNECT.test(text)) {
      this.flush(key)
      this.enumerating.delete(key)
      return
    }
    if (text.startsWith('New USB device strings:')) this.pending.get(key)?.raw.push(raw)
  }

  /** Emits every device still being assembled (end of the log). */
  finish(): void {
    for (const key of [...this.pending.keys()]) this.flush(key)
    this.enumerating.clear()
  }

  private flush(key: string): void {
    const p = this.pending.get(key)
    if (!p) return
    this.pending.delete(key)
    emitUsbDevice(
      this.ctx,
      {vid: p.vid, pid: p.pid, serial: p.strings.SerialNumber, product: p.strings.Product, manufacturer: p.strings.Manufacturer, source: p.source},
      {time: p.at.time, timeBasis: p.at.timeBasis, timePrecision: p.at.precision === 'second' || p.at.precision === 'microsecond' ? p.at.precision : undefined, timestampDesc: 'USB device connected', location: p.location, raw: p.raw.join('\n')},
      {bus_path: p.busPath, bcd_device: p.bcd?.trim(), speed: p.speed, device_number: p.deviceNumber, host_driver: p.driver, ...p.fields},
    )
  }
}
