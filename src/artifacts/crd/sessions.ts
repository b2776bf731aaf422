// Chrome Remote Desktop session assembly (reference §2.1 "Observed"): one session per client
// JID `<email>/chromoting_ftl_<uuid>` from its connect to its disconnect. Event 4 / "Channel IP"
// lines repeat for every channel, so they only decorate a session (route, remote and host
// addresses) and never count one. A disconnect goes missing when the host process dies: a
// change of process ID closes the old process's open sessions without inventing an end.
import type {Fields, FieldValue, ParsedEvent, TimeBasis, TimelineEvent} from '../../lib/model.js'
import {durationSeconds, timeSortKey} from '../../lib/time.js'
import {cleanFields} from '../common.js'
import type {ParseContext} from '../types.js'
import {addressOf, splitJid, type CrdMessageKind} from './messages.js'

export const TOOL = 'chrome_remote_desktop'
const MAX_RAW_PARTS = 8

export interface CrdObs {
  /** `seen`: no event of its own; only its process ID and time take part in assembly. */
  kind: CrdMessageKind | 'seen'
  time: string | null
  timeBasis: TimeBasis
  timePrecision?: TimelineEvent['timePrecision']
  subject?: string
  remote?: string
  hostAddr?: string
  channel?: string
  route?: string
  /** Host process ID; a change closes the previous process's sessions as "end not recorded". */
  pid?: string
  location: string
  raw: string
  /** Source-specific fields carried onto the events (computer, record_id, year_source …). */
  fields?: Record<string, FieldValue | undefined>
}

interface Session {
  jid: string
  start: CrdObs
  routes: CrdObs[]
  end?: CrdObs
  /** Why the end is unknown, when it is. */
  lost?: string
}

export class CrdAssembler {
  private obs: CrdObs[] = []
  /** Events of one `finish`, keyed by their observation's place in time order, emitted sorted. */
  private out: Array<{rank: number; seq: number; e: ParsedEvent}> = []
  private rank = new Map<CrdObs, number>()

  constructor(
    private readonly ctx: ParseContext,
    /** Where the observations come from, for messages ("Windows Application log", "syslog"). */
    private readonly source: string,
    private readonly base: Record<string, FieldValue | undefined> = {},
    /**
     * One host process at a time (the Windows `chromoting` service): any process-ID change means
     * the host restarted. Otherwise (a Linux syslog may hold several users' hosts) only a
     * "Host started" from a new process of the same owner closes the old process's sessions.
     */
    private readonly singleHost = true,
  ) {}

  add(o: CrdObs): void {
    this.obs.push(o)
  }

  private emit(type: string, desc: string, o: CrdObs, message: string, fields: Record<string, FieldValue | undefined>, raw?: string): void {
    const e: ParsedEvent = {
      time: o.time, timeBasis: o.timeBasis, type, timestampDesc: desc, location: o.location, message,
      fields: cleanFields({tool: TOOL, ...this.base, ...o.fields, ...fields}), raw: raw ?? o.raw,
    }
    if (o.timePrecision) e.timePrecision = o.timePrecision
    this.out.push({rank: this.rank.get(o) ?? Number.MAX_SAFE_INTEGER, seq: this.out.length, e})
  }

