// `--format md`: the HTML report's content as plain GitHub-flavoured Markdown that renders the same
// in GitHub, VS Code and pandoc. No raw HTML at all; every evidence string is capped, defanged
// and escaped as inline text on one line (reference ecosystem-and-style.md §5.2, item 17).
import type {Writable} from 'node:stream'

import type {Finding, Report, TimelineEvent} from '../lib/model.js'
import {capForDisplay, defangText, escapeMarkdown, fmtInt} from './escape.js'
import {type CaseDigest, type ReportDigest, TIME_BASIS_MEANING, WEEKDAYS, byCode, digestReport, locateEvent} from './html/digest.js'
import {writeChunk} from './output.js'
import {type CaseFacts, type Sentence, CATEGORY_NAMES, caseFacts, humanValue, toolName} from './html/facts.js'
import {humanDuration, humanTime} from './human.js'
import {metaOf} from './html/sections.js'
import {collectedTimes, identityLabel, sameHostNotes} from './same-host.js'

/** Evidence as Markdown inline text: capped, defanged, escaped, invisible characters shown. */
export function mdEv(s: string | number | boolean | null | undefined, max = 2000): string {
  if (s === null || s === undefined) return ''
  return escapeMarkdown(defangText(capForDisplay(String(s), max)))
}

/** Tool vocabulary (types, kinds): escaped, not defanged. */
const mdT = (s: string): string => escapeMarkdown(s)

