// Splashtop Streamer log SPLog.txt (`C:\Program Files (x86)\Splashtop\Splashtop Remote\Server\log\`).
// Reference §3: `<1>Sep  1 11:40:58 [AP_07144]:[Banner] Got client 1 public IP 123.231.123.231`;
// `<n>` is the level; there is NO YEAR (§0.5: infer it and flag it). Newer streamers write
// `<1>Jul14 15:15:38.194 SM_03280[Network] …` (dissect.target splashtop plugin and its test).
// Times are local and zone-less. Year: from an in-file dated name (`Splashtop_Chat_YYYYMMDD_HHMM.txt`)
// when one matches its line's date, else from the file mtime (the log cannot be newer than
// its mtime); rollovers (Dec -> Jan) add a year. `fields.year_source` says which.
import {userFromPath} from '../../evidence/paths.js'
import {forEachDecodedLine} from '../../lib/text.js'
import {cleanFields, zonelessTime, type EventTime} from '../common.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {SP_BODY, SP_LINE, splashtopSpLogClaim} from './claims.js'

export {SP_LINE}

const TOOL = 'splashtop'
const MAX_BYTES = 256 * 1024 * 1024
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Elisions of the transcribed corpus excerpt: `[...]` lines. */
const ELISION = /^\s*\[(?:\.\.\.|…)\]\s*$/

