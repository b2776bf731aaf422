// Reading a parsed BinXML document: element text, attributes, child elements (through nested
// BinXml values), and an XML rendering in wevtutil's shape for display. Null values drop the
// attribute (optional substitution) or the element (dependency id), as Windows renders them.
import {Doc, Elem, nestedDoc, PART_DOC, PART_OPT, PART_SUB, PART_TEXT, type Part} from './binxml.js'
import {arrayItems, valueText, VT} from './values.js'

/** An element together with the document whose values fill it. */
export interface Node {
  doc: Doc
  el: Elem
}

const MAX_DEPTH = 64

export function valueType(doc: Doc, i: number): number {
  return i < doc.valueCount ? doc.vals[3 * i + 2]! : VT.Null
}

export function isNullValue(doc: Doc, i: number): boolean {
  return i >= doc.valueCount || doc.vals[3 * i + 2] === VT.Null
}

/** Value `i` as text ('' for Null, missing and BinXml values). */
export function subText(doc: Doc, i: number): string {
  if (i >= doc.valueCount) return ''
  const type = doc.vals[3 * i + 2]!
  if (type === VT.Null || type === VT.BinXml) return ''
  return valueText(doc.chunk.buf, type, doc.vals[3 * i]!, doc.vals[3 * i + 1]!)
}

/** Items of value `i` when it is an array (type 0x80|t), else null. */
export function subItems(doc: Doc, i: number): string[] | null {
  const type = valueType(doc, i)
  if (!(type & VT.Array)) return null
  return arrayItems(doc.chunk.buf, type, doc.vals[3 * i]!, doc.vals[3 * i + 1]!)
}

/** The raw value bytes' place: [offset, size, type], or null. */
export function subRaw(doc: Doc, i: number): [number, number, number] | null {
  if (i >= doc.valueCount) return null
  return [doc.vals[3 * i]!, doc.vals[3 * i + 1]!, doc.vals[3 * i + 2]!]
}

/** The nested document of BinXml value `i` (parsed once; a broken one reads as absent). */
function nested(doc: Doc, i: number, depth: number): Doc | null {
  if (depth > MAX_DEPTH || valueType(doc, i) !== VT.BinXml) return null
  doc.nested ??= new Map()
  const hit = doc.nested.get(i)
  if (hit !== undefined) return hit
  let d: Doc | null = null
  try {
    d = nestedDoc(doc.chunk, doc.vals[3 * i]!, doc.vals[3 * i + 1]!, depth)
  } catch {
    d = null
  }
  doc.nested.set(i, d)
  return d
}

export function dropped(doc: Doc, el: Elem): boolean {
  return el.dep >= 0 && isNullValue(doc, el.dep)
}

function partsText(doc: Doc, parts: readonly Part[]): string | undefined {
  if (parts.length === 1) {
    const p = parts[0]!
    if (p.kind === PART_TEXT) return p.text
    if (p.kind === PART_OPT && isNullValue(doc, p.index)) return undefined
    return subText(doc, p.index)
  }
  let s = ''
  for (const p of parts) {
    if (p.kind === PART_TEXT) s += p.text
    else if (p.kind === PART_SUB || p.kind === PART_OPT) {
      if (p.kind === PART_OPT && isNullValue(doc, p.index)) return undefined
      s += subText(doc, p.index)
    }
  }
  return s
}

/** Attribute value, or undefined when absent or dropped by a Null optional substitution. */
export function attrOf(n: Node, name: string): string | undefined {
  for (const a of n.el.attrs) if (a.name === name) return partsText(n.doc, a.parts)
  return undefined
}

/** The part behind an attribute when it is a single substitution (to read typed values). */
export function attrSub(n: Node, name: string): number {
  for (const a of n.el.attrs) {
    if (a.name === name && a.parts.length === 1 && a.parts[0]!.kind !== PART_TEXT) return a.parts[0]!.index
  }
  return -1
}

/** Text content (direct text pieces and values; child elements are not included). */
export function textOf(n: Node): string {
  let s = ''
  for (const k of n.el.kids) {
    if (k instanceof Elem) continue
    if (k.kind === PART_TEXT) s += k.text
    else if (k.kind === PART_SUB || k.kind === PART_OPT) s += subText(n.doc, k.index)
  }
  return s
}

/** Child elements in document order, entering nested BinXml values and inline template instances. */
export function childrenOf(n: Node, depth = 0): Node[] {
  const out: Node[] = []
  for (const k of n.el.kids) {
    if (k instanceof Elem) {
      if (!dropped(n.doc, k)) out.push({doc: n.doc, el: k})
    } else if (k.kind === PART_DOC && k.doc) out.push({doc: k.doc, el: k.doc.root})
    else if ((k.kind === PART_SUB || k.kind === PART_OPT) && valueType(n.doc, k.index) === VT.BinXml) {
      const d = nested(n.doc, k.index, depth + 1)
      if (d) out.push({doc: d, el: d.root})
    }
  }
  return out
}

/** The first child element named `name`, direct ones first, then those inside nested values. */
export function childNamed(n: Node, name: string): Node | undefined {
  let nestedKids = false
  for (const k of n.el.kids) {
    if (k instanceof Elem) {
      if (k.name === name && !dropped(n.doc, k)) return {doc: n.doc, el: k}
    } else if (k.kind !== PART_TEXT) nestedKids = true
  }
  if (!nestedKids) return undefined
  return childrenOf(n).find((c) => c.el.name === name)
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'))

/** XML of a document, attributes single-quoted as wevtutil writes them (for the `raw` of events). */
export function renderXml(doc: Doc, depth = 0): string {
  let out = ''
  const walk = (n: Node, level: number) => {
    if (level > MAX_DEPTH) return
    let s = `<${n.el.name}`
    for (const a of n.el.attrs) {
      const v = partsText(n.doc, a.parts)
      if (v !== undefined) s += ` ${a.name}='${esc(v)}'`
    }
    if (n.el.kids.length === 0) {
      out += `${s}/>`
      return
    }
    out += `${s}>`
    for (const k of n.el.kids) {
      if (k instanceof Elem) {
        if (!dropped(n.doc, k)) walk({doc: n.doc, el: k}, level + 1)
      } else if (k.kind === PART_TEXT) out += esc(k.text)
      else if (k.kind === PART_DOC && k.doc) walk({doc: k.doc, el: k.doc.root}, level + 1)
      else if (valueType(n.doc, k.index) === VT.BinXml) {
        const d = nested(n.doc, k.index, depth + level + 1)
        if (d) walk({doc: d, el: d.root}, level + 1)
      } else out += esc(subText(n.doc, k.index))
    }
    out += `</${n.el.name}>`
  }
  walk({doc, el: doc.root}, 0)
  return out
}