  /** Sorts by time (exports can be newest-first), assembles and emits everything. */
  finish(): void {
    const list = this.obs.map((o, i) => ({o, i, k: timeSortKey(o.time)}))
    list.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    this.obs = []
    list.forEach(({o}, i) => this.rank.set(o, i))
    const open = new Map<string, Session>()
    const pendingRoutes = new Map<string, CrdObs[]>()
    const routeSeen = new Set<string>()
    let lastPid: string | undefined
    const ownerByPid = new Map<string, string>()
    const closeLost = (s: Session, why: string) => {
      s.lost = why
      open.delete(s.jid)
      this.emitSession(s)
    }
    for (const {o} of list) {
      if (o.pid !== undefined && this.singleHost) {
        if (lastPid !== undefined && o.pid !== lastPid) {
          for (const s of [...open.values()]) {
            if (s.start.pid === lastPid) closeLost(s, `host process ${lastPid} was replaced by ${o.pid} before a disconnect was logged`)
          }
        }
        lastPid = o.pid
      } else if (o.pid !== undefined && o.kind === 'host_started') {
        for (const s of [...open.values()]) {
          const p = s.start.pid
          if (p === undefined || p === o.pid) continue
          const owner = ownerByPid.get(p)
          if (owner === undefined || owner === o.subject) closeLost(s, `host process ${p} was replaced by ${o.pid} before a disconnect was logged`)
        }
        ownerByPid.set(o.pid, o.subject ?? '')
      }
      const jid = o.subject ?? ''
      switch (o.kind) {
        case 'connect': {
          const prev = open.get(jid)
          if (prev) closeLost(prev, 'a new connect of the same client JID came before a disconnect')
          const s: Session = {jid, start: o, routes: pendingRoutes.get(jid) ?? []}
          pendingRoutes.delete(jid)
          open.set(jid, s)
          break
        }
        case 'disconnect': {
          const s = open.get(jid)
          if (s) {
            s.end = o
            open.delete(jid)
            this.emitSession(s)
          } else {
            const j = splitJid(jid)
            this.emit('remote_access.session_end', 'Session end', o,
              `Chrome Remote Desktop client ${jid} disconnected (no connect for this client in the ${this.source})`,
              {client: jid, email: j.email, client_resource: j.resource, pid: o.pid})
          }
          break
        }
        case 'route': {
          const s = open.get(jid)
          if (s) s.routes.push(o)
          else {
            const p = pendingRoutes.get(jid) ?? []
            if (p.length < 64) p.push(o)
            pendingRoutes.set(jid, p)
          }
          const key = [jid, o.remote, o.hostAddr, o.route].join('\0')
          if (!routeSeen.has(key)) {
            routeSeen.add(key)
            const r = addressOf(o.remote)
            const h = addressOf(o.hostAddr)
            const j = splitJid(jid)
            this.emit('remote_access.connection_route', 'Channel route', o,
              `Chrome Remote Desktop channel for ${jid}: ${o.route || 'unknown'} route, client address ${o.remote || 'unknown'}, host (local) address ${o.hostAddr || 'unknown'}`,
              {
                client: jid, email: j.email, client_resource: j.resource, route: o.route, channel: o.channel,
                remote_ip: r.ip, remote_port: r.port, host_ip: h.ip, host_port: h.port, pid: o.pid,
              })
          }
          break
        }
        case 'denied': {
          const j = splitJid(jid)
          this.emit('remote_access.access_denied', 'Access denied', o, `Chrome Remote Desktop denied access to client ${jid}`,
            {client: jid, email: j.email, client_resource: j.resource, pid: o.pid})
          break
        }
        case 'host_started':
          this.emit('remote_access.process_start', 'Host started', o, `Chrome Remote Desktop host started for ${o.subject}`,
            {email: o.subject, pid: o.pid})
          break
        case 'seen':
          break
      }
    }
    const rest = [...open.values()].sort((a, b) => timeSortKey(a.start.time).localeCompare(timeSortKey(b.start.time)))
    for (const s of rest) this.emitSession(s)
    // same order as the source: a session's start comes before its channel routes
    this.out.sort((a, b) => a.rank - b.rank || a.seq - b.seq)
    for (const x of this.out) this.ctx.emit(x.e)
    this.out = []
    this.rank.clear()
  }

  private emitSession(s: Session): void {
    const j = splitJid(s.jid)
    const routes = [...new Set(s.routes.map((r) => r.route).filter((x): x is string => !!x))]
    const channels = [...new Set(s.routes.map((r) => r.channel).filter((x): x is string => !!x))]
    const remote = s.routes.map((r) => addressOf(r.remote)).find((a) => a.ip)
    const host = s.routes.map((r) => addressOf(r.hostAddr)).find((a) => a.ip)
    const dur = s.end?.time && s.start.time ? durationSeconds(s.start.time, s.end.time) : undefined
    const parts = [s.start, ...s.routes.slice(0, MAX_RAW_PARTS - 2), ...(s.end ? [s.end] : [])]
    const raw = parts.map((p) => `${p.location}: ${p.raw}`).join('\n')
    // the host only logs clients that connect to it: every session here drove this machine from elsewhere
    const common: Fields = cleanFields({
      direction: 'incoming', client: s.jid, email: j.email, client_resource: j.resource, route: routes.join(',') || undefined,
      remote_ip: remote?.ip, remote_port: remote?.port, host_ip: host?.ip, host_port: host?.port,
    })
    const where = [remote?.ip ? `from ${remote.ip}` : undefined, routes.length ? `via ${routes.join('/')}` : undefined,
      host?.ip ? `host address ${host.ip}${host.port ? `:${host.port}` : ''}` : undefined].filter(Boolean).join(', ')
    const tail = dur !== undefined ? `, ${dur} s` : s.lost ? `, end not recorded (${s.lost})` : ', end not recorded'
    this.emit('remote_access.session_start', 'Session start', s.start,
      `Chrome Remote Desktop session by ${j.email ?? s.jid}${where ? ` (${where})` : ''}${tail}`,
      {
        ...common, channels: channels.join(',') || undefined, pid: s.start.pid,
        end_time: s.end?.time ?? undefined, duration_s: dur, end_missing: s.end ? undefined : true, end_note: s.lost,
      }, raw)
    if (s.end) {
      this.emit('remote_access.session_end', 'Session end', s.end,
        `Chrome Remote Desktop session by ${j.email ?? s.jid} ended${dur !== undefined ? ` after ${dur} s` : ''}`,
        {...common, start_time: s.start.time ?? undefined, duration_s: dur, pid: s.end.pid})
    }
  }
}
