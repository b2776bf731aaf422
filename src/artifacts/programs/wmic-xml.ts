// `wmic product get Name,Vendor,Version,InstallDate,... /format:rawxml`: the WMIC XML output
// schema (`<COMMAND><REQUEST>..</REQUEST><RESULTS NODE=".."><CIM><INSTANCE CLASSNAME=
// "Win32_Product"><PROPERTY NAME="Name" TYPE="string"><VALUE>AnyDesk</VALUE></PROPERTY>`...).
// A property without `<VALUE>` is NULL. Redirected from cmd it is usually UTF-16LE.
import {userFromPath} from '../../evidence/paths.js'
import type {ArtifactParser} from '../types.js'
import {programsWmicXmlClaim} from './claims.js'
import {toRow, windowsRecord, windowsShapeOf} from './columns.js'
import {emitProgram} from './record.js'
import {readListText} from './text-input.js'
import {attrOf, childElements, declaresEntities, parseXml, sliceElements, tagOf, textOf, xmlProblem} from './xml.js'

export const programsWmicXml: ArtifactParser = {
  ...programsWmicXmlClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx)
    const problem = xmlProblem(text)
    if (problem) ctx.warn(`not well-formed XML (${problem}); reading the complete INSTANCE elements`)
    if (declaresEntities(text)) ctx.warn('the document declares DTD entities; they are not expanded')
    const node = /<RESULTS\s[^>]*NODE="([^"]*)"/.exec(text)?.[1]
    const {slices, truncated} = sliceElements(text, 'INSTANCE')
    if (truncated) ctx.warn('the last INSTANCE element is cut off (truncated file)')
    const pathUser = userFromPath(input.info.logicalPath)
    slices.forEach((s, i) => {
      let inst
      try {
        inst = parseXml(s.text).find((n) => tagOf(n) === 'INSTANCE')
      } catch (error) {
        ctx.warn(`record ${i + 1} (line ${s.line}): ${(error as Error).message}`)
        return
      }
      if (!inst) return
      const cls = attrOf(inst, 'CLASSNAME')
      if (cls && !/^Win32_(?:Product|InstalledWin32Program|InstalledStoreProgram)$/i.test(cls)) return
      const props: Record<string, string> = {}
      for (const p of childElements(inst, 'PROPERTY')) {
        const name = attrOf(p, 'NAME')
        const value = childElements(p, 'VALUE')[0]
        if (name && value) props[name] = textOf(value)
      }
      if (node && !props.Node) props.Node = node
      const row = toRow(props)
      const shape = windowsShapeOf(new Set(Object.keys(row))) ?? 'win32_product'
      emitProgram(ctx, windowsRecord(row, shape, 'wmic-rawxml', `line ${s.line}`, s.text, pathUser))
    })
  },
}
