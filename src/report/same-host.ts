// "Same host, collected twice" notes for the writers (HTML, Markdown, terminal): one note per
// machine, from the first of its collections present in the report (a batch per-case report
// holds one). The strings are raw evidence: each writer escapes them its own way.
import type {Report, SameHostNote} from '../lib/model.js'

const LABELS: Record<string, string> = {
  'anydesk-id': 'AnyDesk local ID', 'teamviewer-id': 'TeamViewer local ID', 'crd-host-id': 'Chrome Remote Desktop host ID',
  'computer-name': 'computer name', 'anydesk-alias': 'AnyDesk alias', 'crd-host-name': 'Chrome Remote Desktop host name',
}

export function identityLabel(type: string): string {
  return LABELS[type] ?? type
}

export function sameHostNotes(report: Report): SameHostNote[] {
  const shown = new Set<string>()
  const out: SameHostNote[] = []
  for (const c of report.cases) {
    if (!c.sameHost || shown.has(c.id)) continue
    for (const id of c.sameHost.cases) shown.add(id)
    out.push(c.sameHost)
  }
  return out
}

/** "collected twice", "collected 3 times". */
export function collectedTimes(n: number): string {
  return n === 2 ? 'collected twice' : `collected ${n} times`
}
