// Complete objects out of a cut-off JSON document (a collection interrupted mid-write): scans
// brackets honouring strings and returns the `{...}` texts that open at the given nesting depth
// (1 = top level; objects inside a top-level array are at depth 2).
export function completeObjectsAt(text: string, depth: number): string[] {
  const out: string[] = []
  let d = 0
  let inStr = false
  let start = -1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (inStr) {
      if (c === '\\') i++
      else if (c === '"') inStr = false
      continue
    }
    if (c === '"') inStr = true
    else if (c === '{' || c === '[') {
      d++
      if (c === '{' && d === depth) start = i
    } else if (c === '}' || c === ']') {
      if (c === '}' && d === depth && start >= 0) {
        out.push(text.slice(start, i + 1))
        start = -1
      }
      d--
    }
  }
  return out
}

/** Parses each salvaged text; damaged ones are skipped (the caller has warned about the document). */
export function parseEach(texts: string[]): Array<{value: unknown; text: string}> {
  const out: Array<{value: unknown; text: string}> = []
  for (const text of texts) {
    try {
      out.push({value: JSON.parse(text), text})
    } catch {
      // skipped
    }
  }
  return out
}
