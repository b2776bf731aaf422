// PowerShell `Get-WinEvent … | Export-Clixml` files: `<Objs>` holding one `<Obj>` per
// EventLogRecord with typed properties (`<S N="ProviderName">`, `<I32 N="Id">`,
// `<DT N="TimeCreated">`, `<S N="Message">`, `<Obj N="Properties">` …). Worked out from the
// PSSerializer format (MS-PSRP §2.2.5), not from a captured export of these events, so:
// - `Properties` is read as a list of EventProperty objects whose `Value` is the EventData
//   value (depth 2 of the default `-Depth 2` serialisation); a list of bare primitives is also
//   accepted, in tag order;
// - `TimeCreated` is a `DT` with the exporting machine's offset (`…+02:00`), converted to UTC;
// - strings escape control characters as `_xHHHH_` (decoded here);
// - there are no Data names in this form (EventProperty has only `Value`).

import {decodeXmlText, eventTimeToIso, intOf, levelOf, type WinEventRecord} from './record.js'
import {evidenceXmlParser, validateXml} from '../../lib/xml.js'

export const MAX_OBJ_CHARS = 4 * 1024 * 1024
const OBJ_TAG = /<(\/?)Obj\b[^>]*?(\/?)>/g

export interface ObjPiece {
  xml: string
  line: number
  index: number
}

/** Cuts the top-level `<Obj>` elements out of a CLIXML stream (nested `<Obj>`s stay inside). */
export async function* splitClixmlObjects(chunks: AsyncIterable<string>, warn: (m: string) => void): AsyncGenerator<ObjPiece> {
  let buf = ''
  let depth = 0
  let start = -1 // start of the open top-level object in buf
  let scan = 0 // where the tag scan resumes in buf
  let index = 0
  let skipping = false // inside an oversize object: drop until it closes
  let skipLine = 0
  // line number of buf[linePos]
  let line = 1
  let linePos = 0
  const lineAt = (i: number) => {
    for (let k = buf.indexOf('\n', linePos); k !== -1 && k < i; k = buf.indexOf('\n', k + 1)) line++
    linePos = i
    return line
  }
  let dtdChecked = false
  for await (const chunk of chunks) {
    buf += chunk
    if (!dtdChecked && buf.length >= 4096) dtdChecked = checkDtd(buf, warn)
    OBJ_TAG.lastIndex = scan
    let m: RegExpExecArray | null
    let consumed = 0
    while ((m = OBJ_TAG.exec(buf))) {
      scan = OBJ_TAG.lastIndex
      const closing = m[1] === '/'
      const selfClosing = m[2] === '/'
      if (closing) {
        if (depth > 0) depth--
      } else if (depth === 0) {
        if (selfClosing) continue
        start = m.index
        depth = 1
        continue
      } else if (!selfClosing) depth++
      if (depth === 0 && start !== -1) {
        const end = m.index + m[0].length
        const at = lineAt(start)
        index++
        if (skipping) warn(`object ${index} (line ${skipLine}) is larger than ${MAX_OBJ_CHARS} characters; skipped`)
        else yield {xml: buf.slice(start, end), line: at, index}
        skipping = false
        consumed = end
        start = -1
      }
    }
    // keep the open object, or a tail that may hold half a tag
    let cut: number
    if (start !== -1) {
      cut = start
      if (!skipping && buf.length - start > MAX_OBJ_CHARS) {
        skipping = true
        skipLine = lineAt(start)
      }
      if (skipping) {
        // keep only what the tag scan still needs; the object will be reported when it closes
        cut = Math.max(start, scan)
        start = 0
        lineAt(cut)
        buf = buf.slice(cut)
        linePos -= cut
        scan -= cut
        continue
      }
    } else {
      const lt = buf.lastIndexOf('<')
      cut = Math.max(consumed, lt !== -1 && buf.indexOf('>', lt) === -1 ? lt : Math.max(scan, buf.length - 8))
    }
    lineAt(cut)
    buf = buf.slice(cut)
    linePos -= cut
    scan = Math.max(0, scan - cut)
    if (start !== -1) start -= cut
  }
  if (!dtdChecked) checkDtd(buf, warn)
  if (start !== -1 || depth > 0) warn(`line ${lineAt(Math.max(0, start))}: the CLIXML export ends inside an <Obj> (truncated file?)`)
}

const parser = evidenceXmlParser({
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  maxNestedTags: 64,
  isArray: (_name, _jpath, _leaf, isAttribute) => !isAttribute,
})