/** The tool's own text read back from a report (parser titles): capped and escaped, not defanged. */
const mdTool = (s: string, max: number): string => escapeMarkdown(capForDisplay(s, max))

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`
  return [line(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n') + '\n'
}

function refs(cd: CaseDigest, ids: readonly string[], max = 60): string {
  const shown = ids.slice(0, max).map((id) => mdEv(cd.label.get(id) ?? id, 120))
  return shown.join(', ') + (ids.length > max ? ` (+${fmtInt(ids.length - max)} more)` : '')
}

function header(report: Report, d: ReportDigest): string {
  const lines = ['# Triage report: signs of the North Korean remote IT-worker scheme', '',
    ...metaOf(report).flatMap(([k, v]) => [`**${k}:** ${mdEv(v, 300)}`, '']), `dprk-triage ${mdEv(report.generator.version, 64)} · ${fmtInt(report.cases.length)} case${report.cases.length === 1 ? '' : 's'} · all times UTC`, '']
  if (report.generatedAt) lines.push(`Generated at ${mdEv(report.generatedAt, 64)}`, '')
  lines.push('## Verdicts', '')
  lines.push(table(['case', 'level', 'score (0-100)', 'findings', 'events', 'artifacts'], d.cases.map((cd) => [
    `Case ${cd.n}: ${mdEv(cd.c.id, 200)}`, cd.c.assessment.level === 'not-evaluated' ? '**NOT EVALUATED** (nothing read)' : `**${cd.c.assessment.level}**`, cd.c.assessment.level === 'not-evaluated' ? '–' : String(cd.c.assessment.score),
    fmtInt(cd.c.findings.length), fmtInt(cd.total), fmtInt(cd.c.artifacts.length),
  ])))
  return lines.join('\n') + '\n'
}

function roleLine(facts: CaseFacts, f: Finding, level: string): {badge: string; text: string} {
  const r = facts.roles.get(f.indicator)
  if (!r) return {badge: '', text: ''}
  if (r.kind === 'completes') {
    return {badge: r.level === level ? `SETS ${r.level.toUpperCase()}` : `COMPLETES ${r.level.toUpperCase()}`,
      text: r.combos.map((c) => `Completes the combination “${mdEv(c.title, 300)}”, which ${c.level === level ? 'sets the case level to' : 'would set the level to at least'} ${c.level}.`).join(' ')}
  }
  if (r.kind === 'counts') return {badge: 'ADDS POINTS', text: `Adds to the ${CATEGORY_NAMES[r.category]} points${r.points !== undefined ? ` (the area gives ${r.points} points in total)` : ''}; on its own it does not decide the level.`}
  return {badge: 'CONTEXT ONLY', text: 'Context only: it never creates or raises a level.'}
}

function finding(cd: CaseDigest, facts: CaseFacts, f: Finding): string {
  const role = roleLine(facts, f, cd.c.assessment.level)
  const out = [`#### ${role.badge} ${mdEv(f.indicator, 40)}: ${mdEv(f.title, 400)}`, '', `- ${role.text}`]
  const day = cd.dateOnlyEnds.get(f.indicator)
  const range = f.first || f.last ? `${humanTime(f.first, day?.first ? 'day' : undefined)} to ${humanTime(f.last, day?.last ? 'day' : undefined)}` : 'no timed events'
  out.push(`- ${CATEGORY_NAMES[f.category] ?? f.category} · indicator severity ${f.severity}${f.weight !== undefined ? ` · weight ${f.weight}` : ''}${f.modifierOnly ? ' · modifier only (never raises a level alone)' : ''} · ${fmtInt(f.events.length)} event${f.events.length === 1 ? '' : 's'} · ${range}`)
  if (f.description) out.push(`- ${mdEv(f.description, 2000)}`)
  if (f.falsePositives) out.push(`- False positives: ${mdEv(f.falsePositives, 2000)}`)
  const vals = facts.values.get(f.indicator) ?? []
  if (vals.length) {
    out.push('- Matched values:')
    for (const v of vals.slice(0, 12)) {
      const h = humanValue(v.field, v.value)
      out.push(`  - ${mdEv(v.field, 80)} = ${mdEv(h, 600)}${h !== v.value ? ` (${mdEv(v.value, 80)})` : ''} · ${fmtInt(v.count)} event${v.count === 1 ? '' : 's'}, e.g. ${refs(cd, [v.event])}`)
    }
    if (vals.length > 12) out.push(`  - +${fmtInt(vals.length - 12)} more distinct values`)
  }
  if (f.sources?.length) {
    out.push('- Public sources:')
    for (const s of f.sources) {
      // Markdown stays free of live links and raw HTML (its safety contract); the HTML report links sources
      const url = mdEv(s.url, 600)
      out.push(`  - ${mdEv(s.publisher, 200)}: ${mdEv(s.title, 400)}${s.grade ? ` (grade ${mdEv(s.grade, 20)})` : ''}: ${url}`)
    }
  }
  out.push(`- Supporting events: ${refs(cd, f.events, 12)}`, '')
  return out.join('\n') + '\n'
}

function eventCell(e: TimelineEvent): string {
  const parts = [mdEv(e.message, 2000)]
  const keys = Object.keys(e.fields).sort(byCode)
  if (keys.length) {
    parts.push(keys.slice(0, 16).map((k) => `**${mdEv(k, 60)}**=${mdEv(e.fields[k], 400)}`).join('; ') + (keys.length > 16 ? `; +${keys.length - 16} more fields` : ''))
  }
  if (e.raw !== undefined && e.raw !== '') parts.push(`raw: ${mdEv(e.raw, 400)}`)
  return parts.join(' · ')
}

function timeCell(e: TimelineEvent): string {
  if (e.time === null) return 'no time'
  const notes = [e.timeBasis === 'utc' || e.timePrecision === 'day' ? '' : e.timeBasis, e.timePrecision === 'day' ? 'date only' : e.timePrecision === 'minute' ? 'minute precision' : ''].filter(Boolean)
  return humanTime(e.time, e.timePrecision) + (notes.length ? ` (${notes.join(', ')})` : '')
}

/** A generated sentence: tool wording escaped, evidence parts capped, defanged and escaped. */
const mdS = (s: Sentence): string => s.map((p) => (typeof p === 'string' ? mdT(p) : mdEv(p.ev, 300))).join('')

