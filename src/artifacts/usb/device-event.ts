// The `usb.device` event shared by every USB source (Linux kernel log, macOS system_profiler,
// and the Windows registry reader): `vid`/`pid` as 4 lowercase hex digits, the device's own
// strings as it reported them, `source` naming where the record came from.
import type {FieldValue, TimeBasis} from '../../lib/model.js'
import {cleanFields} from '../common.js'
import type {ParseContext} from '../types.js'

export interface UsbDevice {
  vid: string
  pid: string
  serial?: string
  product?: string
  manufacturer?: string
  /** `kern.log`, `syslog`, `journald`, `system_profiler` … */
  source: string
}

/** `0x1D6B`, `1d6b`, `0x1d6b  (Linux Foundation)` -> `1d6b`; undefined when not a 16-bit hex id. */
export function usbId(s: string | undefined): string | undefined {
  const m = /^\s*(?:0x)?([0-9a-f]{1,4})\b/i.exec(s ?? '')
  return m ? m[1]!.toLowerCase().padStart(4, '0') : undefined
}

export function emitUsbDevice(
  ctx: ParseContext,
  d: UsbDevice,
  at: {time: string | null; timeBasis: TimeBasis; timePrecision?: 'second' | 'microsecond'; timestampDesc: string; location: string; raw: string},
  extra: Record<string, FieldValue | undefined>,
): void {
  const names = [d.manufacturer, d.product].filter(Boolean).join(' ')
  ctx.emit({
    time: at.time,
    timeBasis: at.time ? at.timeBasis : 'unknown',
    ...(at.time && at.timePrecision ? {timePrecision: at.timePrecision} : {}),
    type: 'usb.device',
    timestampDesc: at.timestampDesc,
    location: at.location,
    message: `USB device ${d.vid}:${d.pid}${names ? ` ${names}` : ''}${d.serial ? ` (serial ${d.serial})` : ''}`,
    fields: cleanFields({vid: d.vid, pid: d.pid, serial: d.serial, product: d.product, manufacturer: d.manufacturer, source: d.source, ...extra}),
    raw: at.raw,
  })
}
