// Builds Windows event-log exports of the same events in every form responders hold, byte for
// byte as the tools write them. No captured chromoting export exists (reference §5), so:
// - wevtutil XML follows the derived shape of reference §2.1 (single-quoted attributes, xmlns,
//   `EventID Qualifiers='16384'`, Level 4, Task 1, Keywords 0x80000000000000, `<Data>` without
//   Name); ID 3 has Qualifiers 49152 and Level 2 (§2.1 "For ID 3 …");
// - Get-WinEvent `ToXml()` is the same element with double-quoted attributes, one per line;
// - Export-Clixml follows the PSSerializer format (MS-PSRP §2.2.5): `<Objs>`/`<Obj>` with
//   `<TN>`, `<Props>` typed members, `DT` with the exporting machine's offset, `_xHHHH_` escapes;
// - EvtxECmd CSV uses the 27-column header of current EvtxECmd output and its UTC time format
//   `yyyy-MM-dd HH:mm:ss.fffffff`; JSON lines use the EvtxECmd member names with
//   `TimeCreated` as `…+00:00` (as seen in published EvtxECmd --json output).
export interface EvSpec {
  provider: string
  id: number
  qualifiers?: number
  level: number
  /** SystemTime with 7 fraction digits and Z. */
  time: string
  recordId: number
  pid: number
  tid: number
  computer: string
  data: string[]
  names?: Array<string | undefined>
  task?: number
}

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function eventXml(e: EvSpec, q: "'" | '"'): string {
  const a = (k: string, v: string | number) => `${k}=${q}${v}${q}`
  const data = e.data.map((d, i) => (e.names?.[i] ? `<Data ${a('Name', e.names[i]!)}>${xmlEsc(d)}</Data>` : `<Data>${xmlEsc(d)}</Data>`)).join('')
  return `<Event ${a('xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event')}><System><Provider ${a('Name', e.provider)}/>` +
    `<EventID ${a('Qualifiers', e.qualifiers ?? 16384)}>${e.id}</EventID><Version>0</Version><Level>${e.level}</Level><Task>${e.task ?? 1}</Task>` +
    `<Opcode>0</Opcode><Keywords>0x80000000000000</Keywords><TimeCreated ${a('SystemTime', e.time)}/><EventRecordID>${e.recordId}</EventRecordID>` +
    `<Correlation/><Execution ${a('ProcessID', e.pid)} ${a('ThreadID', e.tid)}/><Channel>Application</Channel><Computer>${e.computer}</Computer>` +
    `<Security/></System><EventData>${data}</EventData></Event>`
}

/** `wevtutil qe Application /f:xml`: concatenated elements, no root, no declaration. */
export function wevtutilXml(events: EvSpec[], sep = ''): string {
  return events.map((e) => eventXml(e, "'")).join(sep) + sep
}

/** `Get-WinEvent … | % { $_.ToXml() }` written one event per line (CRLF). */
export function toXmlLines(events: EvSpec[]): string {
  return events.map((e) => eventXml(e, '"') + '\r\n').join('')
}

const cliEsc = (s: string) => xmlEsc(s).replace(/\r/g, '_x000D_').replace(/\n/g, '_x000A_')

