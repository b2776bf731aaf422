// The kernel's USB enumeration line prefix (`usb <bus>-<port>: …`), apart from the assembler in
// kernel-log.ts: the syslog claim tests it when sniffing.
export const DEVICE_LINE = /^(?:\[\s*\d+\.\d+\]\s*)?usb (\d+-[\d.]+): (.*)$/

/** Cheap byte prefilter for callers that scan every syslog line. */
export const KERNEL_USB_MARK = 'usb '

/** True for a kernel message that belongs to a USB device enumeration. */
export function isUsbKernelMessage(message: string): boolean {
  return DEVICE_LINE.test(message)
}