const MSG = {
  // "[Auth-L] ok, client (mechant_host) can connect to AV server"
  authOk: /^ok, client \((.*)\) can connect/,
  // "[CoreMgr] disp name john doe"
  dispName: /^disp name (.+)$/,
  // "[Banner] Got client 1 public IP 123.231.123.231"
  publicIp: /^Got client (\d+) public IP (\S+)/,
  // new format (dissect test): "[LAN-S][Server] client connected from 10.199.5.134 (2), 288"
  connectedFrom: /client connected from ([0-9A-Fa-f:.]+)/,
  // "[FTC] UploadRequest, fileID[289614100], filePath[C:\Users\lab\Desktop\mechant.7z], compresstyee[1]"
  ftcRequest: /^(Upload|Download)Request, fileID\[(\d+)\], filePath\[(.*?)\]/,
  // "CCloudFileTaskManager::OnUploadRequest(1, 1, ...)=>{json}" and "OnUploadFileCPRequest 1, 1 =>{json}"
  ftcJson: /On(Upload|Download)(?:File\w*)?Request\b.*?=>\s*(\{.*?)\s*$/,
  // "[Chat] Begin to write text file to C:\…\Splashtop_Chat_20220901_1144.txt, lines:7"
  chatBegin: /^Begin to write text file to (.+?), lines:(\d+)/,
  // "[Chat] File::C:\…\Splashtop_Chat_20220901_1144.txt save successfully"
  chatSaved: /^File::(.+?) save successfully/,
  chatName: /Splashtop_Chat_(\d{4})(\d{2})(\d{2})_\d{4}/,
}

export interface Rec {
  line: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  ms?: string
  thread?: string
  component: string
  text: string
  raw: string
  year?: number
}

interface Transfer {
  first: Rec
  lines: Rec[]
  action: 'Upload' | 'Download'
  fileId?: string
  path?: string
  name?: string
  size?: number
}

export const splashtopSpLog: ArtifactParser = {
  ...splashtopSpLogClaim,

  async parse(input, ctx) {
    const buf = await input.readAll(MAX_BYTES)
    const recs: Rec[] = []
    const elided: number[] = []
    const bad: number[] = []
    let badCount = 0
    forEachDecodedLine(buf, ctx.text, (line, n) => {
      const l = line.replace(/\0+/g, '')
      if (l.trim() === '') return
      if (ELISION.test(l)) {
        elided.push(n)
        return
      }
      const m = SP_LINE.exec(l.trimEnd())
      const month = m ? MONTHS.indexOf(m.groups!.mon!.toLowerCase()) + 1 : 0
      if (!m || month === 0) {
        if (++badCount <= 5) bad.push(n)
        return
      }
      const g = m.groups!
      const b = SP_BODY.exec(g.body!)
      recs.push({
        line: n, month, day: Number(g.day), hour: Number(g.h), minute: Number(g.mi), second: Number(g.s), ms: g.ms,
        thread: b?.groups?.thread, component: b?.groups?.component ?? '', text: (b?.groups?.text ?? g.body!).trim(), raw: l.trim(),
      })
    })
    // The corpus copy is a transcription with elisions: say so, keep parsing.
    if (elided.length > 0) ctx.warn(`${elided.length} elision line(s) "[...]" skipped: the log is an excerpt (line ${elided.slice(0, 5).join(', ')})`)
    if (badCount > 0) ctx.warn(`${badCount} line(s) not in the SPLog format (first at line ${bad.join(', ')})`)
    const source = assignYears(recs, input.mtime)
    if (!source && recs.length > 0) ctx.warn('no year: SPLog lines carry none, no dated name matched and the file has no mtime; times left empty')
    buildEvents(recs, source, ctx, userFromPath(input.info.logicalPath))
  },
}

/** Sets `year` on every record; returns how the year was found, or undefined. */
export function assignYears(recs: Rec[], mtime: Date | undefined): string | undefined {
  if (recs.length === 0) return undefined
  // years relative to the first line: a month going backwards is a new year
  const rel: number[] = []
  let k = 0
  recs.forEach((r, i) => {
    if (i > 0 && r.month < recs[i - 1]!.month) k++
    rel.push(k)
  })
  let base: number | undefined
  let source: string | undefined
  for (let i = 0; i < recs.length && base === undefined; i++) {
    const m = MSG.chatName.exec(recs[i]!.text)
    if (m && Number(m[2]) === recs[i]!.month && Number(m[3]) === recs[i]!.day) {
      base = Number(m[1]) - rel[i]!
      source = 'dated file name in log'
    }
  }
  if (base === undefined && mtime && !Number.isNaN(mtime.getTime())) {
    const last = recs.at(-1)!
    let y = mtime.getUTCFullYear()
    const mm = mtime.getUTCMonth() + 1
    if (last.month > mm || (last.month === mm && last.day > mtime.getUTCDate())) y--
    base = y - rel.at(-1)!
    source = 'file mtime'
  }
  if (base === undefined) return undefined
  recs.forEach((r, i) => (r.year = base! + rel[i]!))
  return source
}

function timeOf(r: Rec, hostTz: string | undefined): EventTime {
  if (r.year === undefined) return {time: null, timeBasis: 'unknown'}
  return zonelessTime({year: r.year, month: r.month, day: r.day, hour: r.hour, minute: r.minute, second: r.second, fraction: r.ms}, hostTz)
}

function fileName(path: string | undefined): string | undefined {
  return path?.split(/[\\/]+/).filter(Boolean).at(-1)
}

function buildEvents(recs: Rec[], yearSource: string | undefined, ctx: ParseContext, user: string | undefined): void {
  const emit = (r: Rec, type: string, desc: string, message: string, fields: Record<string, string | number | boolean | undefined>, raw?: string) =>
    ctx.emit({
      ...timeOf(r, ctx.hostTz), timePrecision: r.ms ? 'millisecond' : 'second', type, timestampDesc: desc, location: `line ${r.line}`, message,
      fields: cleanFields({tool: TOOL, ...fields, user, year: r.year, year_source: yearSource}), raw: raw ?? r.raw,
    })
  let alias: string | undefined
  let remoteUser: string | undefined
  let lastIp: string | undefined
  const transfers: Transfer[] = []
  const byId = new Map<string, Transfer>()
  const chats = new Map<string, {begin: Rec; lines: number; saved?: Rec}>()
  let m: RegExpExecArray | null
  for (const r of recs) {
    const t = r.text
    if (t.length > 64 * 1024) continue // real lines are short; keeps the lazy patterns cheap
    if ((m = MSG.authOk.exec(t))) {
      alias = m[1]
      emit(r, 'remote_access.login', 'Client authorised', `Splashtop client "${m[1]}" authorised to connect`, {remote_alias: m[1], component: r.component})
    } else if ((m = MSG.dispName.exec(t))) {
      remoteUser = m[1]!.trim()
    } else if ((m = MSG.publicIp.exec(t)) || (m = MSG.connectedFrom.exec(t))) {
      const ip = m.length > 2 ? m[2]! : m[1]!
      lastIp = ip
      emit(r, 'remote_access.session_start', 'Client connected',
        `Splashtop incoming session from ${ip}${alias ? ` (client "${alias}"` : ''}${remoteUser ? `${alias ? ', ' : ' ('}user "${remoteUser}"` : ''}${alias || remoteUser ? ')' : ''}`,
        {direction: 'incoming', remote_ip: ip, client_index: m.length > 2 ? Number(m[1]) : undefined, remote_alias: alias, remote_user: remoteUser, component: r.component})
    } else if ((m = MSG.ftcRequest.exec(t))) {
      const tr: Transfer = {first: r, lines: [r], action: m[1] as Transfer['action'], fileId: m[2], path: m[3]}
      transfers.push(tr)
      byId.set(m[2]!, tr)
    } else if ((m = MSG.ftcJson.exec(t))) {
      let j: Record<string, unknown> = {}
      try {
        j = JSON.parse(m[2]!) as Record<string, unknown>
      } catch {
        ctx.warn(`line ${r.line}: file-transfer JSON does not parse`)
      }
      const id = typeof j.fileID === 'string' || typeof j.fileID === 'number' ? String(j.fileID) : undefined
      let tr = id ? byId.get(id) : undefined
      if (!tr) {
        tr = {first: r, lines: [], action: m[1] as Transfer['action'], fileId: id}
        transfers.push(tr)
        if (id) byId.set(id, tr)
      }
      tr.lines.push(r)
      if (typeof j.fullPath === 'string') tr.path ??= j.fullPath
      if (typeof j.fileName === 'string') tr.name ??= j.fileName
      const size = Number(j.fileSize)
      if (j.fileSize !== undefined && Number.isFinite(size)) tr.size ??= size
    } else if ((m = MSG.chatBegin.exec(t))) {
      chats.set(m[1]!, {begin: r, lines: Number(m[2])})
    } else if ((m = MSG.chatSaved.exec(t))) {
      const c = chats.get(m[1]!)
      if (c) c.saved = r
      else chats.set(m[1]!, {begin: r, lines: NaN, saved: r})
    }
  }
  for (const tr of transfers) {
    const direction = tr.action === 'Upload' ? 'incoming' : 'outgoing'
    const name = tr.name ?? fileName(tr.path)
    // Splashtop names transfers from the connecting client's side: "Upload" sends a file to
    // this (streamer) host, "Download" takes one from it.
    emit(tr.first, 'remote_access.file_transfer', 'File transfer request',
      `Splashtop file ${tr.action.toLowerCase()} request: ${tr.path ?? name ?? 'unknown file'}${tr.size !== undefined ? ` (${tr.size} bytes)` : ''}${direction === 'incoming' ? ' to this host' : ' from this host'}`,
      {direction, transfer_action: tr.action, path: tr.path, file_name: name, size: tr.size, file_id: tr.fileId, remote_ip: lastIp, remote_user: remoteUser, remote_alias: alias},
      tr.lines.map((x) => `${x.line}: ${x.raw}`).join('\n'))
  }
  for (const [path, c] of chats) {
    const r = c.saved ?? c.begin
    emit(r, 'remote_access.chat', 'Chat log saved', `Splashtop chat log ${c.saved ? 'saved' : 'write started'}: ${path}${Number.isFinite(c.lines) ? ` (${c.lines} lines)` : ''}`,
      {action: c.saved ? 'chat_log_saved' : 'chat_log_write', path, file_name: fileName(path), line_count: Number.isFinite(c.lines) ? c.lines : undefined, remote_ip: lastIp},
      [c.begin, c.saved].filter((x, i, a): x is Rec => !!x && a.indexOf(x) === i).map((x) => `${x.line}: ${x.raw}`).join('\n'))
  }
}
