// The sections of the HTML report. Evidence goes through `ev()` (capped, defanged, escaped,
// invisible characters shown); everything else through the escaping `html` tag. No evidence is
// ever placed in an href, src, style or event-handler attribute: links are in-page anchors built
// from case and event positions only.
import type {ActivityProfile, ArtifactRecord, Finding, Link, Report, TimelineEvent} from '../../lib/model.js'
import {fmtInt} from '../escape.js'
import {type CaseDigest, type KindRow, type ReportDigest, TIME_BASIS_MEANING, byCode, locateEvent} from './digest.js'
import {heatmapSvg} from './heatmap.js'
import {displayTime, isDateOnly} from '../time-display.js'
import {Html, html, ev} from './tag.js'

/** How many supporting-event anchors a finding lists before "+N more". */
const MAX_EVENT_LINKS = 60

function sevBadge(s: string): Html {
  return html`<span class="sev s-${s}">${s}</span>`
}

function eventRefs(cd: CaseDigest, ids: readonly string[], max = MAX_EVENT_LINKS): Html {
  const shown = ids.slice(0, max).map((id) => {
    const a = cd.anchor.get(id)
    const label = cd.label.get(id)
    if (a) return html`<a href="#${a}">${label}</a>`
    return label ? html`<span class="mut">${label}</span>` : html`<span class="mut">${ev(id, 80)}</span>`
  })
  const more = ids.length > max ? html`<span class="mut">+${fmtInt(ids.length - max)} more (all are in the timeline)</span>` : ''
  return html`<span class="evs">${shown}${more}</span>`
}

export function header(report: Report, d: ReportDigest): Html {
  const gen = report.generatedAt ? html`<p class="mut" id="generated-at">Generated at ${ev(report.generatedAt, 64)}</p>\n` : ''
  const rows = d.cases.map((cd) => {
    const a = cd.c.assessment
    return html`<tr><td><a href="#case-${cd.n}">${ev(cd.c.id, 200)}</a></td><td><span class="lvl s-${a.level}">${a.level === 'not-evaluated' ? 'not evaluated' : a.level}</span></td><td>${a.level === 'not-evaluated' ? '–' : a.score}</td><td>${fmtInt(cd.c.findings.length)}</td><td>${fmtInt(cd.total)}</td><td>${fmtInt(cd.c.artifacts.length)}</td></tr>`
  })
  const toc = d.cases.map((cd) => html`<li><a href="#case-${cd.n}">Case ${cd.n}: ${ev(cd.c.id, 120)}</a></li>`)
  return html`<header><h1>dprk-triage report</h1>
<p class="mut">dprk-triage ${ev(report.generator.version, 64)} · ${fmtInt(report.cases.length)} case${report.cases.length === 1 ? '' : 's'} · all times UTC</p>
${gen}</header>
<nav><h2 id="contents">Contents</h2><ul>${toc}<li><a href="#links">Cross-case links</a></li><li><a href="#method">Method and limitations</a></li></ul></nav>
<section id="summary"><h2>Verdicts</h2><table><thead><tr><th>case</th><th>level</th><th>score (0-100)</th><th>findings</th><th>events</th><th>artifacts</th></tr></thead><tbody>${rows}</tbody></table></section>`
}

function verdict(cd: CaseDigest): Html {
  const a = cd.c.assessment
  const reasons = a.reasons.length ? html`<ul>${a.reasons.map((r) => html`<li>${ev(r, 1000)}</li>`)}</ul>` : html`<p class="mut">No reasons recorded.</p>`
  return html`<div class="verdict l-${a.level}" id="verdict-${cd.n}"><p class="big">${a.level === 'not-evaluated' ? html`<span class="lvl s-not-evaluated">not evaluated</span> · nothing in this evidence could be read: no verdict, not a clean result` : html`Level <span class="lvl s-${a.level}">${a.level}</span> · score ${a.score}/100`}</p>
<p>Categories: ${a.categories.length ? a.categories.join(', ') : 'none'}</p>${reasons}</div>`
}

