// "Did you mean" for mistyped flags and commands: the closest known name by edit distance,
// when it is close enough to be a typo rather than a different word.

/** Levenshtein distance (insert, delete, substitute; a swap of neighbours counts 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => [i, ...new Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
    }
  }
  return d[a.length]![b.length]!
}

/** The nearest candidate within a third of the word's length (at least 2 edits), or a prefix match. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase())
    if (d < bestD) [best, bestD] = [c, d]
  }
  const core = w.replace(/^-+/, '')
  if (best !== undefined && bestD <= Math.max(2, Math.floor(core.length / 3))) return best
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(w) && core.length >= 2)
  return prefixed.length === 1 ? prefixed[0] : undefined
}