/** SystemTime (UTC) as PowerShell serialises a local DateTime: shifted to `offsetMin` with its offset. */
export function dtLocal(systemTime: string, offsetMin: number): string {
  const m = /^(.*)T(.*)\.(\d{7})Z$/.exec(systemTime)!
  const ms = Date.parse(`${m[1]}T${m[2]}Z`) + offsetMin * 60000
  const d = new Date(ms).toISOString().slice(0, 19)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  return `${d}.${m[3]}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

export function clixml(events: EvSpec[], messages: string[], offsetMin = 120): string {
  let ref = 0
  const objs = events.map((e, i) => {
    const top = ref++
    const propsRef = ref++
    const items = e.data.map((d) => {
      const r = ref++
      return `<Obj RefId="${r}"><TN RefId="${r}"><T>System.Diagnostics.Eventing.Reader.EventProperty</T><T>System.Object</T></TN>` +
        `<ToString>System.Diagnostics.Eventing.Reader.EventProperty</ToString><Props><S N="Value">${cliEsc(d)}</S></Props></Obj>`
    }).join('')
    return `  <Obj RefId="${top}">\r\n    <TN RefId="${top}">\r\n      <T>System.Diagnostics.Eventing.Reader.EventLogRecord</T>\r\n` +
      `      <T>System.Diagnostics.Eventing.Reader.EventRecord</T>\r\n      <T>System.Object</T>\r\n    </TN>\r\n` +
      `    <ToString>System.Diagnostics.Eventing.Reader.EventLogRecord</ToString>\r\n    <Props>\r\n` +
      `      <I32 N="Id">${e.id}</I32>\r\n      <By N="Version">0</By>\r\n      <I32 N="Qualifiers">${e.qualifiers ?? 16384}</I32>\r\n` +
      `      <By N="Level">${e.level}</By>\r\n      <I32 N="Task">${e.task ?? 1}</I32>\r\n      <Nil N="Opcode" />\r\n` +
      `      <I64 N="Keywords">36028797018963968</I64>\r\n      <I64 N="RecordId">${e.recordId}</I64>\r\n` +
      `      <S N="ProviderName">${xmlEsc(e.provider)}</S>\r\n      <Nil N="ProviderId" />\r\n      <S N="LogName">Application</S>\r\n` +
      `      <I32 N="ProcessId">${e.pid}</I32>\r\n      <I32 N="ThreadId">${e.tid}</I32>\r\n      <S N="MachineName">${e.computer}</S>\r\n` +
      `      <Nil N="UserId" />\r\n      <DT N="TimeCreated">${dtLocal(e.time, offsetMin)}</DT>\r\n      <Nil N="ActivityId" />\r\n` +
      `      <Nil N="RelatedActivityId" />\r\n      <S N="ContainerLog">Application</S>\r\n` +
      `      <Obj N="MatchedQueryIds" RefId="${ref++}">\r\n        <TN RefId="${ref}">\r\n          <T>System.UInt32[]</T>\r\n          <T>System.Array</T>\r\n          <T>System.Object</T>\r\n        </TN>\r\n        <LST />\r\n      </Obj>\r\n` +
      `      <S N="LevelDisplayName">${e.level === 2 ? 'Error' : 'Information'}</S>\r\n` +
      `      <Obj N="Properties" RefId="${propsRef}">\r\n        <TN RefId="${propsRef}">\r\n          <T>System.Collections.Generic.List\`1[[System.Diagnostics.Eventing.Reader.EventProperty, System.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]</T>\r\n          <T>System.Object</T>\r\n        </TN>\r\n        <LST>${items}</LST>\r\n      </Obj>\r\n` +
      `      <S N="Message">${cliEsc(messages[i] ?? '')}</S>\r\n    </Props>\r\n  </Obj>\r\n`
  })
  return `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\r\n${objs.join('')}</Objs>`
}

export const EVTXECMD_HEADER =
  'RecordNumber,EventRecordId,TimeCreated,EventId,Level,Provider,Channel,ProcessId,ThreadId,Computer,ChunkNumber,UserId,MapDescription,UserName,RemoteHost,PayloadData1,PayloadData2,PayloadData3,PayloadData4,PayloadData5,PayloadData6,ExecutableInfo,HiddenRecord,SourceFile,Keywords,ExtraDataOffset,Payload'

const LEVEL_NAME: Record<number, string> = {2: 'Error', 3: 'Warning', 4: 'Info'}
const csvQ = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/** EvtxECmd `Payload`: Newtonsoft's XML-to-JSON of `<EventData>` (named → objects, unnamed → strings). */
export function payloadOf(e: EvSpec, joinUnnamed = false): string {
  const named = e.names?.some(Boolean)
  if (joinUnnamed && !named) return JSON.stringify({EventData: {Data: e.data.join(', ')}})
  const items = e.data.map((d, i) => (e.names?.[i] ? {'@Name': e.names[i], '#text': d} : d))
  return JSON.stringify({EventData: {Data: items.length === 1 ? items[0] : items}})
}

export function evtxecmdCsv(events: EvSpec[], opts: {joinUnnamed?: boolean} = {}): string {
  const rows = events.map((e) => [
    e.recordId, e.recordId, e.time.replace('T', ' ').replace('Z', ''), e.id, LEVEL_NAME[e.level] ?? String(e.level), e.provider,
    'Application', e.pid, e.tid, e.computer, 1, '', '', '', '', '', '', '', '', '', '', '', 'False',
    'C:\\Windows\\System32\\winevt\\Logs\\Application.evtx', 'Classic', 0, payloadOf(e, opts.joinUnnamed),
  ].map((v) => csvQ(String(v))).join(','))
  return '\uFEFF' + [EVTXECMD_HEADER, ...rows].join('\r\n') + '\r\n'
}

export function evtxecmdJson(events: EvSpec[]): string {
  return events.map((e) => JSON.stringify({
    PayloadData1: '', ChunkNumber: 1, Computer: e.computer, Payload: payloadOf(e), Channel: 'Application', Provider: e.provider,
    EventId: e.id, EventRecordId: String(e.recordId), ProcessId: e.pid, ThreadId: e.tid, Level: LEVEL_NAME[e.level] ?? String(e.level),
    Keywords: 'Classic', SourceFile: 'C:\\Windows\\System32\\winevt\\Logs\\Application.evtx', ExtraDataOffset: 0, HiddenRecord: false,
    TimeCreated: e.time.replace('Z', '+00:00'), RecordNumber: e.recordId,
  }) + '\r\n').join('')
}

/** UTF-16LE with BOM, as `wevtutil … > file` writes in PowerShell 5. */
export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
}