function findingBlock(cd: CaseDigest, f: Finding, i: number): Html {
  const day = cd.dateOnlyEnds.get(f.indicator)
  const end = (t: string | null, dateOnly: boolean | undefined) => (t === null ? '?' : displayTime(t, dateOnly ? 'day' : undefined))
  const range = f.first || f.last ? html`<span>${ev(end(f.first, day?.first), 40)} to ${ev(end(f.last, day?.last), 40)}</span>` : html`<span class="mut">no timed events</span>`
  const sources = f.sources?.length
    ? html`<h4>Public sources</h4><ul>${f.sources.map((s) => html`<li>${ev(s.publisher, 200)}: ${ev(s.title, 400)}${s.grade ? html` <span class="mut">(grade ${ev(s.grade, 20)})</span>` : ''} <span class="mono brk">${ev(s.url, 600)}</span></li>`)}</ul>`
    : ''
  const evidence = f.evidence?.length
    ? html`<h4>Matching values</h4><ul>${f.evidence.map((x) => html`<li>${eventRefs(cd, [x.event])} <code>${ev(x.field, 80)}</code> = <span class="mono brk">${ev(x.value, 600)}</span></li>`)}</ul>`
    : ''
  return html`<div class="finding" id="finding-${cd.n}-${i + 1}"><h4>${sevBadge(f.severity)} ${ev(f.indicator, 40)}: ${ev(f.title, 400)}</h4>
<p class="small">category ${f.category}${f.weight !== undefined ? html` · weight ${f.weight}` : ''}${f.modifierOnly ? ' · modifier only (never raises a level alone)' : ''} · ${fmtInt(f.events.length)} event${f.events.length === 1 ? '' : 's'} · ${range}</p>
${f.description ? html`<p>${ev(f.description, 2000)}</p>` : ''}${f.falsePositives ? html`<p class="small"><b>False positives:</b> ${ev(f.falsePositives, 2000)}</p>` : ''}
${evidence}${sources}<p class="small">Supporting events: ${eventRefs(cd, f.events)}</p></div>`
}

function findings(cd: CaseDigest): Html {
  if (cd.findings.length === 0) return html`<h3 id="findings-${cd.n}">Findings</h3><p>No indicator matched.</p>`
  return html`<h3 id="findings-${cd.n}">Findings (${fmtInt(cd.findings.length)})</h3>${cd.findings.map((f, i) => findingBlock(cd, f, i))}`
}

function fieldList(e: TimelineEvent): Html {
  const keys = Object.keys(e.fields).sort(byCode)
  if (keys.length === 0) return html``
  const shown = keys.slice(0, 16).map((k) => html`<span><b>${ev(k, 60)}</b>=${ev(e.fields[k], 400)}</span>`)
  return html`<span class="flds">${shown}${keys.length > 16 ? html`<span class="mut">+${keys.length - 16} more fields</span>` : ''}</span>`
}

function timeCell(e: TimelineEvent): Html {
  if (e.time === null) return html`<span class="mut">no time</span>`
  if (isDateOnly(e)) return html`<span class="mono">${ev(displayTime(e.time, 'day'), 40)}</span><br><span class="small mut">date only</span>`
  const basis = e.timeBasis === 'utc' ? '' : html`<br><span class="small mut">${e.timeBasis}</span>`
  const prec = e.timePrecision === 'minute' || e.timePrecision === 'second' ? html`<br><span class="small mut">${e.timePrecision} precision</span>` : ''
  return html`<span class="mono">${ev(displayTime(e.time, e.timePrecision), 40)}</span>${basis}${prec}`
}

/** One timeline row; the attributes carry the filter keys (type from the parser, severity from findings). */
export function timelineRow(cd: CaseDigest, e: TimelineEvent): Html {
  const sev = cd.severity.get(e.id) ?? 'none'
  const inds = cd.indicators.get(e.id) ?? []
  const raw = e.raw !== undefined && e.raw !== '' ? html`<span class="raw">${ev(e.raw, 400)}</span>` : ''
  return html`<tr id="${cd.anchor.get(e.id)!}" data-type="${e.type}" data-sev="${sev}"><td class="mono">${cd.label.get(e.id)!}</td><td>${timeCell(e)}</td><td class="mono">${e.type}</td><td>${ev(e.message, 2000)}${fieldList(e)}${raw}</td><td>${sev === 'none' ? '' : sevBadge(sev)} ${inds.map((x, i) => html`${i ? ', ' : ''}${ev(x, 40)}`)}</td><td class="small">${ev(e.artifact, 300)}<br><span class="mut">${ev(e.location, 120)}</span></td></tr>`
}

