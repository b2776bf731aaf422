// XML for the program lists: fast-xml-parser with entity processing off (a DTD's entities are
// never expanded, so "billion laughs" stays a few bytes of text) and the handful of predefined
// entities and character references decoded here, by hand. Records are cut out of the text one
// by one so that a truncated or broken file still yields its complete records.
import {evidenceXmlParser, validateXml} from '../../lib/xml.js'

export type XmlNode = Record<string, unknown>

const parser = evidenceXmlParser({
  preserveOrder: true,
  attributeNamePrefix: '',
  ignoreDeclaration: true,
  ignorePiTags: true,
})

export function parseXml(text: string): XmlNode[] {
  return parser.parse(text) as XmlNode[]
}

/** Undefined when well-formed, else "line N: message". */
export function xmlProblem(text: string): string | undefined {
  const r = validateXml(text)
  if (r === true) return undefined
  return `line ${r.err.line}: ${r.err.msg}`
}

const PREDEFINED: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"}

/** XML 1.0 §4.6 predefined entities and §4.1 character references; anything else is kept as written. */
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole
    }
    return PREDEFINED[ref] ?? whole
  })
}

/** True when the document declares entities in an internal DTD subset (never expanded here). */
export function declaresEntities(text: string): boolean {
  return /<!DOCTYPE[^>[]*\[[\s\S]*?<!ENTITY/i.test(text.slice(0, 1024 * 1024))
}

export interface Slice {
  text: string
  /** 1-based line of the element's start tag. */
  line: number
}

/**
 * Complete outermost `<tag ...>...</tag>` elements in document order (nested elements of the
 * same name stay inside their parent). An element cut off by the end of the text is reported
 * through `truncated`.
 */
export function sliceElements(text: string, tag: string, from = 0): {slices: Slice[]; truncated: boolean} {
  const re = new RegExp(String.raw`<(/?)${tag}(?=[\s/>])[^>]*?(/?)>`, 'g')
  re.lastIndex = from
  const slices: Slice[] = []
  let depth = 0
  let start = -1
  let m: RegExpExecArray | null
  let linePos = 0
  let line = 1
  const lineAt = (pos: number) => {
    for (let i = linePos; i < pos; i++) if (text.charCodeAt(i) === 10) line++
    linePos = pos
    return line
  }
  while ((m = re.exec(text)) !== null) {
    const closing = m[1] === '/'
    const selfClosing = m[2] === '/'
    if (!closing) {
      if (depth === 0) start = m.index
      if (selfClosing) {
        if (depth === 0) slices.push({text: m[0], line: lineAt(m.index)})
        continue
      }
      depth++
    } else if (depth > 0) {
      depth--
      if (depth === 0) slices.push({text: text.slice(start, m.index + m[0].length), line: lineAt(start)})
    }
  }
  return {slices, truncated: depth > 0}
}

// --- helpers over preserveOrder trees: [{tag: [children], ':@': {attrs}}, {'#text': '...'}]

export function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@')
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const t = tagOf(node)
  const c = t ? node[t] : undefined
  return Array.isArray(c) ? (c as XmlNode[]) : []
}

export function attrOf(node: XmlNode, name: string): string | undefined {
  const a = node[':@'] as Record<string, unknown> | undefined
  const v = a?.[name]
  return typeof v === 'string' ? decodeXmlText(v) : undefined
}

/** Concatenated, entity-decoded text directly inside an element. */
export function textOf(node: XmlNode): string {
  let s = ''
  for (const c of childrenOf(node)) {
    const t = c['#text']
    if (typeof t === 'string' || typeof t === 'number') s += String(t)
  }
  return decodeXmlText(s)
}

export function childElements(node: XmlNode, tag?: string): XmlNode[] {
  return childrenOf(node).filter((c) => {
    const t = tagOf(c)
    return t !== undefined && t !== '#text' && (tag === undefined || t === tag)
  })
}

/** Elements deeper than this (the document element is level 1) are cut out of a property list. */
export const MAX_PLIST_DEPTH = 34

const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)[^\s/>!?][^>]*?(\/?)>/g

/**
 * The text with every element that opens deeper than `maxDepth` removed (its whole subtree), and
 * where each was: one over-deep value (a hostile or broken plist) costs that value, not the file.
 * The XML parser refuses a document nested past its own limit as a whole.
 */
export function pruneDeepElements(text: string, maxDepth = MAX_PLIST_DEPTH): {text: string; pruned: Array<{line: number; tag: string}>} {
  const re = new RegExp(MARKUP.source, 'g')
  const pruned: Array<{line: number; tag: string}> = []
  const keep: string[] = []
  let depth = 0
  let copied = 0
  let cutStart = -1
  let cutDepth = 0
  let line = 1
  let linePos = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text)) !== null) {
    if (m[1] === undefined) continue // comment, CDATA, PI, DOCTYPE
    const closing = m[1] === '/'
    const selfClosing = m[2] === '/'
    if (!closing) {
      if (cutStart < 0 && depth + 1 > maxDepth) {
        for (let i = linePos; i < m.index; i++) if (text.charCodeAt(i) === 10) line++
        linePos = m.index
        pruned.push({line, tag: /^<([^\s/>]+)/.exec(m[0])![1]!})
        keep.push(text.slice(copied, m.index))
        cutStart = m.index
        cutDepth = depth
      }
      if (!selfClosing) depth++
    } else if (depth > 0) depth--
    if (cutStart >= 0 && depth === cutDepth) {
      copied = m.index + m[0].length
      cutStart = -1
    }
  }
  if (pruned.length === 0) return {text, pruned}
  // an element cut off by the end of the text: everything after its start is dropped
  keep.push(cutStart >= 0 ? '' : text.slice(copied))
  return {text: keep.join(''), pruned}
}

/** A property list parsed after over-deep elements were cut out, each cut one warning. */
export function parsePlistXml(text: string, warn: (message: string) => void): XmlNode[] {
  const {text: kept, pruned} = pruneDeepElements(text)
  for (const p of pruned.slice(0, 20)) warn(`line ${p.line}: <${p.tag}> nested deeper than ${MAX_PLIST_DEPTH} elements, dropped with its content; the rest is read`)
  if (pruned.length > 20) warn(`… ${pruned.length - 20} more over-deep elements dropped`)
  return parseXml(kept)
}
