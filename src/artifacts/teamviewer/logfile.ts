// TeamViewer application log (TeamViewer<NN>_Logfile.log, _OLD rotations; Program Files,
// %AppData%\TeamViewer, ~/Library/Logs/TeamViewer, /var/log/teamviewer*). Reference §3: local
// time; the UTC offset comes from each `Start: … (UTC±h:mm)` header and applies to the lines
// after it (dissect parse_start); lines before any header use --host-tz, else assumed UTC.
// Lines that are not records (header blocks, wrapped messages) continue the previous record.
import {userFromPath} from '../../evidence/paths.js'
import {forEachDecodedLine} from '../../lib/text.js'
import {isValidWallTime, offsetWallToIso, type WallTime} from '../../lib/time.js'
import {cleanFields, zonelessTime, type EventTime} from '../common.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {TvAssembler, type TvRecord} from './logfile-events.js'
import {parseTvLine, parseUtcOffset, startWall, TV_HEADER_KEY, TV_START, type TvLine} from './logfile-grammar.js'
import {looksLikeTeamViewerLog, teamviewerLogfileClaim} from './claims.js'

export {looksLikeTeamViewerLog}

const MAX_BYTES = 512 * 1024 * 1024
const MAX_RECORD_LINES = 200

interface Zone {
  /** Minutes east of UTC from the governing Start header. */
  minutes?: number
  label?: string
  /** Year of the governing Start header, for `MM/DD` lines. */
  year?: number
}

interface Header {
  line: number
  raw: string[]
  time: EventTime
  zone: Zone
  values: Map<string, string>
}

function timeOf(wall: WallTime, zone: Zone, hostTz: string | undefined): EventTime {
  if (!isValidWallTime(wall)) return {time: null, timeBasis: 'unknown'}
  if (zone.minutes !== undefined) return {time: offsetWallToIso(wall, zone.minutes), timeBasis: 'local-converted'}
  return zonelessTime(wall, hostTz)
}

export const teamviewerLogfile: ArtifactParser = {
  ...teamviewerLogfileClaim,

  async parse(input, ctx) {
    const buf = await input.readAll(MAX_BYTES)
    const user = userFromPath(input.info.logicalPath)
    const asm = new TvAssembler(ctx, user)
    const reader = new LogReader(ctx, asm)
    try {
      // line by line: a large log never becomes one string
      forEachDecodedLine(buf, ctx.text, (l, n) => reader.line(l.replace(/\0+/g, ''), n))
    } finally {
      reader.finish()
      asm.finish()
    }
  },
}

class LogReader {
  private zone: Zone = {}
  private header?: Header
  private rec?: {line: number; tv: TvLine; lines: string[]}
  private orphan: number[] = []
  private orphanCount = 0
  private noYear: number[] = []
  private noYearCount = 0
  private badStart: number[] = []
  private torn: number[] = []
  private tornCount = 0

  constructor(
    private readonly ctx: ParseContext,
    private readonly asm: TvAssembler,
  ) {}

  line(l: string, n: number): void {
    const s = TV_START.exec(l.trim())
    if (s?.groups) {
      this.flushRecord()
      this.flushHeader()
      const wall = startWall(s.groups.date!, s.groups.time!)
      const minutes = parseUtcOffset(s.groups.zone)
      if (!wall || (s.groups.zone !== undefined && minutes === undefined)) {
        this.badStart.push(n)
        // an unreadable header must not leave the previous offset in force
        this.zone = {}
        return
      }
      this.zone = {minutes, label: minutes === undefined ? undefined : s.groups.zone!.trim(), year: wall.year}
      this.header = {line: n, raw: [l.trim()], time: timeOf(wall, this.zone, this.ctx.hostTz), zone: this.zone, values: new Map()}
      return
    }
    const tv = parseTvLine(l)
    if (tv) {
      this.flushHeader()
      this.flushRecord()
      this.rec = {line: n, tv, lines: [l]}
      return
    }
    if (this.header) {
      if (l.trim() === '') {
        this.flushHeader()
        return
      }
      const kv = TV_HEADER_KEY.exec(l.trim())
      if (kv?.groups && this.header.values.size < 60) this.header.values.set(kv.groups.key!.trim().toLowerCase(), kv.groups.value!.trim())
      if (this.header.raw.length < 40) this.header.raw.push(l.trim())
      return
    }
    if (l.trim() === '') return
    if (/^\d{2,4}\/\d{2}(?:\/\d{2})?(?:\s|$)/.test(l)) {
      // starts like a record but breaks the grammar: a torn write or a cut-off file
      if (++this.tornCount <= 5) this.torn.push(n)
      return
    }
    if (this.rec) {
      // a wrapped message continues the previous record
      if (this.rec.lines.length < MAX_RECORD_LINES) this.rec.lines.push(l)
      return
    }
    if (++this.orphanCount <= 5) this.orphan.push(n)
  }

  private flushHeader(): void {
    const h = this.header
    if (!h) return
    this.header = undefined
    const v = (k: string) => h.values.get(k)
    const id = v('id')
    // `Version:            15.50.5 (64-bit)`
    const vm = /^(\S+)(?:\s+\((.*)\))?$/.exec(v('version') ?? '')
    const version = vm?.[1] ?? v('version')
    this.ctx.emit({
      ...h.time, type: 'remote_access.process_start', timestampDesc: 'Process start', location: `line ${h.line}`,
      message: `TeamViewer ${version ?? ''} started${id && id !== '0' ? `, local ID ${id}` : ''}${v('ip') ? `, host IP ${v('ip')}` : ''}${h.zone.label ? ` (log times ${h.zone.label})` : ''}`.replace('  ', ' '),
      fields: cleanFields({
        tool: 'teamviewer', version, build: vm?.[2], local_id: id && id !== '0' ? id : undefined, host_ip: v('ip'), os: v('os'),
        account: v('useraccount'), app_path: v('apppath'), license: v('license'), source_offset: h.zone.label,
      }),
      raw: h.raw.join('\n'),
    })
  }

  private flushRecord(): void {
    const r = this.rec
    if (!r) return
    this.rec = undefined
    const year = r.tv.year ?? this.zone.year
    let time: EventTime
    if (year === undefined) {
      if (++this.noYearCount <= 5) this.noYear.push(r.line)
      time = {time: null, timeBasis: 'unknown'}
    } else {
      time = timeOf({year, ...r.tv.wall}, this.zone, this.ctx.hostTz)
    }
    // patterns match the record's own line; wrapped lines stay in `raw`
    const rec: TvRecord = {
      ...time, line: r.line, pid: r.tv.pid, message: r.tv.message, raw: r.lines.map((x) => x.trimEnd()).join('\n'), offset: this.zone.label,
    }
    this.asm.handle(rec)
  }

  finish(): void {
    this.flushRecord()
    this.flushHeader()
    if (this.orphanCount > 0) this.ctx.warn(`${this.orphanCount} line(s) before the first log record are not TeamViewer records (first at line ${this.orphan.join(', ')})`)
    if (this.noYearCount > 0) this.ctx.warn(`${this.noYearCount} record(s) have a MM/DD date and no preceding Start header to give the year: time left empty (line ${this.noYear.join(', ')})`)
    if (this.tornCount > 0) this.ctx.warn(`${this.tornCount} line(s) start like a record but are cut or malformed (line ${this.torn.join(', ')})`)
    if (this.badStart.length > 0) this.ctx.warn(`unreadable Start header at line ${this.badStart.slice(0, 5).join(', ')}: following lines use --host-tz or assumed UTC`)
  }
}
