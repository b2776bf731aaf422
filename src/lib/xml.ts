// One place for how evidence XML is parsed: fast-xml-parser with entity processing off (no DTD
// or entity expansion, so billion-laughs documents stay inert) and values kept as written.
// The library (its CommonJS build, one file) is loaded on the first document parsed or validated,
// not when a parser module is imported: a scan without XML evidence never loads it (#17 start-up;
// the ESM build is ~40 modules, 285 kB).
import type {ValidationError, X2jOptions, XMLParser, XMLValidator} from 'fast-xml-parser'

import {lazyRequire} from '../core/lazy-require.js'

const library = lazyRequire<{XMLParser: typeof XMLParser; XMLValidator: typeof XMLValidator}>('fast-xml-parser')

/** An XML parser with the evidence options (plus `options`), built on its first `parse`. */
export function evidenceXmlParser(options: Partial<X2jOptions> = {}): {parse(xml: string): unknown} {
  let parser: XMLParser | undefined
  return {
    parse: (xml) => (parser ??= new (library().XMLParser)({
      ignoreAttributes: false,
      processEntities: false,
      htmlEntities: false,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      ...options,
    })).parse(xml),
  }
}

/** fast-xml-parser's `XMLValidator.validate`: true, or the first well-formedness error. */
export function validateXml(xml: string): true | ValidationError {
  return library().XMLValidator.validate(xml)
}
