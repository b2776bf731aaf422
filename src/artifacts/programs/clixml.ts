// PowerShell `Export-Clixml` of Get-ItemProperty (Uninstall keys), Get-WmiObject/Get-CimInstance
// Win32_Product: `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">`
// with one `<Obj RefId="..">` per object, its note properties in `<MS>` and adapted properties
// in `<Props>` as typed elements carrying the property name in `N` (`<S N="DisplayName">`,
// `<I32 N="EstimatedSize">`, `<Nil N=".."/>`) ([MS-PSRP] §2.2.5 "Serialization"). Strings
// escape characters XML cannot hold as `_xHHHH_` ([MS-PSRP] string serialization).
import {userFromPath} from '../../evidence/paths.js'
import type {ArtifactParser} from '../types.js'
import {programsClixmlClaim} from './claims.js'
import {toRow, windowsRecord, windowsShapeOf} from './columns.js'
import {emitProgram} from './record.js'
import {readListText} from './text-input.js'
import {attrOf, childElements, declaresEntities, parseXml, sliceElements, tagOf, textOf, xmlProblem, type XmlNode} from './xml.js'

// [MS-PSRP] primitive-type elements that carry a single value.
const SCALARS = new Set(['S', 'I32', 'U32', 'I64', 'U64', 'I16', 'U16', 'By', 'SB', 'DT', 'B', 'G', 'Version', 'Db', 'Sg', 'D', 'C', 'URI'])

/** [MS-PSRP] string encoding: `_xHHHH_` stands for one UTF-16 code unit. */
export function decodeClixmlString(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
}

function propertiesOf(obj: XmlNode): Record<string, string> {
  const out: Record<string, string> = {}
  for (const group of childElements(obj)) {
    const g = tagOf(group)
    if (g !== 'MS' && g !== 'Props') continue
    for (const p of childElements(group)) {
      const t = tagOf(p)!
      const n = attrOf(p, 'N')
      if (!n || !SCALARS.has(t) || n in out) continue
      out[n] = t === 'S' ? decodeClixmlString(textOf(p)) : textOf(p)
    }
  }
  return out
}

export const programsClixml: ArtifactParser = {
  ...programsClixmlClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx)
    const problem = xmlProblem(text)
    if (problem) ctx.warn(`not well-formed XML (${problem}); reading the complete Obj elements`)
    if (declaresEntities(text)) ctx.warn('the document declares DTD entities; they are not expanded')
    const from = Math.max(0, text.search(/<Objs[\s>]/))
    const {slices, truncated} = sliceElements(text, 'Obj', from)
    if (truncated) ctx.warn('the last Obj element is cut off (truncated file)')
    const pathUser = userFromPath(input.info.logicalPath)
    slices.forEach((s, i) => {
      let obj
      try {
        obj = parseXml(s.text).find((n) => tagOf(n) === 'Obj')
      } catch (error) {
        ctx.warn(`record ${i + 1} (line ${s.line}): ${(error as Error).message}`)
        return
      }
      if (!obj) return
      const row = toRow(propertiesOf(obj))
      const shape = windowsShapeOf(new Set(Object.keys(row))) ?? ('displayname' in row ? 'powershell-arp' : 'win32_product')
      emitProgram(ctx, windowsRecord(row, shape, `clixml-${shape}`, `line ${s.line}`, s.text, pathUser))
    })
  },
}
