// Chrome Remote Desktop in the Windows Application log: provider `chromoting`, event IDs 1-6
// (reference §2.1 table; EventData order from host_event_logger_win.cc). Works on every export
// form the windows-events reader understands; TimeCreated is UTC.
import type {WinEventHandler, WinEventHandlerFactory} from '../windows-events/handler.js'
import type {WinEventRecord} from '../windows-events/record.js'
import {cleanFields} from '../common.js'
import {parseCrdMessage, type CrdMessageKind} from './messages.js'
import {CrdAssembler, TOOL, type CrdObs} from './sessions.js'

const KIND_BY_ID: Record<number, CrdMessageKind> = {1: 'connect', 2: 'disconnect', 3: 'denied', 4: 'route', 5: 'host_started'}

/** Event 4's five values; EvtxECmd may hand unnamed data over as one ", "-joined string (derived). */
function routeValues(data: string[]): string[] {
  if (data.length === 1 && data[0]!.split(', ').length === 5) return data[0]!.split(', ')
  return data
}

export const crdEventHandler: WinEventHandlerFactory = (ctx): WinEventHandler => {
  const asm = new CrdAssembler(ctx, 'Windows Application log', {log_source: 'Application event log'}, true)
  return {
    acceptsProvider: (name) => name.toLowerCase() === 'chromoting',
    accepts: (r) => r.provider.toLowerCase() === 'chromoting',
    handle(r: WinEventRecord) {
      const pid = r.processId !== undefined ? String(r.processId) : undefined
      const fields = {computer: r.computer, record_id: r.recordId, event_id: r.eventId ?? undefined}
      const base = {time: r.timeCreated, timeBasis: 'utc' as const, pid, location: r.location, raw: r.raw, fields}
      const id = r.eventId ?? -1
      if (id === 6) {
        // [message, `pid: N`, `tid: N`, SEVERITY, `file.cc(line)`, local `yyyy-MM-dd - HH:mm:ss.SSS`] (§2.1)
        const [msg = r.message ?? '', hpid, tid, sev, file, local] = r.data
        asm.add({...base, kind: 'seen'})
        ctx.emit({
          time: r.timeCreated, timeBasis: 'utc', type: 'remote_access.host_log', timestampDesc: 'Host log line',
          location: r.location, message: `Chrome Remote Desktop host log: ${msg}`.slice(0, 500), raw: r.raw,
          fields: cleanFields({
            tool: TOOL, ...fields, log_source: 'Application event log', pid, severity: sev,
            source_file: file, log_pid: hpid?.replace(/^pid:\s*/, ''), log_tid: tid?.replace(/^tid:\s*/, ''), host_local_time: local,
          }),
        })
        return
      }
      const kind = KIND_BY_ID[id]
      if (!kind) {
        asm.add({...base, kind: 'seen'})
        return
      }
      const obs: CrdObs = {...base, kind}
      if (kind === 'route') {
        const v = routeValues(r.data)
        if (v.length >= 5) Object.assign(obs, {subject: v[0], remote: v[1], hostAddr: v[2], channel: v[3], route: v[4]})
      } else if (r.data.length >= 1 && r.data[0]) obs.subject = r.data[0].trim()
      if (!obs.subject && r.message) {
        // forms without EventData (a CLIXML export at low depth): the rendered message (§2.1 templates)
        const m = parseCrdMessage(r.message)
        if (m && m.kind === kind) Object.assign(obs, {subject: m.subject, remote: m.remote, hostAddr: m.hostAddr, channel: m.channel, route: m.route})
      }
      if (!obs.subject) {
        ctx.warn(`${r.location}: chromoting event ${id} without its EventData values; not used`)
        asm.add({...base, kind: 'seen'})
        return
      }
      asm.add(obs)
    },
    finish: () => asm.finish(),
  }
}