function keyFacts(cd: CaseDigest, f: CaseFacts): string {
  const out = ['### Key facts', '', `#### Remote sessions (${fmtInt(f.sessions.length)})`, '']
  if (f.sessions.length) {
    out.push(table(['tool', 'direction', 'remote ID / alias / account', 'address', 'start (UTC)', 'duration', 'files moved', 'event'], f.sessions.map((s) => [
      mdEv(toolName(s.tool), 60), s.direction ? mdEv(s.direction, 20) : 'not recorded',
      [s.remoteId ? mdEv(s.remoteId, 80) : '', s.alias ? `“${mdEv(s.alias, 80)}”` : '', s.account ? mdEv(s.account, 200) : ''].filter(Boolean).join(' '),
      s.addresses.map((x) => mdEv(x, 80)).join(', ') || 'not recorded', humanTime(s.start, s.precision),
      s.durationS !== undefined ? humanDuration(s.durationS) : 'unknown', s.files.map((x) => mdEv(x, 200)).join(', '), refs(cd, [s.event]),
    ])))
  } else out.push('No remote-control session was found in the evidence read.', '')
  out.push(`#### Accounts and identifiers (${fmtInt(f.ids.length)})`, '')
  if (f.ids.length) {
    out.push(table(['what', 'value', 'tool', 'first seen (UTC)', 'records', 'event'], f.ids.map((r) => [
      mdT(r.kind), mdEv(r.value, 300), r.tools.map((t) => mdEv(toolName(t), 60)).join(', '), humanTime(r.first, r.precision), fmtInt(r.count), refs(cd, [r.event]),
    ])))
  } else out.push('No account or remote-access identifier was found.', '')
  for (const t of f.tables) {
    out.push(`#### ${t.title}`, '', table(['time (UTC)', 'what the evidence shows', 'indicator', 'event'], [
      ...t.rows.map((r) => [humanTime(r.time, r.precision), mdEv(r.what, 400), r.indicators.map((x) => mdEv(x, 40)).join(', '), refs(cd, [r.event])]),
      ...(t.more ? [[' ', `+${fmtInt(t.more)} more in the timeline`, ' ', ' ']] : []),
    ]))
  }
  return out.join('\n') + '\n'
}

function caseHead(cd: CaseDigest): string {
  const c = cd.c
  const a = c.assessment
  const f = caseFacts(cd)
  const out = [`## Case ${cd.n}: ${mdEv(c.id, 300)}`, '', `Evidence: ${mdEv(c.evidence, 600)}`, '', '### Executive summary', '',
    `**${mdS(f.verdict)}**${f.decidedBy.length ? ' ' + mdS(f.decidedBy) : ''}`, '']
  for (const s of f.facts) out.push(`- ${mdS(s)}`)
  if (f.facts.length) out.push('')
  out.push(f.notEvaluated.length ? `**Could not be evaluated** from this evidence: ${f.notEvaluated.map(mdS).join('; ')}.` : 'Every indicator area could be evaluated from the evidence read.', '',
    `**${mdT(f.caveat)}**`, '', `Score ${a.score}/100 · categories: ${a.categories.length ? a.categories.join(', ') : 'none'}`, '', '#### How the level was computed', '')
  for (const r of a.reasons) out.push(`- ${mdEv(r, 1000)}`)
  if (a.reasons.length) out.push('')
  out.push(keyFacts(cd, f))
  out.push(cd.findings.length ? `### Findings (${fmtInt(cd.findings.length)})` : '### Findings', '')
  if (!cd.findings.length) out.push('No indicator matched.', '')
  return out.join('\n') + '\n' + f.findings.map((x) => finding(cd, f, x)).join('')
}

