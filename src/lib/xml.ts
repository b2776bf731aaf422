// One place for how evidence XML is parsed: fast-xml-parser with entity processing off (no DTD
// or entity expansion, so billion-laughs documents stay inert) and values kept as written.
import {XMLParser, type X2jOptions} from 'fast-xml-parser'

export function evidenceXmlParser(options: Partial<X2jOptions> = {}): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ...options,
  })
}
