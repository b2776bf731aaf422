// Chrome Remote Desktop host text logs:
// - Linux `/tmp/chrome_remote_desktop_%Y%m%d_%H%M%S_XXXXXX` (+ `chrome_remote_desktop.latest`),
//   mixing the Python launcher's lines and the Chromium host's lines (reference §2.2);
// - the optional Windows file log `chrome_remote_desktop_YYYYMMDD_HHMMSS_mmm.log` (§2.1).
// All are in local time; Chromium lines have no year, which is taken from the file name.
import type {FieldValue} from '../../lib/model.js'
import {decodeBytesLossless, iterateRawLines} from '../../lib/text.js'
import {cleanFields, zonelessTime, type EventTime} from '../common.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {crdHostLogClaim, CR_LINE, parseHostLogLine, PY_LINE, WIN_LINE, type Line} from './claims.js'
import {parseCrdMessage} from './messages.js'
import {CrdAssembler, TOOL} from './sessions.js'

export {CR_LINE, parseHostLogLine, PY_LINE, WIN_LINE}

// §2.2 kLogFileTemplate `chrome_remote_desktop_%Y%m%d_%H%M%S_XXXXXX`; §2.1 `…_YYYYMMDD_HHMMSS_mmm.log`
const NAME_DATE = /^chrome_remote_desktop_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})_/
const LOOKS_TIMESTAMPED = /^(?:\[\d|\d{4}-\d{2}-\d{2} \d)/

const DAY = 86_400_000

/** Year for a month/day after `ref` (the log's start): the next year when the date lies before it (Dec → Jan). */
function yearAfter(ref: {year: number; month: number; day: number}, month: number, day: number): {year: number; rolled: boolean} {
  const same = Date.UTC(ref.year, month - 1, day)
  if (same < Date.UTC(ref.year, ref.month - 1, ref.day) - DAY) return {year: ref.year + 1, rolled: true}
  return {year: ref.year, rolled: false}
}

/** Year for a month/day before `ref` (the file's mtime): the previous year when the date lies after it. */
function yearBefore(ref: Date, month: number, day: number): {year: number; rolled: boolean} {
  const y = ref.getUTCFullYear()
  if (Date.UTC(y, month - 1, day) > ref.getTime() + DAY) return {year: y - 1, rolled: true}
  return {year: y, rolled: false}
}

export const crdHostLog: ArtifactParser = {
  ...crdHostLogClaim,

  async parse(input, ctx: ParseContext) {
    const nameDate = NAME_DATE.exec(input.info.name)
    const fileStart = nameDate ? {year: +nameDate[1]!, month: +nameDate[2]!, day: +nameDate[3]!} : undefined
    const asm = new CrdAssembler(ctx, 'host log', {log_source: 'host log file'}, false)
    let lastPython: {year: number; month: number; day: number} | undefined
    let noYearWarned = false
    let odd = 0
    let firstOdd: number | undefined
    let last: {n: number; text: string; parsed: boolean} | undefined

    const timeOf = (l: Line): EventTime & {extra: Record<string, FieldValue | undefined>} => {
      if (!l.needsYear) return {...zonelessTime(l.wall!, ctx.hostTz), extra: {}}
      const {month, day} = l.needsYear
      let r: {year: number; rolled: boolean} | undefined
      let source: string | undefined
      if (fileStart) {
        r = yearAfter(fileStart, month, day)
        source = 'file name'
      } else if (lastPython) {
        r = yearAfter(lastPython, month, day)
        source = 'preceding launcher line'
      } else if (input.mtime) {
        r = yearBefore(input.mtime, month, day)
        source = 'file mtime'
      }
      if (!r) {
        if (!noYearWarned) {
          noYearWarned = true
          ctx.warn('Chromium-style lines have no year and neither the file name, a launcher line nor the file time gives one; their times are left empty')
        }
        return {time: null, timeBasis: 'unknown', extra: {}}
      }
      return {...zonelessTime({...l.wall!, year: r.year}, ctx.hostTz), extra: {year_source: source, year_rollover: r.rolled || undefined}}
    }

    const stream = await input.stream()
    try {
      for await (const {number, bytes} of iterateRawLines(stream)) {
        const text = decodeBytesLossless(bytes, ctx.text, number)
        const l = parseHostLogLine(text)
        last = {n: number, text, parsed: !!l}
        if (!l) {
          // child processes (X server, session) write free text into the same file: not an error,
          // but a timestamp-like start that does not parse is reported
          if (LOOKS_TIMESTAMPED.test(text)) {
            odd++
            firstOdd ??= number
          }
          continue
        }
        if (l.grammar === 'python') lastPython = {year: l.wall!.year, month: l.wall!.month, day: l.wall!.day}
        const t = timeOf(l)
        const location = `line ${number}`
        const fields = {...t.extra, severity: l.severity, source_file: l.source, log_grammar: l.grammar}
        const msg = parseCrdMessage(l.message)
        if (msg) {
          asm.add({
            kind: msg.kind, time: t.time, timeBasis: t.timeBasis, subject: msg.subject, remote: msg.remote, hostAddr: msg.hostAddr,
            channel: msg.channel, route: msg.route, pid: l.pid, location, raw: text, fields,
          })
          continue
        }
        let m: RegExpExecArray | null
        const emit = (type: string, desc: string, message: string, f: Record<string, FieldValue | undefined>) =>
          ctx.emit({
            time: t.time, timeBasis: t.timeBasis, type, timestampDesc: desc, location, message, raw: text,
            fields: cleanFields({tool: TOOL, log_source: 'host log file', ...fields, ...f}),
          })
        if (/^Host ready to receive connections\.?$/.test(l.message.trim())) {
          emit('remote_access.host_ready', 'Host ready', 'Chrome Remote Desktop host ready to receive connections', {pid: l.pid})
        } else if ((m = /^Using host_id: (\S+)/.exec(l.message))) {
          emit('remote_access.config', 'Host ID in use', `Chrome Remote Desktop host ID ${m[1]}`, {setting: 'host_id', host_id: m[1]})
        } else if ((m = /^Daemon process started in the background, logging to '([^']*)'/.exec(l.message))) {
          emit('remote_access.process_start', 'Daemon started', `Chrome Remote Desktop daemon started (log ${m[1]})`, {process: 'daemon', log_file: m[1], pid: l.pid})
        }
      }
    } finally {
      asm.finish()
    }
    if (last && !last.parsed && LOOKS_TIMESTAMPED.test(last.text)) {
      odd--
      ctx.warn(`line ${last.n}: the last line is incomplete (truncated file?)`)
    }
    if (odd > 0) ctx.warn(`${odd} line(s) start like log lines but do not follow the host log grammars (first at line ${firstOdd})`)
  },
}