function activity(cd: CaseDigest): string {
  const a = cd.c.activity
  if (!a) return '### Activity by hour and weekday\n\nNot drawn: no claimed time zone was given (--claimed-tz).\n\n'
  const fit = a.bestFitUtcOffset !== undefined ? ` · best-fit working-day offset UTC${a.bestFitUtcOffset >= 0 ? '+' : ''}${a.bestFitUtcOffset}` : ''
  const hours = Array.from({length: 24}, (_, h) => String(h).padStart(2, '0'))
  const rows = WEEKDAYS.map((day, d) => [day, ...hours.map((_, h) => String(a.histogram[d]?.[h] ?? 0))])
  return `### Activity by hour and weekday in ${mdEv(a.zone, 80)}\n\n${fmtInt(a.total)} ten-minute slots of human activity on ${fmtInt(a.days)} local days · ${Math.round(a.nightShare * 1000) / 10}% at night (22:00-06:00)${fit}${a.sufficient ? '' : ' · **too little evidence for a time-of-activity finding**'}\n\n` +
    table(['day', ...hours], rows) + '\n'
}

function timelineHead(cd: CaseDigest): string {
  const out = [`### Timeline of relevant events (${fmtInt(cd.relevant.length)})`, '',
    'Events tied to findings or cross-case links, remote sessions (remote\\_access.\\*), downloads (browser.download) and program installs (program.installed). Times are UTC.', '']
  if (cd.restTotal > 0) out.push(`Not shown here: ${fmtInt(cd.restTotal)} other event${cd.restTotal === 1 ? '' : 's'} (${cd.rest.map(([t, k]) => `${mdT(t)}: ${fmtInt(k)}`).join(', ')}). The full timeline is in the JSONL or CSV export (dprk-triage scan … --format jsonl or --format csv).`, '')
  else out.push('Every event of the case is shown.', '')
  if (cd.cutRows > 0) out.push(`**${fmtInt(cd.cutRows)} further relevant events are not listed** (limit ${fmtInt(cd.relevant.length)} rows); see the JSONL or CSV export.`, '')
  if (cd.relevant.length === 0) out.push('No relevant events.', '')
  return out.join('\n') + '\n'
}

const TIMELINE_HEAD = ['event id', 'time (UTC)', 'type', 'event', 'indicators', 'source']

function timelineRow(cd: CaseDigest, e: TimelineEvent): string[] {
  const sev = cd.severity.get(e.id)
  const inds = (cd.indicators.get(e.id) ?? []).map((x) => mdEv(x, 40)).join(', ')
  return [mdEv(cd.label.get(e.id)!, 120), timeCell(e), mdT(e.type), eventCell(e), `${sev ? `**${sev}** ` : ''}${inds}`, `${mdEv(e.artifact, 300)} · ${mdEv(e.location, 120)}`]
}

/** Notes (a dirty hive and its replayed logs) and hashed side files, after the warnings. */
function artifactFacts(a: CaseDigest['c']['artifacts'][number]): string {
  const parts = [
    ...(a.notes ?? []).map((n) => `note: ${mdEv(n, 600)}`),
    ...(a.sideFiles ?? []).map((f) => `side file: ${mdEv(f.path, 600)} (${fmtInt(f.size)} bytes, SHA-256 ${mdEv(f.sha256, 80)})`),
  ]
  return parts.length ? (a.warnings.length ? '; ' : '') + parts.join('; ') : ''
}

function inventory(cd: CaseDigest): string {
  const c = cd.c
  let out = `### Artifact inventory (${fmtInt(c.artifacts.length)})\n\n`
  if (c.artifacts.length === 0) out += 'No artifact was recognised.\n\n'
  else {
    out += table(['path', 'kind', 'bytes', 'SHA-256', 'status', 'events', 'warnings'], c.artifacts.map((a) => [
      mdEv(a.path, 600) + (a.logicalPath && a.logicalPath !== a.path ? ` (${mdEv(a.logicalPath, 600)})` : ''), mdT(a.kind), fmtInt(a.size), mdEv(a.sha256, 80), a.status, fmtInt(a.events),
      a.warnings.slice(0, 50).map((w) => mdEv(w, 600)).join('; ') + (a.warnings.length > 50 ? `; +${fmtInt(a.warnings.length - 50)} more` : '') + artifactFacts(a),
    ])) + '\n'
  }
  if (c.warnings.length) {
    out += '#### Evidence warnings\n\n' + c.warnings.slice(0, 200).map((w) => `- ${mdEv(w, 600)}\n`).join('') + (c.warnings.length > 200 ? `- +${fmtInt(c.warnings.length - 200)} more (in the JSON report)\n` : '') + '\n'
  }
  if (c.suppressions?.length) {
    out += '#### Suppressed by the allow list\n\n' + table(['indicator', 'title', 'events', 'reason', 'origin'], c.suppressions.map((s) => [mdEv(s.indicator, 40), mdEv(s.title, 300), fmtInt(s.events), mdEv(s.reason, 600), mdEv(s.origin, 300)])) + '\n'
  }
  return out
}

