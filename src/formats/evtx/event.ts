// The values an event consumer needs from a record, read straight from the BinXML tree without
// rendering XML: the System section, EventData `<Data>` values with their names, or the leaf
// values of UserData (tag names as names), as the XML export readers take them.
import {Doc, Elem, PART_TEXT} from './binxml.js'
import {attrOf, attrSub, childNamed, childrenOf, subItems, subRaw, textOf, type Node} from './view.js'
import {fileTimeIso, VT} from './values.js'

export interface EvtxSystem {
  provider: string
  /** Provider@EventSourceName (classic sources forwarded with a different name), when present. */
  eventSourceName?: string
  eventId: number | null
  qualifiers?: number
  level: number | null
  /** TimeCreated@SystemTime: ISO UTC with 7 fraction digits for FILETIME values, else as written. */
  timeCreated: string | null
  eventRecordId?: string
  channel?: string
  computer?: string
  processId?: number
  threadId?: number
  userId?: string
}

const num = (s: string | undefined): number | undefined => (s !== undefined && /^\s*-?\d{1,15}\s*$/.test(s) ? Number(s) : undefined)

/** Channel, provider and event id only (what an inventory counts), without decoding times. */
export function keyOf(doc: Doc): {provider: string; eventId: number | null; channel?: string} {
  const sys = childNamed({doc, el: doc.root}, 'System')
  const out: {provider: string; eventId: number | null; channel?: string} = {provider: '', eventId: null}
  if (!sys) return out
  for (const n of childrenOf(sys)) {
    const name = n.el.name
    if (name === 'Provider') out.provider = attrOf(n, 'Name') ?? attrOf(n, 'EventSourceName') ?? ''
    else if (name === 'EventID') out.eventId = num(textOf(n)) ?? null
    else if (name === 'Channel') out.channel = textOf(n) || undefined
  }
  return out
}

/** The System section of a record. */
export function systemOf(doc: Doc): EvtxSystem {
  const root: Node = {doc, el: doc.root}
  const sys = childNamed(root, 'System')
  const out: EvtxSystem = {provider: '', eventId: null, level: null, timeCreated: null}
  if (!sys) return out
  for (const n of childrenOf(sys)) {
    switch (n.el.name) {
      case 'Provider':
        out.provider = attrOf(n, 'Name') ?? attrOf(n, 'EventSourceName') ?? ''
        out.eventSourceName = attrOf(n, 'EventSourceName')
        break
      case 'EventID':
        out.eventId = num(textOf(n)) ?? null
        out.qualifiers = num(attrOf(n, 'Qualifiers'))
        break
      case 'Level':
        out.level = num(textOf(n)) ?? null
        break
      case 'TimeCreated': {
        const i = attrSub(n, 'SystemTime')
        const raw = i >= 0 ? subRaw(n.doc, i) : null
        if (raw && raw[2] === VT.FileTime && raw[1] >= 8) out.timeCreated = fileTimeIso(n.doc.chunk.buf.readBigUInt64LE(raw[0]))
        else out.timeCreated = attrOf(n, 'SystemTime') ?? null
        break
      }
      case 'EventRecordID':
        out.eventRecordId = textOf(n) || undefined
        break
      case 'Channel':
        out.channel = textOf(n) || undefined
        break
      case 'Computer':
        out.computer = textOf(n) || undefined
        break
      case 'Execution':
        out.processId = num(attrOf(n, 'ProcessID'))
        out.threadId = num(attrOf(n, 'ThreadID'))
        break
      case 'Security':
        out.userId = attrOf(n, 'UserID')
        break
    }
  }
  return out
}

export interface EvtxData {
  /** `EventData` or `UserData` (or null when the record has neither). */
  section: 'EventData' | 'UserData' | null
  values: string[]
  names: Array<string | null>
}

const MAX_LEAVES = 1000

function leaves(n: Node, out: EvtxData, depth: number): void {
  if (depth > 32 || out.values.length >= MAX_LEAVES) return
  const kids = childrenOf(n)
  if (kids.length === 0) {
    out.values.push(textOf(n))
    out.names.push(n.el.name)
    return
  }
  for (const k of kids) leaves(k, out, depth + 1)
}

/** EventData `<Data>` values (document order), or UserData leaves. */
export function dataOf(doc: Doc): EvtxData {
  const out: EvtxData = {section: null, values: [], names: []}
  const root: Node = {doc, el: doc.root}
  const ed = childNamed(root, 'EventData')
  if (ed) {
    out.section = 'EventData'
    for (const n of childrenOf(ed)) {
      if (n.el.name !== 'Data') continue
      const name = attrOf(n, 'Name') ?? null
      // an array value repeats its <Data> element once per item (classic sources; §1.7 0x80)
      const k = n.el.kids.length === 1 ? n.el.kids[0]! : undefined
      const items = k && !(k instanceof Elem) && k.kind !== PART_TEXT ? subItems(n.doc, k.index) : null
      if (items) {
        for (const it of items.length ? items : ['']) {
          out.values.push(it)
          out.names.push(name)
        }
        continue
      }
      out.values.push(textOf(n))
      out.names.push(name)
    }
    return out
  }
  const ud = childNamed(root, 'UserData')
  if (ud) {
    out.section = 'UserData'
    for (const k of childrenOf(ud)) leaves(k, out, 1)
  }
  return out
}
