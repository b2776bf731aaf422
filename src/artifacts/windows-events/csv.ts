// A small streaming RFC 4180 reader: quoted fields may hold commas, doubled quotes and line
// breaks (EvtxECmd's `Payload` column holds JSON with `""` escapes). Rows report the physical
// line they start on. Oversize fields are cut and reported so a hostile file cannot exhaust memory.
export interface CsvRow {
  line: number
  fields: string[]
  /** The row's source text (capped), for `raw`. */
  text: string
}

export async function* csvRows(
  chunks: AsyncIterable<string>,
  warn: (m: string) => void,
  maxRowChars = 4 * 1024 * 1024,
): AsyncGenerator<CsvRow> {
  let fields: string[] = []
  let field = ''
  let inQuotes = false
  let quotePending = false // saw `"` inside quotes: end of field or first half of `""`
  let line = 1
  let rowLine = 1
  let rowText = ''
  let rowLen = 0
  let overlong = false
  let any = false
  const endRow = (): CsvRow | undefined => {
    fields.push(field)
    const row = {line: rowLine, fields, text: rowText}
    if (overlong) warn(`row starting at line ${rowLine} is longer than ${maxRowChars} characters; cut`)
    fields = []
    field = ''
    rowText = ''
    rowLen = 0
    overlong = false
    any = false
    rowLine = line
    return row.fields.length === 1 && row.fields[0] === '' ? undefined : row
  }
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!
      if (rowLen < maxRowChars) {
        rowText += c
        rowLen++
      } else overlong = true
      any = true
      if (quotePending) {
        quotePending = false
        if (c === '"') {
          if (!overlong) field += '"'
          continue
        }
        inQuotes = false
      }
      if (inQuotes) {
        if (c === '"') quotePending = true
        else {
          if (c === '\n') line++
          if (!overlong) field += c
        }
        continue
      }
      if (c === '"' && field === '') {
        inQuotes = true
        continue
      }
      if (c === ',') {
        fields.push(field)
        field = ''
        continue
      }
      if (c === '\n') {
        line++
        if (field.endsWith('\r')) field = field.slice(0, -1)
        rowText = rowText.replace(/\r?\n$/, '')
        const r = endRow()
        if (r) yield r
        continue
      }
      if (!overlong) field += c
    }
  }
  if (inQuotes && !quotePending) warn(`row starting at line ${rowLine}: the file ends inside a quoted field (truncated file?)`)
  if (any) {
    if (field.endsWith('\r')) field = field.slice(0, -1)
    const r = endRow()
    if (r) yield r
  }
}