function links(report: Report, d: ReportDigest): string {
  let out = '## Cross-case links\n\n'
  for (const n of sameHostNotes(report)) {
    const ids = n.identity.map((v) => `${identityLabel(v.type)} ${mdEv(v.value, 200)}`).join('; ') || 'none'
    const files = n.identicalArtifacts.slice(0, 5).map((a) => `${mdEv(a.logicalPath, 300)} (SHA-256 ${a.sha256.slice(0, 16)}…)`).join(', ') + (n.identicalArtifacts.length > 5 ? `, +${fmtInt(n.identicalArtifacts.length - 5)} more (in the JSON report)` : '')
    const values = n.notLinks.slice(0, 10).map((v) => `${mdT(v.type)} ${mdEv(v.value, 200)}`).join(', ') + (n.notLinks.length > 10 ? `, +${fmtInt(n.notLinks.length - 10)} more` : '')
    out += `### Same host, ${collectedTimes(n.cases.length)}\n\n${n.cases.map((id) => mdEv(id, 120)).join(', ')} are collections of one machine, not linked cases. Shared identity: ${ids}${n.identicalArtifacts.length ? `; ${fmtInt(n.identicalArtifacts.length)} byte-identical artifact file${n.identicalArtifacts.length === 1 ? '' : 's'}: ${files}` : ''}.\n\n`
    out += `${n.notLinks.length ? `Values only these collections share are this machine's own and are not cross-case links (${fmtInt(n.notLinks.length)}): ${values}.` : 'They share no value that would otherwise be a link.'} Values also seen on other hosts stay links.\n\n`
  }
  if (!report.links.length) return out + (sameHostNotes(report).length ? 'No value is shared between different hosts.\n\n' : report.cases.length > 1 ? 'No value is shared between the cases.\n\n' : report.cases.length === 1 ? 'One case only: nothing to link.\n\n' : 'No case: nothing to link.\n\n')
  out += table(['type', 'shared value', 'cases', 'supporting events'], report.links.map((l) => {
    const labels = l.events.map((id) => locateEvent(d, id, l.cases)?.label.get(id) ?? mdEv(id, 80))
    return [mdT(l.type), mdEv(l.value, 600), l.cases.map((x) => mdEv(x, 120)).join(', '), labels.slice(0, 40).join(', ') + (labels.length > 40 ? ` (+${fmtInt(labels.length - 40)} more)` : '')]
  }))
  return out + '\n'
}

