// macOS `system_profiler SPUSBDataType` in its three output forms: `-xml` (a property list: a
// top-level array of one dict per data type, buses in `_items`, devices in nested `_items`
// with `_name`, `vendor_id` "0x1d6b  (Linux Foundation)" or "apple_vendor_id", `product_id`,
// `serial_num`, `manufacturer`, `bcd_device`, `location_id`, `device_speed`), `-json` (the same
// keys under `{"SPUSBDataType": [...]}`), and the default text (indented `Name:` headers with
// `Product ID:`, `Vendor ID:`, `Serial Number:`, `Manufacturer:`, `Location ID:` … lines).
// The listing shows what was attached when it ran and carries no time: events have none.
import type {FieldValue} from '../../lib/model.js'
import {isDict, plistValue, type PDict, type PValue} from '../programs/system-profiler.js'
import {readListText} from '../programs/text-input.js'
import {childElements, declaresEntities, parsePlistXml, tagOf, xmlProblem} from '../programs/xml.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {usbSystemProfilerClaim} from './claims.js'
import {emitUsbDevice, usbId} from './device-event.js'

const APPLE_VID = '05ac'
const MAX_TEXT_BYTES = 64 * 1024 * 1024
const TIME_DESC = 'Attached when system_profiler ran (the listing has no time)'

interface Device {
  name?: string
  vendor?: string
  product?: string
  serial?: string
  manufacturer?: string
  extra: Record<string, FieldValue | undefined>
  location: string
  raw: string
}

/** `0x1d6b  (Linux Foundation)` -> id and vendor name; `apple_vendor_id` is Apple's 0x05ac. */
function vendorOf(v: string | undefined): {vid?: string; name?: string} {
  if (v === undefined) return {}
  if (/^apple_vendor_id$/i.test(v.trim())) return {vid: APPLE_VID, name: 'Apple Inc.'}
  return {vid: usbId(v), name: /\(([^)]+)\)\s*$/.exec(v)?.[1]}
}

function emit(ctx: ParseContext, d: Device): boolean {
  const {vid, name: vendorName} = vendorOf(d.vendor)
  const pid = usbId(d.product)
  if (!vid || !pid) return false
  emitUsbDevice(
    ctx,
    {vid, pid, serial: d.serial, product: d.name, manufacturer: d.manufacturer, source: 'system_profiler'},
    {time: null, timeBasis: 'unknown', timestampDesc: TIME_DESC, location: d.location, raw: d.raw},
    {vendor_name: vendorName, ...d.extra},
  )
  return true
}

const str = (v: PValue | undefined): string | undefined => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined)

/** Devices of the plist/JSON tree, depth first in document order; `bus` is the controller's name. */
function walkItems(ctx: ParseContext, items: PValue | undefined, bus: string | undefined, counter: {n: number}, depth = 0): void {
  if (!Array.isArray(items)) return
  if (depth > 16) {
    ctx.warn(`devices nested deeper than 16 hubs below ${JSON.stringify(bus ?? '')} are not read`)
    return
  }
  for (const item of items) {
    if (!isDict(item)) continue
    counter.n++
    const isDevice = item.vendor_id !== undefined || item.product_id !== undefined
    if (isDevice) {
      const {_items: _children, ...own} = item
      const ok = emit(ctx, {
        name: str(item._name), vendor: str(item.vendor_id), product: str(item.product_id), serial: str(item.serial_num),
        manufacturer: str(item.manufacturer), location: `record ${counter.n}`, raw: JSON.stringify(own),
        extra: {bcd_device: str(item.bcd_device), location_id: str(item.location_id), speed: str(item.device_speed), bus},
      })
      if (!ok) ctx.warn(`record ${counter.n}: vendor or product id unreadable (${JSON.stringify(str(item.vendor_id))}, ${JSON.stringify(str(item.product_id))})`)
    }
    walkItems(ctx, item._items, bus ?? str(item._name), counter, depth + 1)
  }
}

/** The default text output: nodes by indentation, a node with both ids is a device. */
function parseText(text: string, ctx: ParseContext): void {
  const lines = text.split(/\r?\n/)
  const stack: Array<{indent: number; name: string; line: number; props: Map<string, string>; raw: string[]}> = []
  let bus: string | undefined
  // a node closes after its children (a hub after its devices): emitted in line order at the end
  const closed: Array<{node: (typeof stack)[number]; bus: string | undefined}> = []
  const close = (node: (typeof stack)[number]) => {
    if (node.props.has('Vendor ID') || node.props.has('Product ID')) closed.push({node, bus})
  }
  lines.forEach((line, i) => {
    if (!line.trim()) return
    const indent = line.length - line.trimStart().length
    const header = /^\s*(.+?):\s*$/.exec(line)
    const prop = header ? null : /^\s*([^:]+?): (.*)$/.exec(line)
    if (header) {
      while (stack.length && stack.at(-1)!.indent >= indent) close(stack.pop()!)
      // buses sit right under the top `USB:` header
      if (stack.length === 1) bus = header[1]
      stack.push({indent, name: header[1]!, line: i + 1, props: new Map(), raw: [line.trim()]})
    } else if (prop && stack.length) {
      const node = stack.at(-1)!
      if (!node.props.has(prop[1]!)) node.props.set(prop[1]!, prop[2]!.trim())
      node.raw.push(line.trim())
    }
  })
  while (stack.length) close(stack.pop()!)
  closed.sort((a, b) => a.node.line - b.node.line)
  for (const {node, bus: onBus} of closed) {
    const p = node.props
    const ok = emit(ctx, {
      name: node.name, vendor: p.get('Vendor ID'), product: p.get('Product ID'), serial: p.get('Serial Number'),
      manufacturer: p.get('Manufacturer'), location: `line ${node.line}`, raw: node.raw.join('\n'),
      extra: {bcd_device: p.get('Version'), location_id: p.get('Location ID'), speed: p.get('Speed'), bus: onBus},
    })
    if (!ok) ctx.warn(`line ${node.line}: vendor or product id unreadable (${JSON.stringify(p.get('Vendor ID'))}, ${JSON.stringify(p.get('Product ID'))})`)
  }
}

export const usbSystemProfiler: ArtifactParser = {
  ...usbSystemProfilerClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx, MAX_TEXT_BYTES)
    const start = text.trimStart()
    if (start.startsWith('{')) {
      let doc: unknown
      try {
        doc = JSON.parse(text)
      } catch (error) {
        throw new Error(`not valid JSON (${(error as Error).message})`)
      }
      const sections = isDict(doc as PValue) ? (doc as PDict).SPUSBDataType : undefined
      if (!Array.isArray(sections)) throw new Error('no SPUSBDataType array')
      walkItems(ctx, sections, undefined, {n: 0})
      return
    }
    if (start.startsWith('<')) {
      const problem = xmlProblem(text)
      if (problem) throw new Error(`not well-formed XML (${problem})`)
      if (declaresEntities(text)) ctx.warn('the document declares DTD entities; they are not expanded')
      const root = parsePlistXml(text, (m) => ctx.warn(m)).find((n) => tagOf(n) === 'plist')
      const top = root ? childElements(root)[0] : undefined
      const v = top ? plistValue(top) : undefined
      const sections = Array.isArray(v) ? v : isDict(v) ? [v] : []
      const usb = sections.filter(isDict).find((d) => d._dataType === 'SPUSBDataType')
      if (!usb) throw new Error('no SPUSBDataType section in the property list')
      walkItems(ctx, usb._items, undefined, {n: 0})
      return
    }
    parseText(text, ctx)
  },
}
