// EvtxECmd (Eric Zimmerman; KAPE `EvtxECmd` module) output. CSV header, as written by current
// versions (27 columns): RecordNumber,EventRecordId,TimeCreated,EventId,Level,Provider,Channel,
// ProcessId,ThreadId,Computer,ChunkNumber,UserId,MapDescription,UserName,RemoteHost,
// PayloadData1..6,ExecutableInfo,HiddenRecord,SourceFile,Keywords,ExtraDataOffset,Payload.
// Older versions order the columns differently, so columns are found by header name.
// `TimeCreated` is UTC (`2016-10-06 01:47:21.9551972` in CSV, `…+00:00` in JSON). `Payload` is
// the record's EventData as JSON: `{"EventData":{"Data":[{"@Name":"x","#text":"v"},…]}}`
// (named data); unnamed legacy data comes as strings, and the `{"#text":[…]}` shape of
// evtx_dump is accepted too.
import {EVTXECMD_REQUIRED, isEvtxECmdHeader} from './export-form.js'
import {eventTimeToIso, intOf, levelOf, type WinEventRecord} from './record.js'

export {EVTXECMD_REQUIRED, isEvtxECmdHeader}

type Json = unknown

function str(v: Json): string {
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return ''
}

/** EventData values from a Payload JSON value (object or JSON text). */
export function dataFromPayload(payload: Json): {data: string[]; names: Array<string | null>; problem?: string} {
  const out = {data: [] as string[], names: [] as Array<string | null>}
  if (payload === undefined || payload === null || payload === '') return out
  let p: Json = payload
  if (typeof p === 'string') {
    try {
      p = JSON.parse(p)
    } catch {
      return {...out, problem: 'Payload is not valid JSON'}
    }
  }
  if (!p || typeof p !== 'object') return out
  const root = p as Record<string, Json>
  const ed = (root.EventData ?? root.UserData ?? (root.Event as Record<string, Json> | undefined)?.EventData) as Json
  if (!ed || typeof ed !== 'object') return out
  const d = (ed as Record<string, Json>).Data
  const push = (v: Json) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, Json>
      const t = o['#text']
      if (Array.isArray(t)) {
        for (const x of t) {
          out.data.push(str(x))
          out.names.push(null)
        }
        return
      }
      out.data.push(str(t))
      out.names.push(typeof o['@Name'] === 'string' ? (o['@Name'] as string) : null)
      return
    }
    out.data.push(str(v))
    out.names.push(null)
  }
  if (Array.isArray(d)) for (const v of d.slice(0, 1000)) push(v)
  else if (d !== undefined) push(d)
  return out
}

/** One EvtxECmd record (CSV row mapped by header, or a JSON line object) to a record. */
export function recordFromEvtxECmd(row: Record<string, Json>, location: string, raw: string): WinEventRecord | string {
  const provider = str(row.Provider)
  const {data, names, problem} = dataFromPayload(row.Payload)
  if (problem) return problem
  return {
    provider,
    eventId: intOf(row.EventId) ?? null,
    level: levelOf(row.Level),
    timeCreated: eventTimeToIso(str(row.TimeCreated)),
    computer: str(row.Computer) || undefined,
    channel: str(row.Channel) || undefined,
    processId: intOf(row.ProcessId),
    threadId: intOf(row.ThreadId),
    data,
    dataNames: names,
    recordId: str(row.EventRecordId) || undefined,
    location,
    raw,
  }
}