function method(report: Report, d: ReportDigest): string {
  const m = report.method
  const out = ['## Method and limitations', '', `Made by dprk-triage ${mdEv(report.generator.version, 64)}.`, '',
    `Command line: ${report.command ? mdEv(report.command, 4000) : 'not recorded'}`, '']
  if (m) {
    out.push(`Indicator pack **${mdEv(m.indicatorPack.id, 80)}** version **${mdEv(m.indicatorPack.version, 40)}**, ${fmtInt(m.indicatorPack.indicators)} indicators${m.indicatorPack.loaded.length ? `; loaded: ${m.indicatorPack.loaded.map((x) => mdEv(x, 300)).join(', ')}` : ''}.`, '')
    out.push(m.allowlist?.length ? `Allow list: ${m.allowlist.map((x) => mdEv(x, 300)).join(', ')}.` : 'No allow list was used.', '')
    const host = m.hostTz && Object.keys(m.hostTz).length
      ? ` Host time zones: ${Object.keys(m.hostTz).sort(byCode).map((k) => `${mdEv(k, 120)} = ${mdEv(m.hostTz![k], 80)}`).join(', ')}, applied only to sources that write local time: ${mdEv((m.hostTzKinds ?? []).join(', ') || 'none', 2000)}. Sources that record UTC or state their offset were not converted.`
      : ' No host time zone was given: zone-less source times were read as UTC.'
    out.push(`Claimed time zone: ${m.claimedTz ? mdEv(m.claimedTz, 80) : 'not given (no activity heatmap)'}.${host}`, '')
  } else out.push('The report does not record the indicator pack or the parsers used.', '')
  out.push('### What was and was not evaluable', '',
    'Only the artifact kinds below can be read. A kind marked “not found” was absent from the evidence, so nothing can be concluded from it; evidence of other kinds (other tools, other browsers, memory, network logs) was not examined.', '')
  if (d.kinds.length) {
    out.push(table(['artifact kind', 'parser', 'in this evidence'], d.kinds.map((k) => [
      mdT(k.kind), k.title ? mdTool(k.title, 200) : 'no parser',
      k.artifacts > 0 ? `found: ${fmtInt(k.artifacts)} artifact${k.artifacts === 1 ? '' : 's'} (${k.statuses}), ${fmtInt(k.events)} events` : 'not found in the evidence',
    ])))
  } else out.push('No parser list recorded.', '')
  const failed = d.cases.reduce((t, cd) => t + cd.c.artifacts.filter((a) => a.status !== 'parsed').length, 0)
  const shown = d.cases.reduce((t, cd) => t + cd.relevant.length, 0)
  const total = d.cases.reduce((t, cd) => t + cd.total, 0)
  out.push(`${fmtInt(failed)} artifact${failed === 1 ? '' : 's'} could not be read completely (status partial, failed or unsupported; see each case's inventory).`, '',
    `This report lists ${fmtInt(shown)} of ${fmtInt(total)} events; the JSONL and CSV exports hold all of them. Long evidence values are cut with a marker. URLs and domains are defanged (hxxps://example\\[.\\]com) and never live links; invisible and bidi control characters are shown as symbols (␛, ⟨U+202E⟩).`, '',
    '### Time conventions', '', 'All times are UTC, ISO 8601 with Z. Each event\'s time basis says where its zone came from:', '')
  for (const [k, v] of Object.entries(TIME_BASIS_MEANING)) out.push(`- ${mdT(k)}: ${v}`)
  out.push('', 'Times are shown to the precision their source recorded; install dates and other day-precision values are shown as dates. JSON, JSONL and CSV write every time with six fraction digits (µs), so they sort as text, and say in timePrecision what the source had.', '',
    'Indicator findings are leads for identity and employment checks, not proof: each lists its public sources and known false positives.', '')
  return out.join('\n')
}

export async function writeMarkdown(report: Report, out: Writable): Promise<void> {
  const d = await digestReport(report)
  await writeChunk(out, header(report, d) + '\n')
  for (const cd of d.cases) {
    await writeChunk(out, caseHead(cd) + activity(cd) + timelineHead(cd))
    if (cd.relevant.length) {
      let buf = table(TIMELINE_HEAD, []).replace(/\n$/, '\n')
      for (const e of cd.relevant) {
        buf += `| ${timelineRow(cd, e).map((c) => (c === '' ? ' ' : c)).join(' | ')} |\n`
        if (buf.length >= 256 * 1024) {
          await writeChunk(out, buf)
          buf = ''
        }
      }
      await writeChunk(out, buf + '\n')
    }
    await writeChunk(out, inventory(cd))
  }
  await writeChunk(out, links(report, d) + method(report, d))
}
