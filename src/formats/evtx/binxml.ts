// BinXML (reference §1.5, §1.6): the token stream of a record, template definitions and nested
// fragments, parsed into a small tree whose substitutions point at value bytes in the chunk
// (values are decoded only when read: events need a few values, not every one).
// Offsets are chunk-relative; names and template definitions are cached per chunk by offset.
// Every read is bounds-checked; nesting, element counts and template references are bounded,
// so a hostile chunk costs at most linear work and ends in an EvtxFormatError.

export class EvtxFormatError extends Error {}

/** A piece of text content or attribute value. */
export const PART_TEXT = 0
/** Normal substitution (token 0x0D). */
export const PART_SUB = 1
/** Optional substitution (0x0E): a Null value drops the enclosing attribute. */
export const PART_OPT = 2
/** A template instance in element content (not seen in Windows output, accepted). */
export const PART_DOC = 3

export interface Part {
  kind: number
  text: string
  /** Substitution index. */
  index: number
  /** Substitution type from the token (the value spec's type is the one used). */
  type: number
  doc: Doc | null
}

export interface Attr {
  name: string
  parts: Part[]
}

export class Elem {
  constructor(
    readonly name: string,
    /** Dependency id (template definitions only), -1 when none. */
    readonly dep: number,
    readonly attrs: Attr[],
    readonly kids: Array<Elem | Part>,
  ) {}
}

/** A document: a template (or an inline element tree) and the values that fill it. */
export class Doc {
  /** Nested BinXml values already parsed, by value index. */
  nested?: Map<number, Doc | null>
  constructor(
    readonly chunk: ChunkTables,
    readonly root: Elem,
    /** [offset, size, type] per value, chunk-relative. */
    readonly vals: Int32Array,
    /** Template definition offset, -1 for inline (template-less) trees. */
    readonly templateOffset: number,
  ) {}
  get valueCount(): number {
    return this.vals.length / 3
  }
}

const NO_VALUES = new Int32Array(0)
const MAX_DEPTH = 64
const MAX_ELEMENTS = 20000
const MAX_VALUES = 8192

/** The caches of one chunk (offsets mean something only inside their own chunk). */
export class ChunkTables {
  readonly names = new Map<number, string>()
  readonly templates = new Map<number, Elem | EvtxFormatError>()
  private readonly building = new Set<number>()
  constructor(readonly buf: Buffer) {}

  name(off: number): string {
    const hit = this.names.get(off)
    if (hit !== undefined) return hit
    const b = this.buf
    if (off < 0 || off + 8 > b.length) throw new EvtxFormatError(`name offset 0x${off.toString(16)} outside the chunk`)
    const n = b.readUInt16LE(off + 6)
    if (off + 8 + 2 * n > b.length) throw new EvtxFormatError(`name at 0x${off.toString(16)} runs past the chunk`)
    const s = b.toString('utf16le', off + 8, off + 8 + 2 * n)
    this.names.set(off, s)
    return s
  }

  /** The template definition at `off`, parsed once. */
  template(off: number, depth: number): Elem {
    const hit = this.templates.get(off)
    if (hit instanceof Elem) return hit
    if (hit) throw hit
    if (this.building.has(off)) throw new EvtxFormatError(`template at 0x${off.toString(16)} refers to itself`)
    const b = this.buf
    let result: Elem | EvtxFormatError
    if (off < 512 || off + 24 > b.length) result = new EvtxFormatError(`template offset 0x${off.toString(16)} outside the chunk`)
    else {
      const size = b.readUInt32LE(off + 20)
      if (off + 24 + size > b.length) result = new EvtxFormatError(`template at 0x${off.toString(16)} runs past the chunk`)
      else {
        this.building.add(off)
        try {
          const p = new Parser(this, off + 24, off + 24 + size, true, depth + 1)
          const doc = p.fragment()
          result = doc ? doc.root : new EvtxFormatError(`template at 0x${off.toString(16)} has no element`)
        } catch (error) {
          result = error instanceof EvtxFormatError ? error : new EvtxFormatError(String(error))
        } finally {
          this.building.delete(off)
        }
      }
    }
    this.templates.set(off, result)
    if (result instanceof EvtxFormatError) throw result
    return result
  }
}

