// RFC 4180 CSV as PowerShell Export-Csv, Velociraptor, RECmd and osquery write it: fields in
// double quotes where needed, `""` for a quote, line breaks allowed inside quoted fields.

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  line: number
  fields: string[]
  /** The record's source text (for `raw`). */
  text: string
  /** The text ended inside a quoted field (truncated file). */
  unterminated?: boolean
}

/** Splits CSV text into records; bounded by the text length (one pass). */
export function parseCsv(text: string, delimiter = ','): CsvRow[] {
  const rows: CsvRow[] = []
  let i = 0
  let line = 1
  const n = text.length
  while (i < n) {
    const startLine = line
    const start = i
    const fields: string[] = []
    let field = ''
    let inQuotes = false
    let quotedOnce = false
    for (; i < n; i++) {
      const c = text[i]!
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i++
          } else inQuotes = false
        } else {
          if (c === '\n') line++
          field += c
        }
        continue
      }
      if (c === '"' && !quotedOnce && field === '') {
        inQuotes = true
        quotedOnce = true
      } else if (c === delimiter) {
        fields.push(field)
        field = ''
        quotedOnce = false
      } else if (c === '\n' || c === '\r') {
        break
      } else field += c
    }
    fields.push(field)
    const end = i
    // consume the line break (CRLF, LF, or wmic's CR CR LF)
    while (i < n && text[i] === '\r') i++
    if (i < n && text[i] === '\n') i++
    line++
    const row: CsvRow = {line: startLine, fields, text: text.slice(start, end)}
    if (inQuotes) row.unterminated = true
    rows.push(row)
  }
  return rows
}

/** Header names to lower-case keys, so `DisplayName` and `displayname` read the same. */
export function rowObject(header: string[], fields: string[]): Record<string, string> {
  const o: Record<string, string> = {}
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase()
    if (k !== '' && !(k in o)) o[k] = fields[i] ?? ''
  })
  return o
}
