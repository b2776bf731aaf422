// Remote Desktop in the event logs (reference §2.3): Security 4624 logon type 10 and 4778/4779
// (client name and address), TerminalServices LocalSessionManager 21/24/25, RemoteConnectionManager
// 1149, and RdpCoreTS 104 (the time zone the RDP *client* reports: evidence for time-of-activity).
// `source_scope` tells loopback (tunnelled RDP, seen in the corpus), private and public sources.
import type {ParsedEvent} from '../../lib/model.js'
import {cleanFields} from '../common.js'
import type {WinEventHandler, WinEventHandlerFactory} from './handler.js'
import {addressScope, named, present} from './fields.js'
import {evtxFields, type WinEventRecord} from './record.js'

const SECURITY = 'Microsoft-Windows-Security-Auditing'
const LSM = 'Microsoft-Windows-TerminalServices-LocalSessionManager'
const RCM = 'Microsoft-Windows-TerminalServices-RemoteConnectionManager'
const CORE = 'Microsoft-Windows-RemoteDesktopServices-RdpCoreTS'
const PROVIDERS = new Set([SECURITY, LSM, RCM, CORE])

const WANTED: Record<string, number[]> = {[SECURITY]: [4624, 4778, 4779], [LSM]: [21, 24, 25], [RCM]: [1149], [CORE]: [104]}

/** A value by name or, in records without names, by position. */
function val(r: WinEventRecord, name: string, pos?: number): string | undefined {
  const v = named(r, name)
  if (v !== undefined) return present(v)
  return pos !== undefined && r.dataNames.every((n) => n === null) ? present(r.data[pos]) : undefined
}

/** An address field: `LOCAL` and placeholders are no address. */
function ipOf(v: string | undefined): string | undefined {
  return v && addressScope(v) ? v : undefined
}

export const rdpHandler: WinEventHandlerFactory = (ctx): WinEventHandler => {
  const emit = (r: WinEventRecord, type: string, desc: string, message: string, fields: Record<string, string | number | boolean | undefined>) => {
    const ip = typeof fields.remote_ip === 'string' ? fields.remote_ip : undefined
    const e: ParsedEvent = {
      time: r.timeCreated, timeBasis: 'utc', type, timestampDesc: desc, location: r.location, message: message.slice(0, 500), raw: r.raw,
      fields: cleanFields({
        tool: 'rdp', ...fields, source_scope: addressScope(ip), computer: r.computer, record_id: r.recordId, event_id: r.eventId ?? undefined,
        channel: r.channel, ...evtxFields(r),
      }),
    }
    ctx.emit(e)
  }
  return {
    acceptsProvider: (name) => PROVIDERS.has(name),
    accepts: (r) => WANTED[r.provider]?.includes(r.eventId ?? -1) ?? false,
    handle(r) {
      const id = r.eventId
      if (r.provider === SECURITY && id === 4624) {
        const logonType = val(r, 'LogonType', 8)
        if (logonType !== '10') return
        const user = val(r, 'TargetUserName', 5)
        const ip = ipOf(val(r, 'IpAddress', 18))
        emit(r, 'remote_access.login', 'RDP logon (4624 type 10)', `RDP logon of ${user ?? '?'}${ip ? ` from ${ip}` : ''}`, {
          direction: 'incoming', user, domain: val(r, 'TargetDomainName', 6), logon_type: 10, logon_id: val(r, 'TargetLogonId', 7),
          remote_ip: ip, remote_port: val(r, 'IpPort', 19), workstation: val(r, 'WorkstationName', 11), source: 'Security 4624',
        })
      } else if (r.provider === SECURITY && (id === 4778 || id === 4779)) {
        const user = val(r, 'AccountName', 0)
        const client = val(r, 'ClientName', 4)
        const ip = ipOf(val(r, 'ClientAddress', 5))
        const start = id === 4778
        emit(r, start ? 'remote_access.session_start' : 'remote_access.session_end', start ? 'RDP session reconnected (4778)' : 'RDP session disconnected (4779)',
          `RDP session of ${user ?? '?'} ${start ? 'reconnected from' : 'disconnected from'} ${client ?? '?'}${ip ? ` (${ip})` : ''}`, {
            direction: 'incoming', user, domain: val(r, 'AccountDomain', 1), logon_id: val(r, 'LogonID', 2), session_name: val(r, 'SessionName', 3),
            client_name: client, remote_ip: ip, source: `Security ${id}`,
          })
      } else if (r.provider === LSM) {
        const user = val(r, 'User', 0)
        const address = val(r, 'Address', 2)
        const ip = ipOf(address)
        const what = id === 21 ? 'logon' : id === 24 ? 'disconnected' : 'reconnected'
        emit(r, id === 24 ? 'remote_access.session_end' : 'remote_access.session_start', `RDP session ${what} (LocalSessionManager ${id})`,
          `Remote Desktop session ${what}: ${user ?? '?'}${address ? ` from ${address}` : ''}`, {
            direction: 'incoming', user, session_id: val(r, 'SessionID', 1), remote_ip: ip, address: ip ? undefined : address, source: `LocalSessionManager ${id}`,
          })
      } else if (r.provider === RCM) {
        const user = val(r, 'Param1', 0)
        const ip = ipOf(val(r, 'Param3', 2))
        emit(r, 'remote_access.login', 'RDP authentication succeeded (1149)', `RDP user authentication succeeded: ${user ?? '?'}${ip ? ` from ${ip}` : ''}`, {
          direction: 'incoming', user, domain: val(r, 'Param2', 1), remote_ip: ip, source: 'RemoteConnectionManager 1149',
        })
      } else if (r.provider === CORE) {
        const raw = val(r, 'TimezoneBiasHour', 0)
        const m = raw ? /^\[?\s*(-?\d{1,3})\s*\]?$/.exec(raw) : null
        const bias = m ? Number(m[1]) : undefined
        // MS-RDPBCGR TS_TIME_ZONE_INFORMATION: UTC = local time + bias, so the offset is -bias (derived)
        const offset = bias !== undefined && Math.abs(bias) <= 14 ? (bias === 0 ? 0 : -bias) : undefined
        emit(r, 'rdp.client_time_zone', 'RDP client time zone (RdpCoreTS 104)',
          `RDP client reported a time-zone bias of ${raw ?? '?'} h${offset !== undefined ? ` (UTC${offset >= 0 ? '+' : ''}${offset})` : ''}`, {
            timezone_bias_hours_raw: raw, timezone_bias_hours: bias, client_utc_offset_h: offset, source: 'RdpCoreTS 104',
          })
      }
    },
    finish() {},
  }
}
