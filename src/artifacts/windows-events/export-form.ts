// The form of a Windows event-log export, told from its first decoded text: what the export
// parser's sniff needs, apart from the readers (reader.ts) that stream the records.
export type ExportForm = 'event-xml' | 'clixml' | 'evtxecmd-csv' | 'evtxecmd-json'

const EVENT_NS = 'schemas.microsoft.com/win/2004/08/events/event'

export const EVTXECMD_REQUIRED = ['EventRecordId', 'TimeCreated', 'EventId', 'Provider'] as const

/** A CSV header row of EvtxECmd: the required columns are all present. */
export function isEvtxECmdHeader(fields: string[]): boolean {
  const set = new Set(fields.map((f) => f.trim()))
  return EVTXECMD_REQUIRED.every((c) => set.has(c)) && (set.has('Payload') || set.has('PayloadData1'))
}

/** The export form of a decoded head of text, or undefined when it is none of them. */
export function detectExportForm(text: string): ExportForm | undefined {
  const t = text.replace(/^\uFEFF/, '').trimStart()
  const firstLine = t.slice(0, 4096).split(/\r?\n/, 1)[0] ?? ''
  if (/^"?RecordNumber"?,|(^|,)"?EventRecordId"?,/.test(firstLine) && isEvtxECmdHeader(firstLine.split(',').map((f) => f.replace(/^"|"$/g, '')))) {
    return 'evtxecmd-csv'
  }
  if (firstLine.startsWith('{') && /"EventRecordId"\s*:/.test(firstLine) && /"Provider"\s*:/.test(firstLine) && /"EventId"\s*:/.test(firstLine)) {
    return 'evtxecmd-json'
  }
  if (/<Objs\b/.test(t.slice(0, 2048)) && /N="(?:ProviderName|TimeCreated)"|Eventing\.Reader\.EventLogRecord/.test(t)) return 'clixml'
  if (/<Event[\s>]/.test(t) && /<System[\s>]/.test(t) && /<Provider\b/.test(t) && (t.includes(EVENT_NS) || /<EventID\b/.test(t))) {
    return 'event-xml'
  }
  return undefined
}
