// Event XML as responders export it: `wevtutil qe Application /f:xml` (concatenated `<Event>`
// elements, no root, single-quoted attributes) and PowerShell `Get-WinEvent | % ToXml()`
// (double-quoted attributes, one per line or concatenated), optionally inside an `<Events>`
// root (`wevtutil /e:Events`). Elements are cut out one at a time from the decoded stream and
// parsed separately, so a 2 GB export never becomes one parse and one broken event cannot spoil
// the rest. Entities are never expanded (billion laughs): only the five predefined ones and
// character references are decoded, by `decodeXmlText`.

import {decodeXmlText, eventTimeToIso, intOf, levelOf, type WinEventRecord} from './record.js'
import {evidenceXmlParser, validateXml} from '../../lib/xml.js'

/** An `<Event>` element larger than this is not a real event record. */
export const MAX_EVENT_CHARS = 1024 * 1024
const MAX_NESTING = 32

const EVENT_START = /<Event(?=[\s>])/g
const EVENT_END = '</Event>'

export interface XmlPiece {
  xml: string
  /** 1-based line of the element's start in the export. */
  line: number
}

/** Cuts `<Event>…</Event>` elements out of decoded text chunks, reporting oversize and truncated ones. */
export async function* splitEventElements(chunks: AsyncIterable<string>, warn: (m: string) => void): AsyncGenerator<XmlPiece> {
  let buf = ''
  let pos = 0 // everything before pos is consumed
  // line number at buf[linePos], advanced incrementally
  let line = 1
  let linePos = 0
  let declWarned = false
  const lineAt = (i: number) => {
    for (let k = buf.indexOf('\n', linePos); k !== -1 && k < i; k = buf.indexOf('\n', k + 1)) line++
    linePos = i
    return line
  }
  const checkDecl = (from: number, to: number) => {
    if (declWarned || to <= from) return
    const skipped = buf.slice(from, to)
    if (/<!(?:DOCTYPE|ENTITY)/i.test(skipped)) {
      declWarned = true
      warn('the export contains DOCTYPE/ENTITY declarations; they were ignored and no entity was expanded')
    }
  }
  for await (const chunk of chunks) {
    // compact once per chunk, not once per element
    if (pos > 0) {
      lineAt(pos)
      buf = buf.slice(pos)
      linePos -= pos
      pos = 0
    }
    buf += chunk
    for (;;) {
      EVENT_START.lastIndex = pos
      const s = EVENT_START.exec(buf)
      if (!s) {
        // keep a short tail: `<Event` may be split across chunks
        const keep = Math.max(pos, buf.length - 8)
        checkDecl(pos, keep)
        pos = keep
        break
      }
      const start = s.index
      checkDecl(pos, start)
      const end = buf.indexOf(EVENT_END, start)
      if (end === -1) {
        if (buf.length - start > MAX_EVENT_CHARS) {
          warn(`line ${lineAt(start)}: <Event> element longer than ${MAX_EVENT_CHARS} characters without </Event>; skipped`)
          pos = start + 6
          continue
        }
        pos = start
        break
      }
      const stop = end + EVENT_END.length
      const at = lineAt(start)
      pos = stop
      if (stop - start > MAX_EVENT_CHARS) {
        warn(`line ${at}: <Event> element longer than ${MAX_EVENT_CHARS} characters; skipped`)
        continue
      }
      yield {xml: buf.slice(start, stop), line: at}
    }
  }
  EVENT_START.lastIndex = pos
  const rest = EVENT_START.exec(buf)
  if (rest) warn(`line ${lineAt(rest.index)}: the export ends inside an <Event> element (truncated file?)`)
  else checkDecl(pos, buf.length)
}

const parser = evidenceXmlParser({
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  maxNestedTags: MAX_NESTING,
  isArray: (name, _jpath, _leaf, isAttribute) => !isAttribute && name === 'Data',
})

type Node = Record<string, unknown>

function asNode(v: unknown): Node | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined
}

/** Text content of a parsed element (a string, or `#text` of an element with attributes). */
function textOf(v: unknown): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return decodeXmlText(v)
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  const n = asNode(v)
  if (n && '#text' in n) return textOf(n['#text'])
  return ''
}

function attr(v: unknown, name: string): string | undefined {
  const n = asNode(v)
  const a = n?.[`@_${name}`]
  return a === undefined ? undefined : decodeXmlText(String(a))
}

/** Leaf values of a `<UserData>` subtree in document order (tag names as the value names). */
function leaves(v: unknown, name: string | null, out: {data: string[]; names: Array<string | null>}, depth = 0): void {
  if (depth > MAX_NESTING || out.data.length > 1000) return
  if (v === null || v === undefined || typeof v !== 'object') {
    out.data.push(textOf(v))
    out.names.push(name)
    return
  }
  if (Array.isArray(v)) {
    for (const x of v) leaves(x, name, out, depth + 1)
    return
  }
  const keys = Object.keys(v).filter((k) => !k.startsWith('@_') && k !== '#text')
  if (keys.length === 0) {
    out.data.push(textOf(v))
    out.names.push(name)
    return
  }
  for (const k of keys) leaves((v as Node)[k], k, out, depth + 1)
}

/** Parses one `<Event>` element; a problem is returned as a string, never thrown. */
export function parseEventXml(xml: string, location: string): WinEventRecord | string {
  const valid = validateXml(xml)
  if (valid !== true) return `malformed event XML (${valid.err.msg.slice(0, 160)})`
  let doc: Node
  try {
    doc = parser.parse(xml) as Node
  } catch (error) {
    return `unreadable event XML (${(error as Error).message.slice(0, 160)})`
  }
  const ev = asNode(doc.Event)
  const sys = asNode(ev?.System)
  if (!ev || !sys) return 'event XML without a <System> section'
  const data: string[] = []
  const names: Array<string | null> = []
  const ed = asNode(ev.EventData)
  if (ed) {
    const items = Array.isArray(ed.Data) ? (ed.Data as unknown[]) : []
    for (const d of items) {
      data.push(textOf(d))
      names.push(attr(d, 'Name') ?? null)
    }
  } else if (ev.UserData !== undefined) {
    const out = {data, names}
    leaves(ev.UserData, null, out)
  }
  const exec = sys.Execution
  const rendering = asNode(ev.RenderingInfo)
  const message = rendering ? textOf(rendering.Message) : ''
  return {
    provider: attr(sys.Provider, 'Name') ?? attr(sys.Provider, 'EventSourceName') ?? '',
    eventId: intOf(textOf(sys.EventID)) ?? null,
    level: levelOf(textOf(sys.Level)),
    timeCreated: eventTimeToIso(attr(sys.TimeCreated, 'SystemTime')),
    computer: textOf(sys.Computer) || undefined,
    channel: textOf(sys.Channel) || undefined,
    processId: intOf(attr(exec, 'ProcessID')),
    threadId: intOf(attr(exec, 'ThreadID')),
    data,
    dataNames: names,
    recordId: textOf(sys.EventRecordID) || undefined,
    message: message || undefined,
    location,
    raw: xml,
  }
}
