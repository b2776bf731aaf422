// Registry exports (`reg export`, regedit "Export"): `Windows Registry Editor Version 5.00`
// (UTF-16LE with BOM) or `REGEDIT4` (ANSI). Only direct subkeys of
// `...\Microsoft\Windows\CurrentVersion\Uninstall\` (HKLM, WOW6432Node, HKEY_USERS\<SID>,
// HKEY_CURRENT_USER) become programs; every other key is skipped without decoding its values.
// Value syntax (Microsoft "How to add, modify, or delete registry subkeys and values by using a
// .reg file", KB 310516): `"Name"="text"` with `\\` and `\"` escapes, `@=` default value,
// `dword:0000001f`, `hex:..`, `hex(2):..` REG_EXPAND_SZ and `hex(7):..` REG_MULTI_SZ as
// UTF-16LE bytes (ANSI bytes in REGEDIT4), `hex(b):` QWORD, long hex wrapped with a trailing `\`.
import {userFromPath} from '../../evidence/paths.js'
import {decodeBytesLossless} from '../../lib/text.js'
import type {ArtifactParser} from '../types.js'
import {programsRegExportClaim, REG_HEADER as HEADER} from './claims.js'
import {decodedLines} from './decoded-lines.js'
import {emitProgram} from './record.js'
import {keyInfo, type KeyInfo} from './registry-path.js'

// KB 310516: the first line names the editor version.
const MAX_VALUES_PER_KEY = 1000
const MAX_CONTINUATION_CHARS = 8 * 1024 * 1024

export type RegValue = string | number

interface OpenKey {
  path: string
  info: KeyInfo
  line: number
  values: Map<string, RegValue>
  raw: string[]
}

/** Reads a `"..."` token starting at `s[i] === '"'`; returns the unescaped text and the end index. */
function readQuoted(s: string, i: number): {text: string; end: number} | undefined {
  let out = ''
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j]!
    if (c === '\\' && j + 1 < s.length) {
      out += s[j + 1]
      j++
    } else if (c === '"') return {text: out, end: j + 1}
    else out += c
  }
  return undefined
}

function hexBytes(list: string): Buffer | undefined {
  const parts = list.split(',').map((p) => p.trim()).filter((p) => p !== '')
  if (!parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) return undefined
  return Buffer.from(parts.map((p) => parseInt(p, 16)))
}

function hexString(bytes: Buffer, utf16: boolean): string {
  const s = utf16 ? bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le') : decodeBytesLossless(bytes)
  return s
}

/** Parses the data part of a value line (after `=`); undefined when malformed. */
export function parseRegData(data: string, utf16: boolean): RegValue | null | undefined {
  const d = data.trim()
  if (d === '-') return null
  if (d.startsWith('"')) {
    const q = readQuoted(d, 0)
    return q && d.slice(q.end).trim() === '' ? q.text : undefined
  }
  let m = /^dword:([0-9a-fA-F]{1,8})$/i.exec(d)
  if (m) return parseInt(m[1]!, 16)
  m = /^hex(?:\(([0-9a-fA-F]{1,8})\))?:(.*)$/i.exec(d)
  if (!m) return undefined
  const type = m[1] === undefined ? 3 : parseInt(m[1], 16)
  const bytes = hexBytes(m[2]!)
  if (!bytes) return undefined
  switch (type) {
    case 1: // REG_SZ
    case 2: // REG_EXPAND_SZ
      return hexString(bytes, utf16).replace(/\0+$/, '').split('\0')[0]!
    case 7: // REG_MULTI_SZ: NUL-separated list, double NUL at the end
      return hexString(bytes, utf16).split('\0').filter((s) => s !== '').join('\n')
    case 4: // REG_DWORD (little-endian)
      return bytes.length === 4 ? bytes.readUInt32LE(0) : bytes.toString('hex')
    case 0xb: // REG_QWORD
      return bytes.length === 8 ? bytes.readBigUInt64LE(0).toString() : bytes.toString('hex')
    default:
      return bytes.toString('hex')
  }
}