export function timelineHead(cd: CaseDigest): Html {
  const types = [...new Set(cd.relevant.map((e) => e.type))].sort(byCode)
  const id = `timeline-${cd.n}`
  const filters = html`<div class="filters" hidden data-for="tl-${cd.n}"><label>Text <input class="f-text" type="search" placeholder="message, field, source…"></label>
<label>Type <select class="f-type"><option value="">all types</option>${types.map((t) => html`<option value="${t}">${t}</option>`)}</select></label>
<label>Severity <select class="f-sev"><option value="">all events</option><option value="info">tied to a finding</option><option value="low">low or above</option><option value="medium">medium or above</option><option value="high">high or above</option><option value="critical">critical</option></select></label>
<span class="f-count mut">${fmtInt(cd.relevant.length)} of ${fmtInt(cd.relevant.length)} events shown</span></div>`
  const rest = cd.restTotal > 0
    ? html`<p class="small">Not shown here: ${fmtInt(cd.restTotal)} other event${cd.restTotal === 1 ? '' : 's'} (${cd.rest.map(([t, k], i) => html`${i ? ', ' : ''}${t}: ${fmtInt(k)}`)}). The full timeline is in the JSONL or CSV export (<code>dprk-triage scan … --format jsonl</code> or <code>--format csv</code>).</p>`
    : html`<p class="small">Every event of the case is shown.</p>`
  const cut = cd.cutRows > 0 ? html`<p class="small"><b>${fmtInt(cd.cutRows)} further relevant events are not drawn</b> (limit ${fmtInt(cd.relevant.length)} rows); see the JSONL or CSV export.</p>` : ''
  return html`<h3 id="${id}">Timeline of relevant events (${fmtInt(cd.relevant.length)})</h3>
<p class="small mut">Events tied to findings or cross-case links, remote sessions (remote_access.*), downloads (browser.download) and program installs (program.installed). Times are UTC.</p>
${rest}${cut}${filters}<div class="tlw" id="tl-${cd.n}"><div class="chunk"><table class="tl">${COLS}<thead><tr><th>#</th><th>time (UTC)</th><th>type</th><th>event</th><th>indicators</th><th>source</th></tr></thead><tbody>`
}

const COLS = html`<colgroup><col class="c-n"><col class="c-t"><col class="c-ty"><col><col class="c-i"><col class="c-s"></colgroup>`

/** Rows per chunk: each chunk is laid out only when it nears the viewport (content-visibility). */
export const CHUNK_ROWS = 500

/** Closes a chunk of timeline rows and opens the next (same fixed column widths). */
export const timelineBreak = (): Html => html`</tbody></table></div>\n<div class="chunk"><table class="tl">${COLS}<tbody>`

export const timelineTail = (cd: CaseDigest): Html =>
  cd.relevant.length === 0 ? html`<tr><td colspan="6" class="mut">No relevant events.</td></tr></tbody></table></div></div>` : html`</tbody></table></div></div>`

export function activity(cd: CaseDigest): Html {
  const a: ActivityProfile | undefined = cd.c.activity
  if (!a) return html`<h3 id="activity-${cd.n}">Activity by hour and weekday</h3><p class="mut">Not drawn: no claimed time zone was given (<code>--claimed-tz</code>).</p>`
  const fit = a.bestFitUtcOffset !== undefined ? html` · best-fit working-day offset UTC${a.bestFitUtcOffset >= 0 ? '+' : ''}${a.bestFitUtcOffset}` : ''
  return html`<h3 id="activity-${cd.n}">Activity by hour and weekday in ${ev(a.zone, 80)}</h3>
<p class="small">${fmtInt(a.total)} ten-minute slots of human activity on ${fmtInt(a.days)} local days · ${Math.round(a.nightShare * 1000) / 10}% at night (22:00-06:00)${fit}${a.sufficient ? '' : html` · <b>too little evidence for a time-of-activity finding</b>`}</p>
${heatmapSvg(a)}`
}