const ENTITY: Record<string, string> = {lt: '<', gt: '>', amp: '&', quot: '"', apos: "'"}

/** Parses one fragment (record body, template definition or nested BinXml value). */
export class Parser {
  private p: number
  private elements = 0
  private readonly b: Buffer

  constructor(
    private readonly t: ChunkTables,
    start: number,
    private readonly end: number,
    /** Elements carry a dependency id only inside template definitions (§1.5). */
    private readonly hasDep: boolean,
    private readonly depth: number,
  ) {
    this.b = t.buf
    this.p = start
    if (depth > MAX_DEPTH) throw new EvtxFormatError(`BinXML nested deeper than ${MAX_DEPTH} levels`)
  }

  get pos(): number {
    return this.p
  }

  private need(n: number): void {
    if (this.p + n > this.end) throw new EvtxFormatError(`BinXML ends inside a token at chunk offset 0x${this.p.toString(16)}`)
  }

  private u16(): number {
    this.need(2)
    const v = this.b.readUInt16LE(this.p)
    this.p += 2
    return v
  }

  private u32(): number {
    this.need(4)
    const v = this.b.readUInt32LE(this.p)
    this.p += 4
    return v
  }

  /** A name reference: inline when it points right after itself (§1.5 "Inline rule"). */
  private nameRef(): string {
    const off = this.u32()
    if (off === this.p) {
      this.need(8)
      const n = this.b.readUInt16LE(this.p + 6)
      this.need(10 + 2 * n)
      const s = this.t.name(off)
      this.p += 10 + 2 * n
      return s
    }
    return this.t.name(off)
  }

  private utf16(n: number): string {
    this.need(2 * n)
    const s = this.b.toString('utf16le', this.p, this.p + 2 * n)
    this.p += 2 * n
    return s
  }

  /** Fragment: header(s), then a template instance or an element, then EOF. */
  fragment(): Doc | null {
    let doc: Doc | null = null
    while (this.p < this.end) {
      const tok = this.b[this.p]!
      if (tok === 0x0f) {
        this.need(4)
        this.p += 4
      } else if (tok === 0x0c) {
        if (this.hasDep) throw new EvtxFormatError('template instance inside a template definition')
        const d = this.templateInstance()
        doc ??= d
      } else if ((tok & 0xbf) === 0x01) {
        const el = this.element()
        doc ??= new Doc(this.t, el, NO_VALUES, -1)
      } else if (tok === 0x00) {
        this.p++
        break
      } else if (tok === 0x0a) {
        this.p++
        this.nameRef()
      } else if (tok === 0x0b) {
        this.p++
        this.utf16(this.u16())
      } else throw new EvtxFormatError(`unexpected BinXML token 0x${tok.toString(16)} at chunk offset 0x${this.p.toString(16)}`)
      if (doc && this.hasDep) break
    }
    return doc
  }

  private templateInstance(): Doc {
    this.need(10)
    this.p += 2 // token, unknown byte
    this.p += 4 // template id
    const def = this.u32()
    let root: Elem
    if (def === this.p) {
      this.need(24)
      const size = this.b.readUInt32LE(this.p + 20)
      this.need(24 + size)
      root = this.t.template(def, this.depth)
      this.p += 24 + size
    } else root = this.t.template(def, this.depth)
    const n = this.u32()
    if (n > MAX_VALUES || this.p + 4 * n > this.end) throw new EvtxFormatError(`template instance with ${n} values does not fit the record`)
    const vals = new Int32Array(3 * n)
    let cur = this.p + 4 * n
    const b = this.b
    for (let i = 0; i < n; i++) {
      const size = b.readUInt16LE(this.p + 4 * i)
      vals[3 * i] = cur
      vals[3 * i + 1] = size
      vals[3 * i + 2] = b[this.p + 4 * i + 2]!
      cur += size
    }
    if (cur > this.end) throw new EvtxFormatError('template values run past the end of the record')
    this.p = cur
    return new Doc(this.t, root, vals, def)
  }