export const programsRegExport: ArtifactParser = {
  ...programsRegExportClaim,

  async parse(input, ctx) {
    const pathUser = userFromPath(input.info.logicalPath)
    let utf16 = true
    let sawHeader = false
    let current: OpenKey | undefined
    let pending: {line: number; text: string} | undefined
    let bad = 0
    let firstBad = 0

    const flush = () => {
      if (!current) return
      const k = current
      current = undefined
      const v = (name: string): string | undefined => {
        const x = k.values.get(name.toLowerCase())
        return x === undefined ? undefined : String(x)
      }
      const user = k.info.sid ?? (k.info.scope === 'user' ? pathUser : undefined)
      emitProgram(ctx, {
        format: utf16 ? 'reg-export' : 'regedit4-export',
        displayName: v('DisplayName'),
        version: v('DisplayVersion'),
        publisher: v('Publisher'),
        installDate: v('InstallDate'),
        installLocation: v('InstallLocation'),
        uninstallString: v('UninstallString') ?? v('QuietUninstallString'),
        sourceKey: k.info.key,
        keyName: k.info.keyName,
        scope: k.info.scope,
        user,
        location: `line ${k.line}`,
        raw: k.raw.join('\n'),
        extra: {
          registry_view: k.info.view === '32-bit' ? '32-bit' : undefined,
          install_source: v('InstallSource'),
          system_component: k.values.get('systemcomponent') === 1 ? true : undefined,
          sid: k.info.sid && /^S-1-/i.test(k.info.sid) ? k.info.sid : undefined,
        },
      })
    }

    const handleValue = (line: number, text: string) => {
      if (!current) return
      if (current.values.size >= MAX_VALUES_PER_KEY) return
      let name: string
      let rest: string
      if (text.startsWith('@')) {
        name = ''
        rest = text.slice(1)
      } else {
        const q = readQuoted(text, 0)
        if (!q) return markBad(line)
        name = q.text
        rest = text.slice(q.end)
      }
      const eq = /^\s*=/.exec(rest)
      if (!eq) return markBad(line)
      const value = parseRegData(rest.slice(eq[0].length), utf16)
      if (value === undefined) return markBad(line)
      current.raw.push(text)
      if (value === null) current.values.delete(name.toLowerCase())
      else current.values.set(name.toLowerCase(), value)
    }
    const markBad = (line: number) => {
      if (bad++ === 0) firstBad = line
    }

    const handleLogical = (line: number, text: string) => {
      const t = text.trimEnd()
      if (t.trim() === '' || t.startsWith(';')) return
      if (!sawHeader) {
        sawHeader = true
        if (HEADER.test(t.trim())) {
          utf16 = !/^REGEDIT4/.test(t.trim())
          return
        }
        ctx.warn(`line ${line}: no "Windows Registry Editor Version 5.00" / "REGEDIT4" header`)
      }
      if (t.startsWith('[')) {
        flush()
        const m = /^\[(-?)(.+)\]\s*$/.exec(t)
        if (!m) return markBad(line)
        if (m[1] === '-') return // a key deletion: nothing installed
        const info = keyInfo(m[2]!)
        if (info.keyName) current = {path: m[2]!, info, line, values: new Map(), raw: [t]}
        return
      }
      if (current) handleValue(line, t.trimStart())
    }

    const stream = await input.stream()
    try {
      for await (const {number, text} of decodedLines(stream, (msg) => ctx.warn(msg), ctx.text)) {
        // regedit wraps long hex data: `...,\` then the next line indented by two spaces
        if (pending) {
          pending.text += text.trim()
          if (pending.text.length > MAX_CONTINUATION_CHARS) {
            ctx.warn(`line ${pending.line}: a wrapped value is longer than 8 Mi characters and was skipped`)
            pending = undefined
            continue
          }
          if (pending.text.endsWith('\\')) {
            pending.text = pending.text.slice(0, -1)
            continue
          }
          const p = pending
          pending = undefined
          handleLogical(p.line, p.text)
          continue
        }
        const trimmed = text.trimEnd()
        if (trimmed.endsWith('\\') && !trimmed.startsWith('[') && current && /=\s*hex/i.test(trimmed)) {
          pending = {line: number, text: trimmed.slice(0, -1)}
          continue
        }
        handleLogical(number, text)
      }
    } finally {
      if (pending) {
        ctx.warn(`line ${pending.line}: the file ends inside a wrapped value (truncated)`)
        handleLogical(pending.line, pending.text)
      }
      flush()
    }
    if (!sawHeader) ctx.warn('the file is empty')
    if (bad > 0) ctx.warn(`${bad} line(s) in Uninstall keys are not valid .reg syntax (first at line ${firstBad})`)
  },
}