function artifactRow(a: ArtifactRecord): Html {
  const logical = a.logicalPath && a.logicalPath !== a.path ? html`<br><span class="small mut">${ev(a.logicalPath, 600)}</span>` : ''
  const warnings = a.warnings.length
    ? html`<ul class="small">${a.warnings.slice(0, 50).map((w) => html`<li>${ev(w, 600)}</li>`)}${a.warnings.length > 50 ? html`<li class="mut">+${fmtInt(a.warnings.length - 50)} more warnings (in the JSON report)</li>` : ''}</ul>`
    : ''
  const facts = a.notes?.length || a.sideFiles?.length
    ? html`<ul class="small mut">${(a.notes ?? []).map((n) => html`<li>note: ${ev(n, 600)}</li>`)}${(a.sideFiles ?? []).map((f) => html`<li>side file: ${ev(f.path, 600)} (${fmtInt(f.size)} bytes, SHA-256 <span class="mono">${ev(f.sha256, 80)}</span>)</li>`)}</ul>`
    : ''
  return html`<tr><td class="brk">${ev(a.path, 600)}${logical}</td><td class="mono">${a.kind}</td><td>${fmtInt(a.size)}</td><td class="mono brk">${ev(a.sha256, 80)}</td><td>${sevlessStatus(a.status)}</td><td>${fmtInt(a.events)}</td><td>${warnings}${facts}</td></tr>`
}

const sevlessStatus = (s: string): Html => html`<span class="${s === 'parsed' ? '' : 'sev s-medium'}">${s}</span>`

export function inventory(cd: CaseDigest): Html {
  const c = cd.c
  const caseWarn = c.warnings.length
    ? html`<h4>Evidence warnings</h4><ul>${c.warnings.slice(0, 200).map((w) => html`<li>${ev(w, 600)}</li>`)}${c.warnings.length > 200 ? html`<li class="mut">+${fmtInt(c.warnings.length - 200)} more (in the JSON report)</li>` : ''}</ul>`
    : ''
  const supp = c.suppressions?.length
    ? html`<h4>Suppressed by the allow list</h4><table><thead><tr><th>indicator</th><th>title</th><th>events</th><th>reason</th><th>origin</th></tr></thead><tbody>${c.suppressions.map((s) => html`<tr><td>${ev(s.indicator, 40)}</td><td>${ev(s.title, 300)}</td><td>${fmtInt(s.events)}</td><td>${ev(s.reason, 600)}</td><td>${ev(s.origin, 300)}</td></tr>`)}</tbody></table>`
    : ''
  return html`<h3 id="artifacts-${cd.n}">Artifact inventory (${fmtInt(c.artifacts.length)})</h3>
<table><thead><tr><th>path</th><th>kind</th><th>bytes</th><th>SHA-256</th><th>status</th><th>events</th><th>warnings</th></tr></thead><tbody>${c.artifacts.length ? c.artifacts.map(artifactRow) : html`<tr><td colspan="7" class="mut">No artifact was recognised.</td></tr>`}</tbody></table>${caseWarn}${supp}`
}

export function caseOpen(cd: CaseDigest): Html {
  const c = cd.c
  return html`<section id="case-${cd.n}"><h2>Case ${cd.n}: ${ev(c.id, 300)}</h2><p class="small mut">Evidence: <span class="brk">${ev(c.evidence, 600)}</span></p>
${verdict(cd)}${findings(cd)}`
}

export function links(report: Report, d: ReportDigest): Html {
  const row = (l: Link) => {
    const byCase = new Map<CaseDigest, string[]>()
    for (const id of l.events) {
      const cd = locateEvent(d, id, l.cases)
      if (!cd) continue
      const list = byCase.get(cd) ?? []
      list.push(id)
      byCase.set(cd, list)
    }
    const refs = [...byCase.entries()].sort((a, b) => a[0].n - b[0].n).map(([cd, ids], i) => html`${i ? ' ' : ''}${eventRefs(cd, ids, 20)}`)
    const cases = l.cases.map((id, i) => {
      const cd = d.cases.find((x) => x.c.id === id)
      return html`${i ? ', ' : ''}${cd ? html`<a href="#case-${cd.n}">${ev(id, 120)}</a>` : ev(id, 120)}`
    })
    return html`<tr><td class="mono">${l.type}</td><td class="mono brk">${ev(l.value, 600)}</td><td>${cases}</td><td>${refs}</td></tr>`
  }
  const body = report.links.length
    ? html`<table><thead><tr><th>type</th><th>shared value</th><th>cases</th><th>supporting events</th></tr></thead><tbody>${report.links.map(row)}</tbody></table>`
    : html`<p>${report.cases.length > 1 ? 'No value is shared between the cases.' : report.cases.length === 1 ? 'One case only: nothing to link.' : 'No case: nothing to link.'}</p>`
  return html`<section id="links"><h2>Cross-case links</h2>${body}</section>`
}