type Node = Record<string, unknown>
const PRIMITIVE_TAGS = ['S', 'I32', 'I64', 'U32', 'U64', 'I16', 'U16', 'By', 'SB', 'B', 'DT', 'Db', 'Sg', 'D', 'G', 'URI', 'C', 'TS', 'Version', 'XD', 'SBK', 'SS', 'Nil']

/** CLIXML string escaping: `_xHHHH_` stands for the UTF-16 unit HHHH (MS-PSRP §2.2.5.3.2). */
export function decodeClixmlString(s: string): string {
  const x = decodeXmlText(s)
  if (!x.includes('_x')) return x
  return x.replace(/_x([0-9A-Fa-f]{4})_/g, (_w, h: string) => String.fromCharCode(parseInt(h, 16)))
}

function text(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return decodeClixmlString(v)
  if (typeof v === 'object' && !Array.isArray(v) && '#text' in (v as Node)) return text((v as Node)['#text'])
  return ''
}

/** The property named `name` among a `<Props>`/`<MS>` node's typed children. */
function prop(props: Node | undefined, name: string): {tag: string; node: unknown} | undefined {
  if (!props) return undefined
  for (const tag of [...PRIMITIVE_TAGS, 'Obj']) {
    const list = props[tag]
    if (!Array.isArray(list)) continue
    for (const n of list) if (n && typeof n === 'object' && (n as Node)['@_N'] === name) return {tag, node: n}
  }
  return undefined
}

function propText(props: Node | undefined, name: string): string | undefined {
  const p = prop(props, name)
  if (!p || p.tag === 'Nil' || p.tag === 'Obj') return undefined
  return text(p.node)
}

function firstNode(v: unknown): Node | undefined {
  return Array.isArray(v) && v[0] && typeof v[0] === 'object' ? (v[0] as Node) : undefined
}

function propertyValues(obj: Node | undefined): string[] {
  if (!obj) return []
  const lst = firstNode(obj.LST) ?? firstNode(obj.IE)
  if (!lst) return []
  const out: string[] = []
  const items = lst.Obj
  if (Array.isArray(items)) {
    for (const it of items as Node[]) {
      const props = firstNode(it.Props) ?? firstNode(it.MS)
      const v = prop(props, 'Value')
      out.push(v && v.tag !== 'Nil' && v.tag !== 'Obj' ? text(v.node) : text(firstNode(it.ToString) ?? (it.ToString as unknown[] | undefined)?.[0]))
    }
    return out
  }
  for (const tag of PRIMITIVE_TAGS) {
    const list = lst[tag]
    if (Array.isArray(list)) for (const n of list) out.push(tag === 'Nil' ? '' : text(n))
  }
  return out
}

/** Turns one top-level `<Obj>` into a record, or a problem string; non-event objects give null. */
export function parseClixmlObject(xml: string, location: string): WinEventRecord | string | null {
  const valid = validateXml(xml)
  if (valid !== true) return `malformed CLIXML object (${valid.err.msg.slice(0, 160)})`
  let doc: Node
  try {
    doc = parser.parse(xml) as Node
  } catch (error) {
    return `unreadable CLIXML object (${(error as Error).message.slice(0, 160)})`
  }
  const obj = firstNode(doc.Obj)
  const props = firstNode(obj?.Props) ?? firstNode(obj?.MS)
  if (!props) return null
  const provider = propText(props, 'ProviderName')
  const id = propText(props, 'Id')
  if (provider === undefined || id === undefined) return null
  const propsObj = prop(props, 'Properties')
  return {
    provider,
    eventId: intOf(id) ?? null,
    level: levelOf(propText(props, 'Level')),
    timeCreated: eventTimeToIso(propText(props, 'TimeCreated')),
    computer: propText(props, 'MachineName') || undefined,
    channel: propText(props, 'LogName') || propText(props, 'ContainerLog') || undefined,
    processId: intOf(propText(props, 'ProcessId')),
    threadId: intOf(propText(props, 'ThreadId')),
    data: propertyValues(propsObj?.tag === 'Obj' ? (propsObj.node as Node) : undefined),
    dataNames: [],
    recordId: propText(props, 'RecordId') || undefined,
    message: propText(props, 'Message') || undefined,
    location,
    raw: xml,
  }
}

/** PowerShell never writes a DTD: one in the prolog is hostile (entity bombs); say so. */
function checkDtd(head: string, warn: (m: string) => void): boolean {
  const prolog = head.slice(0, Math.max(0, head.search(/<Objs\b/)) || 4096)
  if (/<!(?:DOCTYPE|ENTITY)/i.test(prolog)) warn('the export declares DTD/ENTITY entries; they were ignored and no entity was expanded')
  return true
}
