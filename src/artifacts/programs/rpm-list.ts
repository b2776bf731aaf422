// RPM package lists. Two shapes are read:
// 1. `rpm -qa --queryformat '%{NAME}|%{VERSION}-%{RELEASE}|%{ARCH}|%{VENDOR}|%{INSTALLTIME}\n'`
//    (TAB instead of `|` also accepted): INSTALLTIME is epoch seconds (rpm(8) "--queryformat",
//    tag INSTALLTIME), so the time is exact UTC. A missing vendor prints `(none)`.
// 2. `rpm -qa --last`: `NAME-VERSION-RELEASE.ARCH` then the install time as the C library's
//    `%c` for the locale, e.g. `Tue 05 Mar 2024 10:12:33 AM UTC` (glibc en_US) or
//    `Tue Mar  5 10:12:33 2024` (C locale). A `UTC`/`GMT` suffix is UTC; other zone names
//    are ambiguous, so those times are zone-less local times (`--host-tz`).
import {cleanFields, zonelessTime} from '../common.js'
import type {ArtifactParser} from '../types.js'
import {programsRpmListClaim, RPM_DATE_DMY as DATE_DMY, RPM_DATE_MDY as DATE_MDY, RPM_LAST as LAST, RPM_QF as QF} from './claims.js'
import {epochSeconds, type ParsedDate} from './dates.js'
import {emitProgram} from './record.js'
import {readListText} from './text-input.js'

const MON: Record<string, number> = {jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12}
const ARCHES = /^(?:x86_64|noarch|i[3-6]86|aarch64|armv7hl|armv7l|ppc64le|ppc64|s390x|riscv64|src|amd64)$/

/** `name-version-release.arch` split from the right (names contain dashes). */
export function splitNevra(s: string): {name: string; version?: string; arch?: string} {
  let rest = s
  let arch: string | undefined
  const dot = rest.lastIndexOf('.')
  if (dot > 0 && ARCHES.test(rest.slice(dot + 1))) {
    arch = rest.slice(dot + 1)
    rest = rest.slice(0, dot)
  }
  const r = rest.lastIndexOf('-')
  const v = r > 0 ? rest.lastIndexOf('-', r - 1) : -1
  if (v <= 0) return {name: rest, arch}
  return {name: rest.slice(0, v), version: rest.slice(v + 1), arch}
}

interface LastTime {
  parsed: ParsedDate
  basis: 'utc' | 'assumed-utc' | 'local-converted'
  zone?: string
}

function parseLastTime(s: string, hostTz: string | undefined): LastTime | undefined {
  let y: number, mo: number, d: number, h: number, mi: number, sec: number
  let ampm: string | undefined
  let zone: string | undefined
  let m = DATE_DMY.exec(s)
  if (m) {
    d = +m[1]!; mo = MON[m[2]!.toLowerCase()] ?? 0; y = +m[3]!; h = +m[4]!; mi = +m[5]!; sec = +m[6]!
    ampm = m[7]; zone = m[8]
  } else if ((m = DATE_MDY.exec(s))) {
    mo = MON[m[1]!.toLowerCase()] ?? 0; d = +m[2]!; h = +m[3]!; mi = +m[4]!; sec = +m[5]!; zone = m[6]; y = +m[7]!
  } else return undefined
  if (ampm) {
    if (h < 1 || h > 12) return {parsed: {kind: 'invalid', raw: s}, basis: 'utc'}
    h = (h % 12) + (ampm === 'PM' ? 12 : 0)
  }
  const wall = {year: y, month: mo, day: d, hour: h, minute: mi, second: sec}
  if (zone === 'UTC' || zone === 'GMT' || /^[+-]\d{4}$/.test(zone ?? '')) {
    const off = zone && /^[+-]/.test(zone) ? (zone[0] === '-' ? -1 : 1) * (+zone.slice(1, 3) * 60 + +zone.slice(3)) : 0
    const ms = Date.UTC(y, mo - 1, d, h, mi, sec) - off * 60000
    const t = zonelessTime(wall, undefined)
    if (t.time === null) return {parsed: {kind: 'invalid', raw: s}, basis: 'utc'}
    return {parsed: epochSeconds(ms / 1000, s), basis: 'utc', zone}
  }
  const t = zonelessTime(wall, hostTz)
  if (t.time === null) return {parsed: {kind: 'invalid', raw: s}, basis: 'utc'}
  return {parsed: {kind: 'instant', iso: t.time, precision: 'second'}, basis: t.timeBasis as 'assumed-utc' | 'local-converted', zone}
}

export const programsRpmList: ArtifactParser = {
  ...programsRpmListClaim,

  async parse(input, ctx) {
    const {text} = await readListText(input, ctx, 64 * 1024 * 1024)
    let bad = 0
    let firstBad = 0
    text.split(/\r?\n/).forEach((line, i) => {
      const l = line.trim()
      if (l === '') return
      const location = `line ${i + 1}`
      const q = QF.exec(l)
      if (q) {
        const vendor = q[4]!.trim()
        emitProgram(ctx, {
          format: 'rpm-queryformat',
          displayName: q[1],
          version: q[2],
          publisher: vendor === '(none)' ? undefined : vendor,
          installTime: epochSeconds(Number(q[5]), q[5]!),
          scope: 'machine',
          location,
          raw: line,
          extra: {architecture: q[3] === '(none)' ? undefined : q[3], package_manager: 'rpm'},
        })
        return
      }
      const m = LAST.exec(l)
      const t = m ? parseLastTime(m[2]!, ctx.hostTz) : undefined
      if (!m || !t) {
        if (bad++ === 0) firstBad = i + 1
        return
      }
      const nevra = splitNevra(m[1]!)
      emitProgram(ctx, {
        format: 'rpm-last',
        displayName: nevra.name,
        version: nevra.version,
        installTime: t.parsed,
        installTimeBasis: t.basis,
        scope: 'machine',
        location,
        raw: line,
        extra: cleanFields({architecture: nevra.arch, package: m[1], time_zone_name: t.zone, package_manager: 'rpm'}),
      })
    })
    if (bad > 0) ctx.warn(`${bad} line(s) are not rpm list rows (first at line ${firstBad})`)
  },
}