function kindRow(k: KindRow): Html {
  const found = k.artifacts > 0 ? html`found: ${fmtInt(k.artifacts)} artifact${k.artifacts === 1 ? '' : 's'} (${k.statuses}), ${fmtInt(k.events)} events` : html`<span class="mut">not found in the evidence</span>`
  return html`<tr><td class="mono">${k.kind}</td><td>${k.title ? ev(k.title, 200) : html`<span class="mut">no parser</span>`}</td><td>${found}</td></tr>`
}

export function method(report: Report, d: ReportDigest): Html {
  const m = report.method
  const pack = m
    ? html`<p>Indicator pack <b>${ev(m.indicatorPack.id, 80)}</b> version <b>${ev(m.indicatorPack.version, 40)}</b>, ${fmtInt(m.indicatorPack.indicators)} indicators${m.indicatorPack.loaded.length ? html`; loaded: ${m.indicatorPack.loaded.map((x, i) => html`${i ? ', ' : ''}<span class="mono brk">${ev(x, 300)}</span>`)}` : ''}.</p>
${m.allowlist?.length ? html`<p>Allow list: ${m.allowlist.map((x, i) => html`${i ? ', ' : ''}<span class="mono brk">${ev(x, 300)}</span>`)}.</p>` : html`<p>No allow list was used.</p>`}
<p>Claimed time zone: ${m.claimedTz ? ev(m.claimedTz, 80) : 'not given (no activity heatmap)'}.${m.hostTz && Object.keys(m.hostTz).length ? html` Host time zones: ${Object.keys(m.hostTz).sort(byCode).map((k, i) => html`${i ? ', ' : ''}${ev(k, 120)} = ${ev(m.hostTz![k], 80)}`)}, applied only to sources that write local time: ${ev((m.hostTzKinds ?? []).join(', ') || 'none', 2000)}. Sources that record UTC or state their offset were not converted.` : ' No host time zone was given: zone-less source times were read as UTC.'}</p>`
    : html`<p class="mut">The report does not record the indicator pack or the parsers used.</p>`
  const failed = d.cases.flatMap((cd) => cd.c.artifacts.filter((a) => a.status !== 'parsed'))
  const evaluable = d.kinds.length
    ? html`<table><thead><tr><th>artifact kind</th><th>parser</th><th>in this evidence</th></tr></thead><tbody>${d.kinds.map(kindRow)}</tbody></table>`
    : html`<p class="mut">No parser list recorded.</p>`
  const basis = Object.entries(TIME_BASIS_MEANING).map(([k, v]) => html`<li><code>${k}</code>: ${v}</li>`)
  const shown = d.cases.reduce((t, cd) => t + cd.relevant.length, 0)
  const total = d.cases.reduce((t, cd) => t + cd.total, 0)
  return html`<section id="method"><h2>Method and limitations</h2>
<p>Made by dprk-triage ${ev(report.generator.version, 64)}.</p>
<p>Command line: ${report.command ? html`<code class="brk">${ev(report.command, 4000)}</code>` : html`<span class="mut">not recorded</span>`}</p>
${pack}
<h3>What was and was not evaluable</h3>
<p>Only the artifact kinds below can be read. A kind marked “not found” was absent from the evidence, so nothing can be concluded from it; evidence of other kinds (other tools, other browsers, memory, network logs) was not examined.</p>
${evaluable}
<p>${fmtInt(failed.length)} artifact${failed.length === 1 ? '' : 's'} could not be read completely (status partial, failed or unsupported; see each case's inventory).</p>
<p>This page shows ${fmtInt(shown)} of ${fmtInt(total)} events; the JSONL and CSV exports hold all of them. Long evidence values are cut for display with a marker. URLs and domains are shown defanged (<code>hxxps://example[.]com</code>) and never as live links; invisible and bidi control characters are shown as marked symbols (<span class="cc">␛</span>, <span class="cc">⟨U+202E⟩</span>).</p>
<h3>Time conventions</h3>
<p>All times are UTC, ISO 8601 with <code>Z</code>. Each event's time basis says where its zone came from:</p><ul>${basis}</ul>
<p>Times are shown to the precision their source recorded; install dates and other day-precision values are shown as dates. JSON, JSONL and CSV write every time with six fraction digits (µs), so they sort as text, and say in <code>timePrecision</code> what the source had.</p>
<p>Indicator findings are leads for identity and employment checks, not proof: each lists its public sources and known false positives.</p></section>`
}
