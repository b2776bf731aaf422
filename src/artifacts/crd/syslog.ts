// Chrome Remote Desktop host events in Linux syslog and journald exports (reference §2.2:
// host_event_logger_posix.cc logs with ident `chromoting`, facility LOG_USER, LOG_NOTICE).
// - `journalctl -o json` lines: `SYSLOG_IDENTIFIER`, `__REALTIME_TIMESTAMP` (µs since the epoch,
//   UTC), `MESSAGE` (a string, or an array of bytes when not UTF-8), `_PID`, `_HOSTNAME`;
// - classic syslog `Mon DD HH:MM:SS host chromoting[pid]: …` (local time, no year: the year comes
//   from the file's mtime and is flagged in `year_source`, reference §0 rule 5);
// - RFC 3339 syslog (`2024-02-17T23:37:32.123456+01:00 host chromoting[pid]: …`, rsyslog's
//   high-precision format, and `journalctl -o short-iso`'s `+0100`): exact.
// The same lines carry the kernel's USB enumeration messages (`kernel: usb 1-1: New USB device
// found, …`), read here too so one syslog file gives both (src/artifacts/usb/kernel-log.ts);
// kern.log and rotated names (`syslog.1`, `messages-20240601`, `kern.log.2.gz`) are syslog too.
import type {FieldValue} from '../../lib/model.js'
import {decodeBytesLossless, iterateRawLines} from '../../lib/text.js'
import {isoFromEpochMicros} from '../../lib/time.js'
import {zonelessTime, type EventTime} from '../common.js'
import {eventTimeToIso} from '../windows-events/record.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import type {TimelineEvent} from '../../lib/model.js'
import {withoutRotation} from '../rotation.js'
import {KERNEL_USB_MARK, UsbKernelAssembler} from '../usb/kernel-log.js'
import {parseCrdMessage} from './messages.js'
import {crdSyslogClaim, CLASSIC, MACOS, RFC3339} from './claims.js'
import {CrdAssembler} from './sessions.js'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
/** `log show --style ndjson` objects: one JSON object per line. */
function macosJson(o: Record<string, unknown>): {message: string; iso: string | null; pid?: string} | undefined {
  if (typeof o.eventMessage !== 'string' || typeof o.timestamp !== 'string') return undefined
  const proc = `${String(o.processImagePath ?? '')} ${String(o.senderImagePath ?? '')} ${String(o.subsystem ?? '')}`
  if (!/remoting_me2me_host|chromoting/.test(proc)) return undefined
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-]\d{2}):?(\d{2})$/.exec(o.timestamp)
  return {message: o.eventMessage, iso: m ? eventTimeToIso(`${m[1]}T${m[2]}${m[3]}:${m[4]}`) : null, pid: o.processID === undefined ? undefined : String(o.processID)}
}

/** `+0100` (journalctl short-iso) -> `+01:00`. */
const colonOffset = (t: string) => t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')

