// macOS `system_profiler SPApplicationsDataType -xml` (an XML property list: a top-level array
// holding one dict per data type, the applications in its `_items` array, each a dict with
// `_name`, `version`, `obtained_from`, `lastModified` (a <date>, UTC), `path`, `info`,
// `signed_by` (array of strings)) and `-json` (`{"SPApplicationsDataType": [ {...}, ... ]}`).
// `lastModified` is when the bundle last changed, not an install time; it dates the event only
// because the listing has nothing better, and the description says so.
import {userFromPath} from '../../evidence/paths.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {programsSystemProfilerClaim} from './claims.js'
import {parseIsoInstant, type ParsedDate} from './dates.js'
import {completeObjectsAt, parseEach} from './json-salvage.js'
import {emitProgram} from './record.js'
import {readListText} from './text-input.js'
import {childElements, declaresEntities, parsePlistXml, sliceElements, tagOf, textOf, xmlProblem, type XmlNode} from './xml.js'

export type PValue = string | number | boolean | PValue[] | {[k: string]: PValue}
export type PDict = {[k: string]: PValue}
const MAX_DEPTH = 32

/** Apple plist DTD elements to JS values; `<data>` is dropped. */
export function plistValue(n: XmlNode, depth = 0): PValue | undefined {
  if (depth > MAX_DEPTH) return undefined
  switch (tagOf(n)) {
    case 'string':
    case 'date':
    case 'integer':
    case 'real':
      return textOf(n)
    case 'true':
      return true
    case 'false':
      return false
    case 'array':
      return childElements(n).map((c) => plistValue(c, depth + 1)).filter((v): v is PValue => v !== undefined)
    case 'dict': {
      const o: PDict = {}
      let key: string | undefined
      for (const c of childElements(n)) {
        if (tagOf(c) === 'key') key = textOf(c)
        else if (key !== undefined) {
          const v = plistValue(c, depth + 1)
          if (v !== undefined) o[key] = v
          key = undefined
        }
      }
      return o
    }
    default:
      return undefined
  }
}

export const isDict = (v: unknown): v is PDict => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: PValue | undefined): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined)

function emitApp(ctx: ParseContext, app: PDict, location: string, raw: string): void {
  const path = str(app.path)
  const signedBy = Array.isArray(app.signed_by) ? app.signed_by.filter((s): s is string => typeof s === 'string') : []
  // "Developer ID Application: AnyDesk Software GmbH (TEAMID)": the signer is the publisher
  const dev = /^Developer ID Application:\s*(.+?)(?:\s+\([A-Z0-9]{10}\))?$/.exec(signedBy[0] ?? '')
  const user = path ? userFromPath(path.replace(/^\//, '')) : undefined
  const lm = str(app.lastModified)
  const parsed: ParsedDate | undefined = lm ? parseIsoInstant(lm) ?? {kind: 'invalid', raw: lm} : undefined
  emitProgram(ctx, {
    format: 'system-profiler',
    displayName: str(app._name),
    version: str(app.version),
    publisher: dev?.[1],
    installLocation: path,
    scope: user ? 'user' : 'machine',
    user,
    otherTime: parsed ? {parsed, desc: 'Application bundle last modified'} : undefined,
    location,
    raw,
    extra: {
      obtained_from: str(app.obtained_from),
      signed_by: signedBy.join(' / '),
      info: str(app.info),
      arch_kind: str(app.arch_kind),
      last_modified: parsed?.kind === 'instant' ? parsed.iso : undefined,
    },
  })
}

export const programsSystemProfiler: ArtifactParser = {
  ...programsSystemProfilerClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx)
    if (text.trimStart().startsWith('{')) return parseJson(text, ctx)
    const problem = xmlProblem(text)
    if (declaresEntities(text)) ctx.warn('the document declares DTD entities; they are not expanded')
    if (!problem) {
      const root = parsePlistXml(text, (m) => ctx.warn(m)).find((n) => tagOf(n) === 'plist')
      const top = root ? childElements(root)[0] : undefined
      const v = top ? plistValue(top) : undefined
      const sections = Array.isArray(v) ? v : isDict(v) ? [v] : []
      const apps = sections.filter(isDict).find((d) => d._dataType === 'SPApplicationsDataType')
      const items = apps && Array.isArray(apps._items) ? apps._items : []
      // raw per item: the item dicts in document order, cut from the text
      const itemsAt = text.search(/<key>_items<\/key>/)
      const rawSlices = itemsAt >= 0 ? sliceElements(text, 'dict', itemsAt).slices : []
      items.forEach((app, i) => {
        if (isDict(app)) emitApp(ctx, app, `record ${i + 1}`, rawSlices[i]?.text ?? JSON.stringify(app))
      })
      return
    }
    ctx.warn(`not well-formed XML (${problem}); reading the complete application dicts`)
    const itemsAt = text.search(/<key>_items<\/key>/)
    if (itemsAt < 0) return
    const {slices, truncated} = sliceElements(text, 'dict', itemsAt)
    if (truncated) ctx.warn('the last application dict is cut off (truncated file)')
    slices.forEach((s, i) => {
      const node = parsePlistXml(s.text, (m) => ctx.warn(`record ${i + 1}: ${m}`)).find((n) => tagOf(n) === 'dict')
      const v = node ? plistValue(node) : undefined
      if (isDict(v) && typeof v._name === 'string') emitApp(ctx, v, `record ${i + 1}`, s.text)
    })
  },
}

function parseJson(text: string, ctx: ParseContext): void {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    ctx.warn(`not valid JSON (${(error as Error).message}); reading the complete application objects`)
    // objects inside `{"SPApplicationsDataType": [ ... ]}` open at depth 3
    parseEach(completeObjectsAt(text, 3)).forEach(({value, text: t}, i) => {
      if (isDict(value)) emitApp(ctx, value as PDict, `record ${i + 1}`, t)
    })
    return
  }
  const items = isDict(doc) ? doc.SPApplicationsDataType : undefined
  if (!Array.isArray(items)) throw new Error('no SPApplicationsDataType array')
  items.forEach((app, i) => {
    if (isDict(app)) emitApp(ctx, app, `record ${i + 1}`, JSON.stringify(app))
  })
}
