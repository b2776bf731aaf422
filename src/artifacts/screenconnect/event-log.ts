// ScreenConnect (ConnectWise Control) client events in the Windows Application log: provider
// `ScreenConnect Client (<hex>)` (Sigma matches `ScreenConnect`). The IDs differ by version
// (100/101/200/201, 0 in older ones), so events are recognised by their message text
// (reference §3 ScreenConnect row): `Cloud Account Administrator Connected` / `… Disconnected`,
// `Executed command of length: N`, `Transferred files with action 'Transfer': <files>`.
// The message is the first EventData value (a .NET WriteEntry source) or the rendered Message.
import {durationSeconds} from '../../lib/time.js'
import {cleanFields} from '../common.js'
import {detachedWinEvent} from '../windows-events/evtx-record.js'
import type {WinEventHandler, WinEventHandlerFactory} from '../windows-events/handler.js'
import type {WinEventRecord} from '../windows-events/record.js'

const TOOL = 'screenconnect'
const CONNECTED = /^(.+?) (Connected|Disconnected)\b/
const COMMAND = /^Executed command of length: (\d+)/
const TRANSFER = /^Transferred files with action '([^']*)':\s*([\s\S]*)$/

function messageOf(r: WinEventRecord): string {
  return (r.data.find((d) => d.trim() !== '') ?? r.message ?? '').replace(/\r\n/g, '\n').trim()
}

/** Files listed after "Transferred files …:" up to the first blank line or "Version:" trailer. */
function filesOf(rest: string): string[] {
  const out: string[] = []
  for (const l of rest.split('\n')) {
    const t = l.trim()
    if (t === '') {
      if (out.length) break
      continue
    }
    if (/^Version:/i.test(t)) break
    out.push(t)
    if (out.length >= 200) break
  }
  return out
}

interface Open {
  r: WinEventRecord
  who: string
}

export const screenConnectEventHandler: WinEventHandlerFactory = (ctx): WinEventHandler => {
  const records: WinEventRecord[] = []
  return {
    acceptsProvider: (name) => /^ScreenConnect/i.test(name),
    accepts: (r) => /^ScreenConnect/i.test(r.provider),
    handle: (r) => {
      // held until finish: a raw .evtx record is detached so it does not keep its chunk alive
      if (records.length < 1_000_000) records.push(detachedWinEvent(r))
    },
    finish() {
      // exports may be newest-first: assemble in time order
      const sorted = records.map((r, i) => ({r, i})).sort((a, b) => {
        const x = a.r.timeCreated ?? '~'
        const y = b.r.timeCreated ?? '~'
        return x < y ? -1 : x > y ? 1 : a.i - b.i
      })
      const open = new Map<string, Open>()
      // the client's log: every session, command and transfer came from the relay's side (incoming, RA-16)
      const base = (r: WinEventRecord) => ({
        tool: TOOL, direction: 'incoming', instance: /\(([0-9a-f]+)\)/i.exec(r.provider)?.[1], provider: r.provider, computer: r.computer,
        record_id: r.recordId, event_id: r.eventId ?? undefined, pid: r.processId,
      })
      const emit = (r: WinEventRecord, type: string, desc: string, message: string, fields: Record<string, string | number | boolean | undefined>, raw?: string) =>
        ctx.emit({
          time: r.timeCreated, timeBasis: 'utc', type, timestampDesc: desc, location: r.location, message,
          fields: cleanFields({...base(r), ...fields}), raw: raw ?? r.raw,
        })
      const emitSession = (o: Open, end?: WinEventRecord) => {
        const dur = end?.timeCreated && o.r.timeCreated ? durationSeconds(o.r.timeCreated, end.timeCreated) : undefined
        emit(o.r, 'remote_access.session_start', 'Session start',
          `ScreenConnect session by ${o.who}${dur !== undefined ? `, ${dur} s` : ', end not recorded'}`,
          {client: o.who, end_time: end?.timeCreated ?? undefined, duration_s: dur, end_missing: end ? undefined : true},
          end ? `${o.r.location}: ${o.r.raw}\n${end.location}: ${end.raw}` : undefined)
        if (end) emit(end, 'remote_access.session_end', 'Session end', `ScreenConnect session by ${o.who} ended${dur !== undefined ? ` after ${dur} s` : ''}`,
          {client: o.who, start_time: o.r.timeCreated ?? undefined, duration_s: dur})
      }
      for (const {r} of sorted) {
        const msg = messageOf(r)
        let m: RegExpExecArray | null
        if ((m = CONNECTED.exec(msg))) {
          const who = m[1]!.trim()
          const key = `${r.provider}\0${who}`
          if (m[2] === 'Connected') {
            const prev = open.get(key)
            if (prev) emitSession(prev)
            open.set(key, {r, who})
          } else {
            const o = open.get(key)
            if (o) {
              open.delete(key)
              emitSession(o, r)
            } else emit(r, 'remote_access.session_end', 'Session end', `ScreenConnect: ${who} disconnected (no connect in this export)`, {client: who})
          }
        } else if ((m = COMMAND.exec(msg))) {
          emit(r, 'remote_access.command', 'Command executed', `ScreenConnect executed a command of ${m[1]} characters`, {command_length: Number(m[1])})
        } else if ((m = TRANSFER.exec(msg))) {
          const files = filesOf(m[2]!)
          emit(r, 'remote_access.file_transfer', 'File transfer',
            `ScreenConnect transferred ${files.length} file(s) (action ${m[1]}): ${files.join(', ')}`.slice(0, 500),
            {action: m[1], files: files.join('\n'), file_count: files.length})
        }
      }
      for (const o of open.values()) emitSession(o)
    },
  }
}