  private element(): Elem {
    return this.elementAt(0)
  }

  private elementAt(level: number): Elem {
    if (level + this.depth > MAX_DEPTH) throw new EvtxFormatError(`elements nested deeper than ${MAX_DEPTH} levels`)
    if (++this.elements > MAX_ELEMENTS) throw new EvtxFormatError(`more than ${MAX_ELEMENTS} elements in one fragment`)
    const tok = this.b[this.p++]!
    let dep = -1
    if (this.hasDep) {
      dep = this.u16()
      if (dep === 0xffff) dep = -1
    }
    this.u32() // element data size: a bound only, the tokens decide
    const name = this.nameRef()
    const attrs: Attr[] = []
    if (tok & 0x40) {
      this.u32() // attribute list size
      while (this.p < this.end && (this.b[this.p]! & 0xbf) === 0x06) {
        this.p++
        const an = this.nameRef()
        attrs.push({name: an, parts: this.valueParts()})
      }
    }
    this.need(1)
    const close = this.b[this.p++]!
    const kids: Array<Elem | Part> = []
    if (close === 0x03) return new Elem(name, dep, attrs, kids)
    if (close !== 0x02) throw new EvtxFormatError(`element <${name.slice(0, 40)}> not closed (token 0x${close.toString(16)})`)
    for (;;) {
      this.need(1)
      const k = this.b[this.p]!
      if (k === 0x04) {
        this.p++
        return new Elem(name, dep, attrs, kids)
      }
      if ((k & 0xbf) === 0x01) kids.push(this.elementAt(level + 1))
      else if (k === 0x0c) {
        if (this.hasDep) throw new EvtxFormatError('template instance inside a template definition')
        kids.push({kind: PART_DOC, text: '', index: 0, type: 0, doc: this.templateInstance()})
      } else if (k === 0x0a) {
        this.p++
        this.nameRef()
      } else if (k === 0x0b) {
        this.p++
        this.utf16(this.u16())
      } else if (k === 0x0f) {
        this.need(4)
        this.p += 4
      } else {
        const part = this.part()
        if (!part) throw new EvtxFormatError(`unexpected BinXML token 0x${k.toString(16)} in <${name.slice(0, 40)}>`)
        kids.push(part)
      }
    }
  }

  /** Attribute value: the value tokens that follow, up to the first other token (§1.8 P9). */
  private valueParts(): Part[] {
    const parts: Part[] = []
    while (this.p < this.end) {
      const part = this.part()
      if (!part) break
      parts.push(part)
    }
    return parts
  }

  /** One value token (text, substitution, character or entity reference, CDATA), or null. */
  private part(): Part | null {
    const k = this.b[this.p]!
    switch (k & 0xbf) {
      case 0x05: {
        this.p++
        this.need(3)
        this.p++ // value type, always string
        return {kind: PART_TEXT, text: this.utf16(this.u16()), index: 0, type: 1, doc: null}
      }
      case 0x07: {
        this.p++
        return {kind: PART_TEXT, text: this.utf16(this.u16()), index: 0, type: 1, doc: null}
      }
      case 0x08: {
        this.p++
        return {kind: PART_TEXT, text: String.fromCharCode(this.u16()), index: 0, type: 1, doc: null}
      }
      case 0x09: {
        this.p++
        const n = this.nameRef()
        return {kind: PART_TEXT, text: ENTITY[n] ?? `&${n};`, index: 0, type: 1, doc: null}
      }
      case 0x0d:
      case 0x0e: {
        if (k & 0x40) return null
        this.p++
        const index = this.u16()
        this.need(1)
        const type = this.b[this.p++]!
        return {kind: k === 0x0e ? PART_OPT : PART_SUB, text: '', index, type, doc: null}
      }
      default:
        return null
    }
  }
}

/** Parses a nested BinXml value (type 0x21): a fragment without dependency ids (§1.7). */
export function nestedDoc(t: ChunkTables, off: number, size: number, depth: number): Doc | null {
  if (size === 0) return null
  return new Parser(t, off, off + size, false, depth + 1).fragment()
}