export const crdSyslog: ArtifactParser = {
  ...crdSyslogClaim,

  async parse(input, ctx: ParseContext) {
    const asm = new CrdAssembler(ctx, 'syslog', {}, false)
    const usb = new UsbKernelAssembler(ctx)
    const logName = withoutRotation(input.info.name)
    let noYearWarned = false
    let badJson = 0
    let firstBad: number | undefined
    const mtime = input.mtime
    const classicTime = (mon: number, day: number, h: number, mi: number, s: number, frac?: string): EventTime & {extra: Record<string, FieldValue>} => {
      if (!mtime) {
        if (!noYearWarned) {
          noYearWarned = true
          ctx.warn('syslog lines have no year and the file has no modification time; their times are left empty')
        }
        return {time: null, timeBasis: 'unknown', extra: {}}
      }
      let year = mtime.getUTCFullYear()
      // a month/day after the file's last write belongs to the previous year
      if (Date.UTC(year, mon - 1, day) > mtime.getTime() + 86_400_000) year--
      return {...zonelessTime({year, month: mon, day, hour: h, minute: mi, second: s, fraction: frac}, ctx.hostTz), extra: {year_source: 'file mtime'}}
    }
    const stream = await input.stream()
    try {
      for await (const {number, bytes} of iterateRawLines(stream, 4 * 1024 * 1024)) {
        // cheap prefilter: every line we want names the ident or the macOS host process
        if (bytes.indexOf('chromoting') === -1 && bytes.indexOf('remoting_me2me_host') === -1 && bytes.indexOf(KERNEL_USB_MARK) === -1) continue
        const text = decodeBytesLossless(bytes, ctx.text, number)
        const location = `line ${number}`
        if (text.startsWith('{') && text.includes('"eventMessage"')) {
          let o: Record<string, unknown> | undefined
          try {
            o = JSON.parse(text) as Record<string, unknown>
          } catch {
            badJson++
            firstBad ??= number
            continue
          }
          const mj = macosJson(o)
          if (mj) add(mj.message, {time: mj.iso, timeBasis: mj.iso ? 'local-converted' : 'unknown'}, 'microsecond', mj.pid, location, text, {log_source: 'macos unified log'})
          continue
        }
        const mac = MACOS.exec(text)
        if (mac) {
          const iso = eventTimeToIso(`${mac[1]}T${mac[2]}${mac[3]}:${mac[4]}`)
          add(mac[6]!, {time: iso, timeBasis: iso ? 'local-converted' : 'unknown'}, 'microsecond', mac[5], location, text, {log_source: 'macos unified log'})
          continue
        }
        if (text.startsWith('{')) {
          let o: Record<string, unknown>
          try {
            o = JSON.parse(text) as Record<string, unknown>
          } catch {
            badJson++
            firstBad ??= number
            continue
          }
          const kernel = o._TRANSPORT === 'kernel' || o.SYSLOG_IDENTIFIER === 'kernel'
          if (o.SYSLOG_IDENTIFIER !== 'chromoting' && !kernel) continue
          const m = o.MESSAGE
          const message = typeof m === 'string' ? m : Array.isArray(m) ? decodeBytesLossless(Buffer.from(m.filter((x): x is number => typeof x === 'number'))) : ''
          const ts = typeof o.__REALTIME_TIMESTAMP === 'string' && /^\d{1,19}$/.test(o.__REALTIME_TIMESTAMP) ? isoFromEpochMicros(BigInt(o.__REALTIME_TIMESTAMP)) : null
          const pid = typeof o._PID === 'string' ? o._PID : typeof o.SYSLOG_PID === 'string' ? o.SYSLOG_PID : undefined
          const host = typeof o._HOSTNAME === 'string' ? o._HOSTNAME : undefined
          if (kernel) {
            usb.add(message, {time: ts, timeBasis: ts ? 'utc' : 'unknown', precision: 'microsecond'}, location, text, 'journald', {computer: host, log_source: 'journald'}, host)
            continue
          }
          const unit = typeof o._SYSTEMD_UNIT === 'string' ? o._SYSTEMD_UNIT : undefined
          add(message, {time: ts, timeBasis: ts ? 'utc' : 'unknown'}, 'microsecond', pid, location, text, {computer: host, systemd_unit: unit, log_source: 'journald'})
          continue
        }
        let r = RFC3339.exec(text)
        if (r) {
          if (r[3] === 'kernel') {
            const iso = eventTimeToIso(colonOffset(r[1]!))
            usb.add(r[5]!, {time: iso, timeBasis: iso ? 'utc' : 'unknown'}, location, text, logName, {computer: r[2], log_source: 'syslog'}, r[2])
            continue
          }
          if (r[3] !== 'chromoting') continue
          const iso = eventTimeToIso(colonOffset(r[1]!))
          add(r[5]!, {time: iso, timeBasis: iso ? 'utc' : 'unknown'}, undefined, r[4], location, text, {computer: r[2], log_source: 'syslog'})
          continue
        }
        r = CLASSIC.exec(text)
        if (r) {
          if (r[8] !== 'chromoting' && r[8] !== 'kernel') continue
          const mon = MONTHS.indexOf(r[1]!.toLowerCase()) + 1
          if (mon === 0) continue
          const t = classicTime(mon, +r[2]!, +r[3]!, +r[4]!, +r[5]!, r[6])
          if (r[8] === 'kernel') {
            usb.add(r[10]!, {...t, precision: r[6] ? undefined : 'second'}, location, text, logName, {computer: r[7], log_source: 'syslog', ...t.extra}, r[7])
            continue
          }
          add(r[10]!, t, r[6] ? undefined : 'second', r[9], location, text, {computer: r[7], log_source: 'syslog', ...t.extra})
        }
      }
    } finally {
      asm.finish()
      usb.finish()
    }
    if (badJson > 0) ctx.warn(`${badJson} journal line(s) are not valid JSON (first at line ${firstBad}; truncated export?)`)

    function add(message: string, t: EventTime, precision: TimelineEvent['timePrecision'], pid: string | undefined, location: string, raw: string, fields: Record<string, FieldValue | undefined>) {
      const msg = parseCrdMessage(message)
      if (!msg) return
      asm.add({
        kind: msg.kind, time: t.time, timeBasis: t.timeBasis, timePrecision: t.time ? precision : undefined, subject: msg.subject,
        remote: msg.remote, hostAddr: msg.hostAddr, channel: msg.channel, route: msg.route, pid, location, raw, fields,
      })
    }
  },
}
