// The short end-of-scan summary on stderr: colour only on a TTY and never with NO_COLOR.
import chalk, {Chalk} from 'chalk'
import type Table from 'cli-table3'

import {lazyRequire} from '../core/lazy-require.js'
import type {Level, Report} from '../lib/model.js'
import {eventCount} from './events.js'
import {collectedTimes, identityLabel, sameHostNotes} from './same-host.js'

/** cli-table3, loaded when a summary is drawn, not with the command. */
const tableLib = lazyRequire<typeof Table>('cli-table3')

export function makeChalk(stream: NodeJS.WriteStream): typeof chalk {
  const color = stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb'
  return new Chalk({level: color ? chalk.level || 1 : 0})
}

export function renderSummary(report: Report, c: typeof chalk): string {
  const levelColor: Record<Level, (s: string) => string> = {
    none: c.green, low: c.cyan, medium: c.yellow, high: c.red.bold, 'not-evaluated': c.magenta.bold,
  }
  const table = new (tableLib())({
    head: ['case', 'level', 'score', 'artifacts', 'events', 'findings', 'warnings'],
    style: {head: c.level > 0 ? ['bold'] : [], border: c.level > 0 ? ['grey'] : []},
  })
  for (const k of report.cases) {
    const by = (s: string) => k.artifacts.filter((a) => a.status === s).length
    const parts = [`${by('parsed')} parsed`]
    if (by('partial')) parts.push(`${by('partial')} partial`)
    if (by('failed')) parts.push(`${by('failed')} failed`)
    if (by('unsupported')) parts.push(`${by('unsupported')} unsupported`)
    const warnings = k.warnings.length + k.artifacts.reduce((n, a) => n + a.warnings.length, 0)
    table.push([
      oneLine(k.id), k.failed ? c.red.bold('FAILED') : levelColor[k.assessment.level](k.assessment.level === 'not-evaluated' ? 'NOT EVALUATED' : k.assessment.level), String(k.assessment.score), parts.join(', '),
      String(eventCount(k)), String(k.findings.length), warnings ? c.yellow(String(warnings)) : '0',
    ])
  }
  const lines = [table.toString()]
  for (const k of report.cases) {
    const top = [...k.findings].sort((a, b) => sevRank(b.severity) - sevRank(a.severity)).slice(0, 5)
    if (top.length > 0) {
      lines.push(c.bold(`${oneLine(k.id)}: top findings`))
      for (const f of top) lines.push(`  ${f.indicator.padEnd(8)} ${f.severity.padEnd(8)} ${oneLine(f.title)} (${f.events.length} ${f.events.length === 1 ? 'event' : 'events'})`)
    }
    const firstWarnings = [...k.warnings, ...k.artifacts.flatMap((a) => a.warnings.map((w) => `${a.path}: ${w}`))].slice(0, 5)
    if (firstWarnings.length > 0) {
      lines.push(c.yellow(`${oneLine(k.id)}: warnings`))
      for (const w of firstWarnings) lines.push(`  ${oneLine(w)}`)
    }
  }
  for (const n of sameHostNotes(report)) {
    const ids = n.identity.slice(0, 3).map((v) => `${identityLabel(v.type)} ${v.value}`).join(', ')
    lines.push(c.cyan(oneLine(`same host, ${collectedTimes(n.cases.length)}: ${n.cases.join(', ')} (${ids || 'identical files'}${n.identicalArtifacts.length ? `; ${n.identicalArtifacts.length} identical files` : ''}): a note, not a link`)))
  }
  return lines.join('\n') + '\n'
}

const SEV = ['info', 'low', 'medium', 'high', 'critical']
const sevRank = (s: string) => SEV.indexOf(s)

/**
 * Evidence strings may hold terminal escapes: show them as visible text, on one line. C0, DEL
 * and C1 controls (CSI 0x9b, OSC 0x9d...), line/paragraph separators and bidi overrides.
 */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    const c = ch.charCodeAt(0)
    return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16)}`
  }).slice(0, 300)
}
